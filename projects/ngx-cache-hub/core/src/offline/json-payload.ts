import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { FORBIDDEN_KEYS } from '../hub/forbidden-keys';
import { MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_VALUES } from './json-depth';

declare const ngDevMode: boolean | undefined;

/** True for `{}`-like objects from this or another realm (IndexedDB, structured clone), false for class instances. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Why `value` cannot be stored as an action payload, or `null` when it is plain JSON data
 * (null, booleans, finite numbers, strings, arrays, plain objects, nested at most
 * `MAX_PAYLOAD_DEPTH` levels, at most `MAX_PAYLOAD_VALUES` values counted as a walk meets them)
 * free of prototype-polluting keys. Never overflows the stack, never walks for long.
 */
export function findPayloadProblem(value: unknown, path = 'payload'): string | null {
  return findProblem(value, path, new Set<object>(), 0, { visits: 0 });
}

/** The problem of a payload past the value budget. */
function tooMany(): string {
  return `payload holds more than ${MAX_PAYLOAD_VALUES} values (counting shared ones each time)`;
}

/** The walk; `depth` objects enclose `value`, so the recursion never goes past `MAX_PAYLOAD_DEPTH`. */
function findProblem(value: unknown, path: string, seen: Set<object>, depth: number, walk: { visits: number }): string | null {
  if (++walk.visits > MAX_PAYLOAD_VALUES) return tooMany();
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}, which JSON cannot hold`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}, which storage cannot hold`;
  if (seen.has(value)) return `${path} is a circular reference`;
  if (depth >= MAX_PAYLOAD_DEPTH) return `${path} is nested more than ${MAX_PAYLOAD_DEPTH} levels deep`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      // Checked before the walk: a sparse array of length 2^32-1 is a few bytes in storage.
      if (value.length > MAX_PAYLOAD_VALUES - walk.visits) return tooMany();
      for (let i = 0; i < value.length; i++) {
        const problem = value[i] === undefined ? `${path}[${i}] is undefined` : findProblem(value[i], `${path}[${i}]`, seen, depth + 1, walk);
        if (problem) return problem;
      }
      return null;
    }
    if (!isPlainRecord(value)) return `${path} is a ${value.constructor?.name ?? 'non-plain object'}; use plain objects (e.g. an ISO string for a Date)`;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `${path} has the forbidden key "${key}"`;
      const field = value[key];
      const problem = field === undefined ? null : findProblem(field, `${path}.${key}`, seen, depth + 1, walk);
      if (problem) return problem;
    }
    return null;
  } finally {
    seen.delete(value);
  }
}

/**
 * A detached copy of `payload` as plain JSON data; throws a `CacheHubError` (ForbiddenKey for
 * `__proto__`/`constructor`/`prototype`, InvalidActionPayload otherwise) when it is not storable.
 * The copy is checked too: a getter may give another value on the second read.
 */
export function toJsonPayload<P>(payload: P): P {
  if (payload === undefined) return payload;
  const problem = findPayloadProblem(payload);
  if (problem) throw payloadError(problem);
  let copy: P;
  try {
    copy = JSON.parse(JSON.stringify(payload)) as P;
  } catch (error) {
    throw payloadError((typeof ngDevMode === 'undefined' || ngDevMode) && `payload could not be copied as JSON (${String(error)})`);
  }
  const changed = findPayloadProblem(copy);
  if (changed) throw payloadError(changed);
  return copy;
}

function payloadError(problem: string | boolean): CacheHubError {
  const code =
    typeof problem === 'string' && problem.includes('forbidden key') ? (103 satisfies CacheHubErrorCode.ForbiddenKey) : (306 satisfies CacheHubErrorCode.InvalidActionPayload);
  return new CacheHubError(code, (typeof ngDevMode === 'undefined' || ngDevMode) && `the offline action ${problem}. Enqueue plain JSON data only.`);
}
