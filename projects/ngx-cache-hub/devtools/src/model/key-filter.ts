import type { KeyPattern } from 'ngx-cache-hub/core';

/**
 * Reads what a user typed as a key pattern: `/^products:/` is a RegExp, a text with `*` a glob
 * (`products:detail-*`), anything else a substring for filtering and an exact key for invalidation.
 * An invalid RegExp matches nothing rather than throwing: it is {@link invalidPattern}.
 */
export function keyFilter(text: string, mode: 'filter' | 'invalidate' = 'filter'): KeyPattern {
  const trimmed = text.trim();
  const slashed = /^\/(.+)\/([a-z]*)$/.exec(trimmed);
  if (slashed) {
    try {
      return new RegExp(slashed[1], slashed[2].replace(/[gy]/g, ''));
    } catch {
      return invalidPattern;
    }
  }
  if (trimmed.includes('*')) return new RegExp(`^${trimmed.split('*').map(escape).join('.*')}$`);
  return mode === 'invalidate' ? trimmed : (key: string) => key.includes(trimmed);
}

/** What an invalid `/RegExp/` reads as: it matches no key. */
export const invalidPattern = (): boolean => false;

/** Whether `pattern` accepts `key`. */
export function matchesKey(pattern: KeyPattern, key: string): boolean {
  if (typeof pattern === 'string') return pattern === key;
  if (pattern instanceof RegExp) return pattern.test(key);
  return pattern(key);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
