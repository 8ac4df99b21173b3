import { CacheHubError, type CacheHubErrorCode } from './cache-hub-error';
import { describe, NAMESPACE_SEPARATOR } from './cache-key';

/** Set to false by production builds (Angular CLI), which drops the dev-only code it guards. */
declare const ngDevMode: boolean | undefined;

/** Selects keys: an exact key, a RegExp tested against the key, or a predicate. */
export type KeyPattern = string | RegExp | ((key: string) => boolean);

/** A pattern ready to test keys; `namespace` is set when only that namespace's keys can match. */
export interface KeyMatcher {
  readonly exact?: string;
  readonly namespace?: string;
  test(key: string): boolean;
}

const ANCHORED_NAMESPACE = /^\^([A-Za-z0-9_$-]+):/;

/** Compiles a pattern; throws `InvalidPattern` for anything else. */
export function compileKeyPattern(pattern: KeyPattern): KeyMatcher {
  if (typeof pattern === 'string') {
    if (pattern.length === 0) throw invalid(pattern);
    const at = pattern.indexOf(NAMESPACE_SEPARATOR);
    return { exact: pattern, namespace: at > 0 ? pattern.slice(0, at) : undefined, test: (key) => key === pattern };
  }
  if (pattern instanceof RegExp) {
    const regex = pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
    return { namespace: anchoredNamespace(regex), test: (key) => regex.test(key) };
  }
  if (typeof pattern === 'function') return { test: (key) => pattern(key) === true };
  throw invalid(pattern);
}

/**
 * The namespace a RegExp is anchored to (`/^customers:/` -> `customers`), when that is certain:
 * no case-insensitive or multiline flag and no top-level alternation that could escape the anchor.
 */
function anchoredNamespace(regex: RegExp): string | undefined {
  if (regex.ignoreCase || regex.multiline) return undefined;
  const match = ANCHORED_NAMESPACE.exec(regex.source);
  if (!match || hasTopLevelAlternation(regex.source)) return undefined;
  return match[1];
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

function invalid(pattern: unknown): CacheHubError {
  return new CacheHubError(
    101 satisfies CacheHubErrorCode.InvalidPattern,
    (typeof ngDevMode === 'undefined' || ngDevMode) &&
      `A key pattern must be a non-empty string, a RegExp or a function, got ${describe(pattern)}. For a prefix use a RegExp such as /^customers:/`,
  );
}
