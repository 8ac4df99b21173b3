import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LocalBus } from './local-bus';
import { Simulator } from './simulator';
import { LiveStore } from './store/live-store';
import { EventHub } from './stream/event-hub';
import { waitUntil } from './testing/wait-until';

const START = Date.parse('2025-06-01T08:00:00.000Z');

/** A store, hub and simulator wired like the server, with a clock that advances 1 s per command. */
function simulation(seed: number) {
  const store = new LiveStore();
  const hub = new EventHub(5000, { epoch: 'simtest1', latestSeq: 0, droppedThrough: 0, events: [] });
  const bus = new LocalBus(store, hub);
  let clock = START;
  const sim = new Simulator({ store, submit: (command) => bus.submit(command), seed, now: () => (clock += 1000) });
  const run = (steps: number) => {
    for (let i = 0; i < steps; i++) sim.step();
    return hub.snapshot().events.map((event) => JSON.stringify(event));
  };
  return { store, hub, sim, run };
}

describe('Simulator', () => {
  it('produces the same events for the same seed', () => {
    const first = simulation(7).run(300);
    const second = simulation(7).run(300);
    assert.ok(first.length > 300, `expected more events than steps, got ${first.length}`);
    assert.deepEqual(second, first);
  });

  it('produces different events for another seed', () => {
    assert.notDeepEqual(simulation(7).run(100), simulation(8).run(100));
  });

  it('produces every kind of event: sales, new orders, progress, restocks, customer changes and bulk updates', () => {
    const { hub, run } = simulation(3);
    run(600);
    const frames = hub.snapshot().events.map(({ frame }) => frame);
    const kinds = new Set(frames.map((frame) => `${frame.type}:${frame.data.entityType}`));
    for (const kind of ['ENTITY_UPDATED:products', 'ENTITY_CREATED:orders', 'ENTITY_UPDATED:orders', 'ENTITY_UPDATED:customers', 'BULK_UPDATE:products']) {
      assert.ok(kinds.has(kind), `missing ${kind} in ${[...kinds].join(', ')}`);
    }
    const statuses = new Set(frames.flatMap((frame) => (frame.type === 'ENTITY_UPDATED' && frame.data.entityType === 'orders' ? [frame.data.changes['status']] : [])));
    for (const status of ['confirmed', 'shipped', 'delivered']) assert.ok(statuses.has(status), `no order reached ${status}`);
  });

  it('keeps the store consistent: stock never negative and equal to the variant sum, versions only grow', () => {
    const { store, hub, run } = simulation(11);
    run(800);
    for (const product of store.products.values()) {
      assert.ok(product.variants.every((variant) => variant.stock >= 0));
      assert.equal(
        product.stock,
        product.variants.reduce((sum, variant) => sum + variant.stock, 0),
      );
    }
    const lastVersion = new Map<string, number>();
    for (const { frame } of hub.snapshot().events) {
      const updates =
        frame.type === 'BULK_UPDATE'
          ? frame.data.updates
          : frame.type === 'ENTITY_UPDATED'
            ? [frame.data]
            : frame.type === 'ENTITY_CREATED'
              ? [{ entityId: frame.data.entity.id, version: frame.data.entity.version }]
              : [];
      for (const { entityId, version } of updates) {
        const key = `${frame.data.entityType}:${entityId}`;
        assert.ok(version > (lastVersion.get(key) ?? 0), `${key} went back to version ${version}`);
        lastVersion.set(key, version);
      }
    }
    const orderIds = new Set(store.orders.keys());
    for (const order of store.orders.values()) {
      const history = store.orderHistory.get(order.id)!;
      assert.equal(history.at(-1)!.version, order.version);
    }
    assert.ok(orderIds.size > 30, 'sales created orders');
  });

  it('drains and restocks: low-stock alerts fire and clear, and stock stays bounded', () => {
    const { store, sim } = simulation(5);
    const low = (id: string) => {
      const product = store.products.get(id)!;
      return product.stock <= product.lowStockThreshold;
    };
    const initialMax = Math.max(...[...store.products.values()].map((product) => product.stock));
    let wasLow = new Map([...store.products.keys()].map((id) => [id, low(id)]));
    let fired = 0;
    let cleared = 0;
    let maxStock = 0;
    for (let i = 0; i < 6000; i++) {
      sim.step();
      const now = new Map([...store.products.keys()].map((id) => [id, low(id)]));
      for (const [id, isLow] of now) {
        if (isLow && !wasLow.get(id)) fired++;
        if (!isLow && wasLow.get(id)) cleared++;
      }
      wasLow = now;
      for (const product of store.products.values()) maxStock = Math.max(maxStock, product.stock);
    }
    assert.ok(fired >= 5, `only ${fired} products fell to their low-stock threshold in 6000 steps`);
    assert.ok(cleared >= 5, `only ${cleared} low-stock products were restocked in 6000 steps`);
    const thresholdCap = Math.max(...[...store.products.values()].map((product) => product.lowStockThreshold)) + 30;
    assert.ok(maxStock <= Math.max(initialMax, thresholdCap), `stock grew to ${maxStock} (seed max ${initialMax})`);
    const finalMax = Math.max(...[...store.products.values()].map((product) => product.stock));
    assert.ok(finalMax <= Math.max(initialMax, thresholdCap), `stock ends at up to ${finalMax}`);
  });

  it('runs on a timer at the configured rate and stops at rate 0', async () => {
    const store = new LiveStore();
    const hub = new EventHub(1000);
    const bus = new LocalBus(store, hub);
    const sim = new Simulator({ store, submit: (command) => bus.submit(command), rate: 200, tickMs: 10 });
    try {
      await waitUntil(
        () => (hub.latestSeq >= 20 ? true : undefined),
        () => 'twenty events',
        2000,
      );
      sim.setRate(0);
      const stoppedAt = hub.latestSeq;
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(hub.latestSeq, stoppedAt);
      assert.throws(() => sim.setRate(-1), RangeError);
    } finally {
      sim.stop();
    }
  });
});
