/** "3 s", "2 min", "1 h": how long ago, roughly (the panel refreshes twice a second). */
export function formatAge(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1_000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/** "512 B", "3.4 kB". */
export function formatSize(bytes: number): string {
  return bytes < 1_024 ? `${bytes} B` : `${(bytes / 1_024).toFixed(1)} kB`;
}

/** A value as indented JSON, cut at `max` characters. */
export function formatValue(value: unknown, max = 20_000): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value, null, 2) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}\n… ${text.length - max} more characters` : text;
}
