import type { ChangeDraft } from '../stream/frames';

/** What one operation did: the response to send and the events to publish. */
export interface OperationOutcome {
  status: number;
  body: unknown;
  changes: ChangeDraft[];
}

/** An outcome that changed nothing and answers with `{ error }`. */
export function refused(status: number, error: string): OperationOutcome {
  return { status, body: { error }, changes: [] };
}

/** The fields of `changes` whose value differs from `current`. */
export function changedFields<T extends object>(current: T, changes: Partial<T>): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(changes) as Array<keyof T>) {
    if (changes[key] !== undefined && changes[key] !== current[key]) changed[key] = changes[key];
  }
  return changed;
}
