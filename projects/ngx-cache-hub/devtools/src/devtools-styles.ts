/** The panel's styles, shared by its parts; scoped to the devtools by Angular's emulated encapsulation. */
export const DEVTOOLS_STYLES = `
  :host { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #e6e6e6; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #2c2f36; white-space: nowrap; }
  th { color: #9aa3b2; font-weight: 600; position: sticky; top: 0; background: #1b1d22; }
  tr.row { cursor: pointer; }
  tr.row:hover, tr.selected { background: #272a31; }
  button { font: inherit; color: #e6e6e6; background: #30343c; border: 1px solid #454a55; border-radius: 3px; padding: 1px 8px; cursor: pointer; }
  button:hover { background: #3b404a; }
  input { font: inherit; color: #e6e6e6; background: #111317; border: 1px solid #454a55; border-radius: 3px; padding: 2px 6px; }
  .muted { color: #8a92a1; }
  .bar { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 4px 0; }
  .scroll { overflow: auto; max-height: 100%; }
  .fresh, .applied, .connected { color: #7ee787; }
  .stale, .coalesced, .connecting, .buffered { color: #e3b341; }
  .fetching, .invalidated { color: #79c0ff; }
  .error, .dropped, .disconnected, .offline, .failed { color: #ff7b72; }
  .unchanged, .empty { color: #8a92a1; }
  pre { margin: 0; white-space: pre-wrap; word-break: break-all; background: #111317; padding: 6px; max-height: 220px; overflow: auto; }
  h4 { margin: 8px 0 4px; font-size: 12px; color: #9aa3b2; }
`;
