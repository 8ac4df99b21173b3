import { DestroyRef, inject, signal, Signal } from '@angular/core';

/** A signal of the current time that ticks every second while its injection context lives. */
export function injectClock(): Signal<number> {
  const now = signal(Date.now());
  const timer = setInterval(() => now.set(Date.now()), 1000);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
