import type { ResolvedEntityConfig } from './entity-config';
import type { EntityRecord } from './entity-record';
import type { EntityWrites } from './entity-writes';
import { patchHolders } from './patch-holders';

interface Patch {
  readonly config: ResolvedEntityConfig;
  readonly id: string;
  winning: Readonly<Record<string, unknown>>;
  version: number;
  /** Whether `winning` is this patch's own copy (else an update's, never written). */
  folded: boolean;
}

/**
 * Inside `EntityStore.batch()`: the holder writes of updates, one per entity, made when the batch
 * ends (or before a create, delete or remap that must see them). Each update's versions are
 * recorded as it comes; only the writes wait, so a flush costs one merge per entity changed and
 * one write per entry holding it, however many updates the entity got.
 *
 * Folding is exact: a field's later winning value always has the higher version (the record let it
 * win), so the union of the winning fields, at the highest version, is what applying them in order
 * gives.
 */
export class DeferredPatches {
  readonly #patches = new Map<EntityRecord, Patch>();

  /** Defers an update's holder writes; its winning fields fold into the entity's earlier ones. */
  add(record: EntityRecord, config: ResolvedEntityConfig, id: string, winning: Readonly<Record<string, unknown>>, version: number): void {
    const patch = this.#patches.get(record);
    if (!patch) {
      this.#patches.set(record, { config, id, winning, version, folded: false });
      return;
    }
    if (!patch.folded) patch.winning = { ...patch.winning };
    patch.folded = true;
    Object.assign(patch.winning, winning);
    if (version > patch.version) patch.version = version;
  }

  /** Makes every deferred write, entities in the order they first came, and forgets them; the first error is thrown after the rest are written. */
  drain(writes: EntityWrites): void {
    let failure: { error: unknown } | undefined;
    // A write may defer more (a plugin applying an update): the iteration visits what is added meanwhile.
    for (const [record, { config, id, winning, version }] of this.#patches) {
      this.#patches.delete(record);
      try {
        patchHolders(writes, config, id, winning, version);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
