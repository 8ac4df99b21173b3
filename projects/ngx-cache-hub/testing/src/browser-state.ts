/** Tells the app the network went down (false) or came back (true), as the browser would. */
export function setNetworkOnline(online: boolean, target: Window = window): void {
  Object.defineProperty(target.navigator, 'onLine', { configurable: true, get: () => online });
  target.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** Tells the app the tab was hidden (false) or shown again (true), as the browser would. */
export function setTabVisible(visible: boolean, document: Document = window.document): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (visible ? 'visible' : 'hidden') });
  document.dispatchEvent(new Event('visibilitychange'));
}
