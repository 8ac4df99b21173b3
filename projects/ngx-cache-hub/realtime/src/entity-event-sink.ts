import { InjectionToken } from '@angular/core';
import type { EntityEventSink } from 'ngx-cache-hub/core';

export type { EntityEventSink } from 'ngx-cache-hub/core';

/** The sink of real-time events; `withBatching()` replaces the default (apply at once). */
export const ENTITY_EVENT_SINK = new InjectionToken<EntityEventSink>(typeof ngDevMode === 'undefined' || ngDevMode ? 'ENTITY_EVENT_SINK' : '');
