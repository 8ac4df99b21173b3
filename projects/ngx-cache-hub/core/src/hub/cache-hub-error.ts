/**
 * Every error the library raises carries one of these codes. Codes are stable and documented
 * in docs/errors.md; the number ranges group them by layer.
 *
 * Library code writes a code as `100 satisfies CacheHubErrorCode.InvalidKey`: the compiler checks
 * the number against its name, and apps that never read this enum do not ship it.
 */
export enum CacheHubErrorCode {
  // 1xx: keys and patterns
  InvalidKey = 100,
  InvalidPattern = 101,
  InvalidNamespace = 102,
  ForbiddenKey = 103,
  InvalidOption = 104,
  HubDestroyed = 105,
  AbsoluteKeyInNamespace = 106,
  // 2xx: entities and real-time
  InvalidEntity = 201,
  MalformedFrame = 202,
  UnknownFrameType = 203,
  TransportFailed = 204,
  HeartbeatTimeout = 205,
  InvalidMessageMapping = 206,
  ReservedFieldChanged = 207,
  // 3xx: offline queue
  UnknownActionType = 300,
  StorageFull = 301,
  CorruptStoredQueue = 302,
  StorageUnavailable = 303,
  ActionFailed = 304,
  NoUserScope = 305,
  InvalidActionPayload = 306,
  // 4xx: Angular integration
  MissingProvider = 400,
  ConflictingFeatures = 401,
  ResourceInErrorState = 402,
  MissingPackage = 403,
}

/** Set to false by production builds (Angular CLI), which drops the dev-only code it guards. */
declare const ngDevMode: boolean | undefined;

/**
 * The error type of ngx-cache-hub, and the one way the library raises errors. Production builds
 * (ngDevMode false) drop the long messages and keep the code, as Angular's own errors do. `code` says what went wrong; the message says what to do.
 *
 * @example
 * try { hub.set('', 1); } catch (e) { if (e instanceof CacheHubError && e.code === CacheHubErrorCode.InvalidKey) {...} }
 */
export class CacheHubError extends Error {
  override readonly name = 'CacheHubError';

  constructor(
    /** What went wrong: stable, documented in docs/errors.md (`NCH<code>`), kept in production builds. */
    readonly code: CacheHubErrorCode,
    /** What happened and what to do; empty in production builds. */
    message: string | false | null | undefined,
    options?: { cause?: unknown },
  ) {
    const detailed = (typeof ngDevMode === 'undefined' || ngDevMode) && message;
    super(`ngx-cache-hub: NCH${code}${detailed ? `: ${message} (see docs/errors.md#nch${code})` : ''}`, options);
  }
}
