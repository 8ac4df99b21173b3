/*
 * Public API of ngx-cache-hub/testing: what apps need to test their own cache-backed services.
 */
export { provideCacheHubTesting } from './provide-cache-hub-testing';
export { FakeRealtimeServer } from './fake-realtime-server';
export { setNetworkOnline, setTabVisible } from './browser-state';
