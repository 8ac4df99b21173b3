/**
 * True in a browser page (there is a `document`). On the server the offline defaults touch no
 * browser global, even where Node has its own `BroadcastChannel`, `navigator` or `localStorage`.
 */
export function runsInBrowser(): boolean {
  return typeof document !== 'undefined';
}
