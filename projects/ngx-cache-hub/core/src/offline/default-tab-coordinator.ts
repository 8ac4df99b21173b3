import { BroadcastChannelCoordinator } from './broadcast-channel-coordinator';
import { runsInBrowser } from './runs-in-browser';
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
 * (server, where no browser global is read). Reads globals only when called.
 *
 * @example
 * const coordinator = defaultTabCoordinator(); // what OfflineQueue uses when given no coordinator
 */
export function defaultTabCoordinator(environment?: TabEnvironment): TabCoordinator {
  const env = environment ?? (runsInBrowser() ? readGlobals() : {});
  if (env.locks) return new WebLocksCoordinator({ locks: env.locks, broadcastChannel: env.broadcastChannel });
  if (env.broadcastChannel) return new BroadcastChannelCoordinator({ broadcastChannel: env.broadcastChannel });
  return new SingleTabCoordinator();
}

function readGlobals(): TabEnvironment {
  return {
    locks: (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks,
    broadcastChannel: globalBroadcastChannel(),
  };
}
