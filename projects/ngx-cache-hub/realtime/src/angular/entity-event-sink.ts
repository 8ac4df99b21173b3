import { InjectionToken } from '@angular/core';
import type { EntityEvent } from 'ngx-cache-hub';

declare const ngDevMode: boolean | undefined;

/** Where received entity events go: straight into the store, or through the batcher. */
export interface EntityEventSink {
  push(event: EntityEvent): void;
  /** Applies whatever is buffered now. */
  flush(): void;
}

/** The sink of real-time events; `withBatching()` replaces the default (apply at once). */
export const ENTITY_EVENT_SINK = new InjectionToken<EntityEventSink>(typeof ngDevMode === 'undefined' || ngDevMode ? 'ENTITY_EVENT_SINK' : '');
