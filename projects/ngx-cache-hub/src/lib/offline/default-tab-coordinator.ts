import { BroadcastChannelCoordinator } from './broadcast-channel-coordinator';
import { SingleTabCoordinator } from './single-tab-coordinator';
import { BroadcastChannelFactory, globalBroadcastChannel } from './tab-channel';
import type { TabCoordinator } from './tab-coordinator';
import { LockManagerLike, WebLocksCoordinator } from './web-locks-coordinator';

/** The globals `defaultTabCoordinator()` looks at; injectable for tests. */
export interface TabEnvironment {
  readonly locks?: LockManagerLike;
  readonly broadcastChannel?: BroadcastChannelFactory;
}

/**
 * Web Locks when the browser has them, else a BroadcastChannel election, else a single tab
 * (server). Reads globals only when called.
 */
export function defaultTabCoordinator(environment?: TabEnvironment): TabCoordinator {
  const env = environment ?? {
    locks: (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks,
    broadcastChannel: globalBroadcastChannel(),
  };
  if (env.locks) return new WebLocksCoordinator({ locks: env.locks, broadcastChannel: env.broadcastChannel });
  if (env.broadcastChannel) return new BroadcastChannelCoordinator({ broadcastChannel: env.broadcastChannel });
  return new SingleTabCoordinator();
}
