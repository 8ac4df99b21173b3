/** A header from `headers.get()` (Angular `HttpHeaders`, fetch `Headers`) or a plain object, case-insensitively. */
export function readHeader(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    let value: unknown;
    try {
      value = get.call(headers, name);
    } catch {
      return undefined; // a headers object that throws is read as having no such header
    }
    return typeof value === 'string' ? value : undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}
