import type { EntityType } from '../store/entity-types';
import { parseSeq } from '../rest/query-params';
import type { EventHub } from './event-hub';
import { resyncFrame } from './frames';

/**
 * The polling fallback, `GET /api/events?since=<seq>&types=...`: the serialized response
 * `{ seq, frames }` where `seq` is the latest seq and `frames` the events after `since` the
 * caller may see (RESYNC_REQUIRED per type when they are gone). Without `since` it only
 * reports the latest seq, to start polling from.
 */
export function pollEvents(hub: EventHub, rawSince: string | null, types: readonly EntityType[], userId: string | null): string {
  const since = parseSeq(rawSince, 'since');
  const latest = hub.latestSeq;
  if (since === undefined) return `{"seq":${latest},"frames":[]}`;
  const replay = hub.replay(since, new Set(types), userId);
  const frames = replay.resync
    ? types.map((type) => JSON.stringify(resyncFrame(type, replay.latestSeq)))
    : replay.events.map((event) => event.json);
  return `{"seq":${latest},"frames":[${frames.join(',')}]}`;
}
