const sizes = new WeakMap<object, number>();

/** About how many bytes `value` takes as JSON (UTF-16 length); remembered per object, so asking again is free. */
export function valueSize(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'object' || value === null) return String(value).length;
  let size = sizes.get(value);
  if (size === undefined) {
    try {
      size = JSON.stringify(value)?.length ?? 0;
    } catch {
      size = 0; // cycles, BigInt: shown as 0
    }
    sizes.set(value, size);
  }
  return size;
}
