import { DestroyRef, inject, signal } from '@angular/core';

const FLASH_MS = 1_600;

/**
 * Remembers which fields of which rows just changed, for a brief highlight: `observe` each new
 * list, `flashing(id, field)` in the template. The first list is not flashed (nothing changed).
 */
export function injectChangeFlash<T extends { id: string }>(fields: readonly (keyof T & string)[]) {
  const previous = new Map<string, T>();
  const active = signal<ReadonlyMap<string, number>>(new Map());
  const timers = new Set<ReturnType<typeof setTimeout>>();
  inject(DestroyRef).onDestroy(() => timers.forEach(clearTimeout));
  let first = true;
  return {
    observe(items: readonly T[]): void {
      const changed: string[] = [];
      for (const item of items) {
        const before = previous.get(item.id);
        if (before && !first) for (const field of fields) if (before[field] !== item[field]) changed.push(`${item.id}:${field}`);
        previous.set(item.id, item);
      }
      first = false;
      if (changed.length === 0) return;
      const token = Date.now() + Math.random();
      active.update((map) => {
        const next = new Map(map);
        for (const key of changed) next.set(key, token);
        return next;
      });
      const timer = setTimeout(() => {
        timers.delete(timer);
        active.update((map) => {
          const next = new Map(map);
          for (const key of changed) if (next.get(key) === token) next.delete(key);
          return next;
        });
      }, FLASH_MS);
      timers.add(timer);
    },
    /** Whether `field` of row `id` changed in the last moment. */
    flashing: (id: string, field: keyof T & string) => active().has(`${id}:${field}`),
  };
}
