import fc from 'fast-check';
import type { OfflineAction } from './offline-action';
import { RemapResolver } from './remap-resolver';
import { storedAction } from './testing-internal/queue-storage-contract';

const update = (id: string, createdAt: number, target = 'tmp-1'): OfflineAction => storedAction(id, 'alice', { payload: { id: target }, createdAt });
const create = (id: string, createdAt: number, tempId = 'tmp-1'): OfflineAction =>
  storedAction(id, 'alice', { type: 'products/create', payload: { tempId }, createdAt, tempIds: [tempId] });

describe('RemapResolver', () => {
  const lamp = { entityType: 'products', tempId: 'tmp-1', serverId: 17, since: 10 };

  it('rewrites a temp id for actions enqueued since its create', () => {
    expect(new RemapResolver([lamp], []).payloadOf(update('u1', 11))).toEqual({ id: 17 });
  });

  it('rewrites by a create that synced after an earlier create of the temp id failed (still queued, dead-lettered)', () => {
    const failed = { ...create('c1', 5), status: 'failed' as const };
    expect(new RemapResolver([lamp], [failed]).payloadOf(update('u1', 11))).toEqual({ id: 17 });
    expect(new RemapResolver([lamp], [failed]).payloadOf(update('u0', 7))).toEqual({ id: 'tmp-1' }); // meant the failed create
  });

  it('leaves a temp id reused by a later create that is still queued', () => {
    const chair = create('c2', 20);
    expect(new RemapResolver([lamp], [chair]).payloadOf(update('u2', 21))).toEqual({ id: 'tmp-1' });
    expect(new RemapResolver([lamp], [chair]).payloadOf(chair)).toBe(chair.payload);
  });

  it("uses each create's own remap once both synced, by when the action was enqueued", () => {
    const chairRemap = { ...lamp, serverId: 18, since: 20 };
    const resolver = new RemapResolver([chairRemap, lamp], []);
    expect(resolver.payloadOf(update('old', 15))).toEqual({ id: 17 });
    expect(resolver.payloadOf(update('new', 25))).toEqual({ id: 18 });
  });

  it('applies a remap stored without a create time (older versions) unless a later create reused the temp id', () => {
    const legacy = { entityType: 'products', tempId: 'tmp-1', serverId: 17 };
    expect(new RemapResolver([legacy], []).payloadOf(update('u1', 5))).toEqual({ id: 17 });
    expect(new RemapResolver([legacy], [create('c2', 20)]).payloadOf(update('u2', 21))).toEqual({ id: 'tmp-1' });
  });

  it('never rewrites a temp id to a server id of a create enqueued after the action, nor when a later create reused it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 50 }), synced: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 50 }),
        (creates, at) => {
          const remaps = creates.flatMap((c, i) => (c.synced ? [{ entityType: 'p', tempId: 'tmp-1', serverId: 100 + i, since: c.at }] : []));
          const queued = creates.flatMap((c, i) => (c.synced ? [] : [create(`c${i}`, c.at)]));
          const result = (new RemapResolver(remaps, queued).payloadOf(update('u', at)) as { id: unknown }).id;
          // The update comes after every queued create (it is not in the queue yet): a queued create
          // keeps the temp id unless a create that synced came after it and no later than the
          // update; else one remap applies; else the latest created no later than the update, or
          // the latest of all when the clock went back.
          const synced = creates.map((c, i) => ({ ...c, i })).filter((c) => c.synced);
          const pick = (list: typeof synced) => list.reduce((best, c) => (c.at >= best.at ? c : best));
          const before = synced.filter((c) => c.at <= at);
          const lastQueued = Math.max(...creates.filter((c) => !c.synced).map((c) => c.at));
          const expected =
            synced.length === 0
              ? 'tmp-1'
              : queued.length > 0
                ? before.length && pick(before).at > lastQueued
                  ? 100 + pick(before).i
                  : 'tmp-1'
                : 100 + (synced.length === 1 ? synced[0] : pick(before.length ? before : synced)).i;
          expect(result).toBe(expected);
        },
      ),
    );
  });

  it('goes by queue order, not the clock: an update between two creates of one temp id, and a clock set back', () => {
    // A same-millisecond burst: create1 synced (17); U0 was queued before create2, U1 after it.
    const create2 = create('c2', 100);
    const u0 = update('u0', 100);
    const u1 = update('u1', 100);
    const first = { entityType: 'products', tempId: 'tmp-1', serverId: 17, since: 100 };
    const queue = [u0, create2, u1];
    expect(new RemapResolver([first], queue).payloadOf(u0)).toEqual({ id: 17 });
    expect(new RemapResolver([first], queue).payloadOf(u1)).toEqual({ id: 'tmp-1' });
    // create2 synced (18) with the clock set back an hour: U1 goes to 18, never 17 or the temp id.
    const second = { ...first, serverId: 18, since: 100 - 3_600_000 };
    expect(new RemapResolver([first, second], [u1]).payloadOf(update('u1', 100 - 3_600_000 + 5))).toEqual({ id: 18 });
    // One remap and an update enqueued after a reload with the clock behind its create: still rewritten.
    expect(new RemapResolver([first], []).payloadOf(update('late', 50))).toEqual({ id: 17 });
  });
});
