import { positionParam } from '../rest/query-params';
import type { EntityType } from '../store/entity-types';
import type { EventHub } from './event-hub';
import { subscribeAnswer } from './frames';

/**
 * The polling fallback, `GET /api/events?since=<epoch>:<seq>&types=...`: the serialized
 * response `{ epoch, seq, frames }` where `seq` is the head and `frames` the events after
 * `since` the caller may see, or one RESYNC_REQUIRED per type when `since` cannot be served.
 * Without `since` it only reports the head, to start polling from.
 */
export function pollEvents(hub: EventHub, rawSince: string | null, types: readonly EntityType[], userId: string | null): string {
  const since = positionParam(rawSince, 'since', hub.epoch);
  const { epoch, seq } = hub.position;
  let frames: string[] = [];
  if (since !== undefined) {
    const replay = hub.replay(since, new Set(types), userId);
    frames = replay.resync ? types.map((type) => JSON.stringify(subscribeAnswer('RESYNC_REQUIRED', type, epoch, seq))) : replay.events.map((event) => event.json);
  }
  return `{"epoch":${JSON.stringify(epoch)},"seq":${seq},"frames":[${frames.join(',')}]}`;
}
