import { deserialize, serialize } from 'node:v8';

/** jsdom has no `structuredClone`, which fake-indexeddb needs; borrow Node's serializer. */
export function installStructuredClone(): void {
  const scope = globalThis as { structuredClone?: (value: unknown) => unknown };
  scope.structuredClone ??= (value: unknown) => deserialize(serialize(value));
}
