import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { BroadcastChannelCoordinator } from './broadcast-channel-coordinator';
import type { TabSession } from './tab-coordinator';
import { FakeBroadcastNetwork } from './testing-internal/fake-broadcast-network';
import { current } from './testing-internal/queue-test-kit';

describe('BroadcastChannelCoordinator', () => {
  const HEARTBEAT = 1000;
  const waitForClaim = () => jest.advanceTimersByTimeAsync(HEARTBEAT / 2 + 1);
  const waitForLease = () => jest.advanceTimersByTimeAsync(HEARTBEAT * 4 + 1);
  const leaders = (...sessions: TabSession[]) => sessions.map((s) => current(s.leader$));
  let network: FakeBroadcastNetwork;
  const join = (tabId: string, scope = 'alice') => new BroadcastChannelCoordinator({ broadcastChannel: network.factory, tabId, heartbeatMs: HEARTBEAT }).join(scope);

  beforeEach(() => {
    jest.useFakeTimers();
    network = new FakeBroadcastNetwork();
  });

  afterEach(() => jest.useRealTimers());

  it('makes a lone tab the leader once its claim window passes', async () => {
    const only = join('a');
    expect(leaders(only)).toEqual([false]);
    await waitForClaim();
    expect(leaders(only)).toEqual([true]);
  });

  it('keeps the current leader when a new tab joins, whatever its id', async () => {
    const leader = join('m');
    await waitForClaim();
    const newcomer = join('a');
    await waitForClaim();
    await waitForLease();
    expect(leaders(leader, newcomer)).toEqual([true, false]);
  });

  it('gives a contested election to the lowest tab id', async () => {
    const high = join('z');
    const low = join('b');
    await waitForClaim();
    await waitForLease();
    expect(leaders(high, low)).toEqual([false, true]);
  });

  it('hands over at once when the leader closes', async () => {
    const first = join('a');
    await waitForClaim();
    const second = join('b');
    await waitForClaim();
    first.close();
    await waitForClaim();
    expect(leaders(second)).toEqual([true]);
  });

  it('replaces a leader that went silent (crashed) once its lease runs out', async () => {
    const first = join('a');
    await waitForClaim();
    const second = join('b');
    await waitForClaim();
    network.partition(network.all[0]);
    await jest.advanceTimersByTimeAsync(HEARTBEAT * 2);
    expect(leaders(second)).toEqual([false]);
    await waitForLease();
    expect(leaders(second)).toEqual([true]);
    first.close();
  });

  it('resolves two leaders to the lowest id when they meet again', async () => {
    const low = join('a');
    const high = join('b');
    network.partition(network.all[0]);
    network.partition(network.all[1]);
    await waitForClaim();
    expect(leaders(low, high)).toEqual([true, true]);
    for (const channel of network.all) (channel as { cutOff?: boolean }).cutOff = false;
    await jest.advanceTimersByTimeAsync(HEARTBEAT * 2);
    expect(leaders(low, high)).toEqual([true, false]);
  });

  it('elects per scope', async () => {
    const alice = join('a', 'alice');
    const bob = join('b', 'bob');
    await waitForClaim();
    expect(leaders(alice, bob)).toEqual([true, true]);
  });

  it('carries change notices to the other tabs', async () => {
    const sender = join('a');
    const receiver = join('b');
    const heard = jest.fn();
    receiver.changes$.subscribe(heard);
    sender.notifyChange();
    await waitForClaim();
    expect(heard).toHaveBeenCalledWith({});
  });

  it('leaves no timers or channels behind when closed', async () => {
    const leader = join('a');
    const follower = join('b');
    await waitForClaim();
    leader.close();
    follower.close();
    expect(jest.getTimerCount()).toBe(0);
    expect(network.openChannels).toBe(0);
  });

  it('fails clearly where there is no BroadcastChannel', () => {
    expect(() => new BroadcastChannelCoordinator().join('alice')).toThrow(
      expect.objectContaining({ code: CacheHubErrorCode.InvalidOption, message: expect.stringContaining('BroadcastChannel is not available') }),
    );
  });
});
