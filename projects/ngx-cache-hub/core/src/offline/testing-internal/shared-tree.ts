/** `{ l, r }` nested `levels` deep where both sides are one shared object: 2^levels leaves in a few bytes (as a structured clone can store). */
export function sharedTree(levels: number): unknown {
  let tree: unknown = { leaf: 1 };
  for (let i = 0; i < levels; i++) tree = { l: tree, r: tree };
  return tree;
}
