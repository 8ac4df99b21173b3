import { TabChannel, TabMessage } from './tab-channel';
import { FakeBroadcastNetwork } from './testing-internal/fake-broadcast-network';

describe('TabChannel', () => {
  const deliver = () => Promise.resolve();
  let network: FakeBroadcastNetwork;
  let received: TabMessage[];

  beforeEach(() => {
    network = new FakeBroadcastNetwork();
    received = [];
  });

  it('delivers messages to the other tabs of the scope, stamped with the sender', async () => {
    const sender = new TabChannel(network.factory, 'alice', 'tab-a');
    const receiver = new TabChannel(network.factory, 'alice', 'tab-b');
    const otherScope = new TabChannel(network.factory, 'bob', 'tab-c');
    receiver.messages$.subscribe((m) => received.push(m));
    otherScope.messages$.subscribe((m) => received.push(m));
    sender.post('changed', { remaps: [{ entityType: 'products', tempId: 'tmp-1', serverId: 7 }] });
    await deliver();
    expect(received).toEqual([{ kind: 'changed', from: 'tab-a', remaps: [{ entityType: 'products', tempId: 'tmp-1', serverId: 7 }] }]);
  });

  it('ignores messages stamped with its own tab id (a second channel in the same tab)', async () => {
    const first = new TabChannel(network.factory, 'alice', 'tab-a');
    const second = new TabChannel(network.factory, 'alice', 'tab-a');
    second.messages$.subscribe((m) => received.push(m));
    first.post('heartbeat');
    await deliver();
    expect(received).toEqual([]);
  });

  it('drops foreign or malformed messages on the channel', async () => {
    const receiver = new TabChannel(network.factory, 'alice', 'tab-b');
    receiver.messages$.subscribe((m) => received.push(m));
    const raw = network.factory('ngx-cache-hub:offline:alice');
    for (const junk of [
      'hello',
      { kind: 'claim', from: 'x' },
      { ns: 'ngx-cache-hub/offline', kind: 'takeover', from: 'x' },
      { ns: 'ngx-cache-hub/offline', kind: 'changed', from: 'x', remaps: [{ tempId: 1 }] },
    ]) {
      raw.postMessage(junk);
    }
    await deliver();
    expect(received).toEqual([]);
  });

  it('closes its channel and completes its streams', () => {
    const channel = new TabChannel(network.factory, 'alice', 'tab-a');
    let completed = false;
    channel.messages$.subscribe({ complete: () => (completed = true) });
    channel.close();
    expect(completed).toBe(true);
    expect(network.openChannels).toBe(0);
  });
});
