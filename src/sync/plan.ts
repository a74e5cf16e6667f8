import type { LeafDiff } from '../diff/match-rows.js';
import type { TableShape } from '../port/shapes.js';
import type { ExactRow, Key, Pair, Side } from '../port/types.js';

/** Rows per transaction unless `--batch-size` says otherwise. */
export const DEFAULT_BATCH_SIZE = 1000;

/**
 * Tables written at once unless `--concurrency` says otherwise. Two keeps a Logger's many small
 * configuration tables moving while one large table copies, without asking much of a server that
 * is also the one the Logger will restart on.
 */
export const DEFAULT_CONCURRENCY = 2;

/** How a table is brought in line. */
export const SYNC_MODES = ['merge', 'replace'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

/** Which side is copied to which. */
export interface Direction {
  readonly from: Side;
  readonly to: Side;
}

/** What a sync will do to one table of the target. */
export interface TablePlan {
  readonly table: string;
  /** The table on each side, keyed as diff matched it. */
  readonly shapes: Pair<TableShape>;
  /** Rows the target lacks (merge) — with replace, every row of the source is written. */
  readonly insert: number;
  readonly update: number;
  /** Rows only the target has; with `truncate`, every row the target holds. */
  readonly delete: number;
  /** Emptied on the target instead of copied (`--truncate-config-message-log`). */
  readonly truncate: boolean;
}

/** The rows to write to the target of one table, gathered from diff in key order. */
export class TableChanges {
  readonly deletes: Key[] = [];
  readonly upserts: ExactRow[] = [];
  inserts = 0;
  updates = 0;
  /**
   * The rows the target holds, when the table is to be emptied rather than copied
   * (`--truncate-config-message-log`); null otherwise.
   */
  emptied: number | null = null;

  constructor(
    readonly table: string,
    readonly shapes: Pair<TableShape>,
    readonly key: readonly number[],
  ) {}

  /** Adds a leaf of differing rows, seen from `direction`. */
  add(leaf: LeafDiff, direction: Direction): void {
    const fromA = direction.from === 'A';
    const onlySource = fromA ? leaf.onlyInA : leaf.onlyInB;
    const onlyTarget = fromA ? leaf.onlyInB : leaf.onlyInA;
    this.upserts.push(...onlySource);
    this.inserts += onlySource.length;
    for (const row of onlyTarget) this.deletes.push(this.key.map((i) => row[i] ?? null));
    for (const changed of leaf.changed) this.upserts.push(fromA ? changed.rows.a : changed.rows.b);
    this.updates += leaf.changed.length;
  }

  plan(): TablePlan {
    if (this.emptied !== null)
      return {
        table: this.table,
        shapes: this.shapes,
        insert: 0,
        update: 0,
        delete: this.emptied,
        truncate: true,
      };
    return {
      table: this.table,
      shapes: this.shapes,
      insert: this.inserts,
      update: this.updates,
      delete: this.deletes.length,
      truncate: false,
    };
  }
}

/** Splits a list into batches of at most `size`. */
export function* batches<T>(items: readonly T[], size: number): Iterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
