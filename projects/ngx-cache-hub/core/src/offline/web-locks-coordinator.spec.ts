import { FakeBroadcastNetwork } from './testing-internal/fake-broadcast-network';
import { FakeLockManager } from './testing-internal/fake-lock-manager';
import { flushAsyncWork } from './testing-internal/flush-async-work';
import { current } from './testing-internal/queue-test-kit';
import type { LockManagerLike } from './web-locks-coordinator';
import { WebLocksCoordinator } from './web-locks-coordinator';

describe('WebLocksCoordinator', () => {
  const grantLocks = () => flushAsyncWork(2);
  let locks: FakeLockManager;
  let network: FakeBroadcastNetwork;
  const tab = (tabId: string) => new WebLocksCoordinator({ locks, broadcastChannel: network.factory, tabId });

  beforeEach(() => {
    jest.useFakeTimers();
    locks = new FakeLockManager();
    network = new FakeBroadcastNetwork();
  });

  afterEach(() => jest.useRealTimers());

  it('lets the first tab lead while the second waits, then hands over when the first closes', async () => {
    const first = tab('a').join('alice');
    const second = tab('b').join('alice');
    await grantLocks();
    expect([current(first.leader$), current(second.leader$)]).toEqual([true, false]);
    first.close();
    await grantLocks();
    expect(current(second.leader$)).toBe(true);
    expect(locks.isHeld('ngx-cache-hub:offline:alice')).toBe(true);
  });

  it('gives up its place in line when closed before it got the lock', async () => {
    const first = tab('a').join('alice');
    const second = tab('b').join('alice');
    await grantLocks();
    second.close();
    first.close();
    await grantLocks();
    expect(locks.isHeld('ngx-cache-hub:offline:alice')).toBe(false);
  });

  it('uses one lock per user scope', async () => {
    const alice = tab('a').join('alice');
    const bob = tab('b').join('bob');
    await grantLocks();
    expect([current(alice.leader$), current(bob.leader$)]).toEqual([true, true]);
  });

  it('carries change notices to the other tabs of the scope only', async () => {
    const sender = tab('a').join('alice');
    const sameScope = tab('b').join('alice');
    const otherScope = tab('c').join('bob');
    const heard = { same: jest.fn(), other: jest.fn(), self: jest.fn() };
    sameScope.changes$.subscribe(heard.same);
    otherScope.changes$.subscribe(heard.other);
    sender.changes$.subscribe(heard.self);
    sender.notifyChange({ remaps: [{ entityType: 'products', tempId: 't', serverId: 1 }] });
    await grantLocks();
    expect(heard.same).toHaveBeenCalledWith({ remaps: [{ entityType: 'products', tempId: 't', serverId: 1 }] });
    expect(heard.other).not.toHaveBeenCalled();
    expect(heard.self).not.toHaveBeenCalled();
  });

  it('works without BroadcastChannel, leading but hearing nothing', async () => {
    const session = new WebLocksCoordinator({ locks, broadcastChannel: undefined, tabId: 'a' }).join('alice');
    await grantLocks();
    expect(current(session.leader$)).toBe(true);
    expect(() => session.notifyChange()).not.toThrow();
  });

  it('leaves no channel open after close', async () => {
    const session = tab('a').join('alice');
    await grantLocks();
    session.close();
    expect(network.openChannels).toBe(0);
  });

  it('accepts the browser LockManager and BroadcastChannel types', () => {
    // A compile-time check: fails the type check if the real DOM types stop fitting.
    const fits = (locks: LockManager): LockManagerLike => locks;
    const opens = (name: string) => new BroadcastChannel(name);
    expect([typeof fits, typeof new WebLocksCoordinator({ locks, broadcastChannel: opens })]).toEqual(['function', 'object']);
  });
});
