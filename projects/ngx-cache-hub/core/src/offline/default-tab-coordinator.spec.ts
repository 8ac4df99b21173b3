import { BroadcastChannelCoordinator } from './broadcast-channel-coordinator';
import { defaultTabCoordinator } from './default-tab-coordinator';
import { SingleTabCoordinator } from './single-tab-coordinator';
import { FakeBroadcastNetwork } from './testing-internal/fake-broadcast-network';
import { FakeLockManager } from './testing-internal/fake-lock-manager';
import { WebLocksCoordinator } from './web-locks-coordinator';

describe('defaultTabCoordinator', () => {
  it('prefers Web Locks', () => {
    const coordinator = defaultTabCoordinator({ locks: new FakeLockManager(), broadcastChannel: new FakeBroadcastNetwork().factory });
    expect(coordinator).toBeInstanceOf(WebLocksCoordinator);
  });

  it('elects over BroadcastChannel without Web Locks', () => {
    expect(defaultTabCoordinator({ broadcastChannel: new FakeBroadcastNetwork().factory })).toBeInstanceOf(BroadcastChannelCoordinator);
  });

  it('runs as a single tab without either (server, jsdom)', () => {
    expect(defaultTabCoordinator({})).toBeInstanceOf(SingleTabCoordinator);
    expect(defaultTabCoordinator()).toBeInstanceOf(SingleTabCoordinator);
  });
});
