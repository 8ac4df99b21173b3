/**
 * "Simulate offline" on a window: takes the app offline as the browser would (the `offline`
 * event), and keeps it offline through real network flaps until the simulation ends. The app is
 * online only when the network is and the simulation is off: while it is on, the window's real
 * `online` events are stopped before the app's listeners hear them (a capturing listener on the
 * window runs first), and ending it dispatches `online` only if `navigator.onLine` says the
 * network is up (else the browser's own `online` comes later).
 */
export function offlineSimulation(window: Window): (offline: boolean) => void {
  let on = false;
  const hold = (event: Event) => event.stopImmediatePropagation();
  return (offline) => {
    if (offline === on) return;
    on = offline;
    window[offline ? 'addEventListener' : 'removeEventListener']('online', hold, true);
    if (offline || window.navigator.onLine) window.dispatchEvent(new Event(offline ? 'offline' : 'online'));
  };
}
