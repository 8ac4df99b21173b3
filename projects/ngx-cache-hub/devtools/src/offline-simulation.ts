/**
 * "Simulate offline" on a window: takes the app offline as the browser would (the `offline`
 * event), and keeps it offline through real network flaps until the simulation ends. While it is
 * on, `navigator.onLine` reads false, and the library counts an `online` event only if
 * `navigator.onLine` agrees, so the app is online only when the network is up and the simulation
 * is off. Ending it gives `navigator.onLine` back and dispatches `online` only if the network is
 * up (else the browser's own `online` comes later).
 */
export function offlineSimulation(window: Window): (offline: boolean) => void {
  const navigator = window.navigator;
  let held: PropertyDescriptor | undefined | null = null;
  return (offline) => {
    if (offline === (held !== null)) return;
    if (offline) {
      held = Object.getOwnPropertyDescriptor(navigator, 'onLine');
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    } else {
      if (held) Object.defineProperty(navigator, 'onLine', held);
      else delete (navigator as { onLine?: boolean }).onLine;
      held = null;
    }
    if (offline || navigator.onLine) window.dispatchEvent(new Event(offline ? 'offline' : 'online'));
  };
}
