/**
 * The deepest nesting of arrays and objects an action payload may have: `{ a: [1] }` is 2 levels
 * deep, a scalar 0. A payload nested deeper is refused at `enqueue` (InvalidActionPayload) and a
 * stored record holding one is quarantined, so no validation, copy, remap or serialisation walks
 * recursion deep enough to overflow the stack, whatever is found in storage.
 */
export const MAX_PAYLOAD_DEPTH = 100;

/**
 * The most arrays, objects and values a walk of one payload visits: a payload larger than this is
 * refused at `enqueue` and quarantined in storage. It bounds the work of a record whose subtrees
 * are shared (a structured clone keeps shared references, so a 1 kB record can stand for 2^60
 * values): such a record is quarantined in milliseconds instead of freezing the tab.
 */
export const MAX_PAYLOAD_VALUES = 100_000;

/**
 * Whether `value` nests arrays or objects more than `maxDepth` levels deep. Iterative (an explicit
 * stack, never recursion), so any depth is measured safely; cycles, and values so entangled by
 * shared references that a walk passes `MAX_PAYLOAD_VALUES` objects, count as too deep.
 */
export function exceedsJsonDepth(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ readonly value: unknown; readonly depth: number }> = [{ value, depth: 0 }];
  let visited = 0;
  while (stack.length) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > maxDepth) return true;
    // Shared references (structured clones keep them) can make the walk explode: past this many
    // visits the value is treated as too deep rather than walked for ever.
    if (++visited > MAX_PAYLOAD_VALUES) return true;
    // A sparse array's length costs nothing to store: an array longer than the budget is refused unwalked.
    if (Array.isArray(current) && current.length > MAX_PAYLOAD_VALUES - visited) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}

/** How deep a quarantined record may be kept as is: a payload's limit plus the action and list around it. */
const QUARANTINE_EXTRA_DEPTH = 8;

/**
 * `record` as it can be kept in a quarantine: itself when it is at most `MAX_PAYLOAD_DEPTH` (plus
 * the few levels of an action) deep; otherwise only its top-level scalar fields (an object) with
 * `tooDeep: true`, or a note (anything else), so serialising the quarantine can never overflow.
 */
export function storableQuarantinedRecord(record: unknown): unknown {
  if (!exceedsJsonDepth(record, MAX_PAYLOAD_DEPTH + QUARANTINE_EXTRA_DEPTH)) return record;
  const note = `nested more than ${MAX_PAYLOAD_DEPTH + QUARANTINE_EXTRA_DEPTH} levels deep; not kept`;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return note;
  const kept: Record<string, unknown> = { tooDeep: note };
  for (const [key, value] of Object.entries(record)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) kept[key] = value;
  }
  return kept;
}
