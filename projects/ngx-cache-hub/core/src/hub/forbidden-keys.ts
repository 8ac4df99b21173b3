/** Keys that could pollute prototypes; frames, entities and stored payloads carrying them are refused. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The first own key of `value` that could pollute prototypes, if any. */
export function findForbiddenOwnKey(value: object): string | undefined {
  return Object.getOwnPropertyNames(value).find((key) => FORBIDDEN_KEYS.has(key));
}
