/** The panel's styles, shared by its parts; scoped to the devtools by Angular's emulated encapsulation. */
export const DEVTOOLS_STYLES = `
  :host { display: block; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #e6e6e6; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #2c2f36; white-space: nowrap; }
  th { color: #9aa3b2; font-weight: 600; position: sticky; top: 0; background: #1b1d22; }
  tr.nch-row { cursor: pointer; }
  tr.nch-row:hover, tr.nch-selected { background: #272a31; }
  button { font: inherit; color: #e6e6e6; background: #30343c; border: 1px solid #454a55; border-radius: 3px; padding: 1px 8px; cursor: pointer; }
  button:hover { background: #3b404a; }
  input { font: inherit; color: #e6e6e6; background: #111317; border: 1px solid #454a55; border-radius: 3px; padding: 2px 6px; }
  .nch-muted { color: #8a92a1; }
  .nch-bar { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 4px 0; }
  .nch-scroll { overflow: auto; max-height: 100%; }
  .nch-fresh, .nch-applied, .nch-connected { color: #7ee787; }
  .nch-stale, .nch-coalesced, .nch-connecting, .nch-buffered { color: #e3b341; }
  .nch-fetching, .nch-invalidated { color: #79c0ff; }
  .nch-error, .nch-dropped, .nch-disconnected, .nch-offline, .nch-failed { color: #ff7b72; }
  .nch-unchanged, .nch-empty { color: #8a92a1; }
  pre { margin: 0; white-space: pre-wrap; word-break: break-all; background: #111317; padding: 6px; max-height: 220px; overflow: auto; }
  h4 { margin: 8px 0 4px; font-size: 12px; color: #9aa3b2; }
`;
