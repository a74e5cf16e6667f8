import type { LeafDiff } from '../diff/match-rows.js';
import type { TableShape } from '../port/shapes.js';
import { type ExactRow, type Key, type Pair, pick, type Side } from '../port/types.js';
import { inReferenceOrder } from './reference-order.js';

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

/**
 * Where a table's differing rows wait between diff and the writes: in memory, or in files
 * ({@link ScriptSpool}, which a merge uses so that its memory does not grow with the differences).
 */
export interface RowStore {
  append(name: string, record: readonly unknown[]): void;
  read<T extends readonly unknown[]>(name: string): AsyncIterable<T>;
}

/** A {@link RowStore} in memory. */
export class MemoryStore implements RowStore {
  readonly #lists = new Map<string, (readonly unknown[])[]>();

  append(name: string, record: readonly unknown[]): void {
    const list = this.#lists.get(name);
    if (list) list.push(record);
    else this.#lists.set(name, [record]);
  }

  async *read<T extends readonly unknown[]>(name: string): AsyncIterable<T> {
    for (const record of this.#lists.get(name) ?? []) yield record as T;
  }
}

/** The rows to write to the target of one table, gathered from diff in key order. */
export class TableChanges {
  inserts = 0;
  updates = 0;
  deletes = 0;
  /**
   * The rows the target holds, when the table is to be emptied rather than copied
   * (`--truncate-config-message-log`); null otherwise.
   */
  emptied: number | null = null;

  /**
   * @param store where the rows wait (the table's label names its lists in it)
   * @param keepRows false to count the rows to write but keep only the keys to delete
   */
  constructor(
    readonly table: string,
    readonly shapes: Pair<TableShape>,
    readonly key: readonly number[],
    private readonly store: RowStore = new MemoryStore(),
    /** False to count the rows to write but keep only those to delete. */
    readonly keepsRows = true,
  ) {}

  /** Adds a leaf of differing rows, seen from `direction`. */
  add(leaf: LeafDiff, direction: Direction): void {
    const fromA = direction.from === 'A';
    const onlySource = fromA ? leaf.onlyInA : leaf.onlyInB;
    const onlyTarget = fromA ? leaf.onlyInB : leaf.onlyInA;
    if (this.keepsRows) {
      for (const row of onlySource) this.store.append(this.#rows, row);
      for (const changed of leaf.changed)
        this.store.append(this.#rows, fromA ? changed.rows.a : changed.rows.b);
    }
    this.inserts += onlySource.length;
    this.updates += leaf.changed.length;
    // Whole rows: a hierarchy's deletes are ordered by the references they hold.
    for (const row of onlyTarget) this.store.append(this.#gone, row);
    this.deletes += onlyTarget.length;
  }

  get #rows() {
    return `${this.table}\u0000rows`;
  }

  get #gone() {
    return `${this.table}\u0000gone`;
  }

  /** The keys of the rows only the target (`side`) has, `size` at a time, children first. */
  async *deleteBatches(size: number, side: Side): AsyncIterable<Key[]> {
    const rows = this.store.read<ExactRow>(this.#gone);
    for await (const batch of inReferenceOrder(
      rows,
      pick(this.shapes, side),
      size,
      'children-first',
    ))
      yield batch.map((row) => this.key.map((i) => row[i] ?? null));
  }

  /** The rows to write to the target (`side`), missing or changed there, `size` at a time, parents first. */
  upsertBatches(size: number, side: Side): AsyncIterable<ExactRow[]> {
    const rows = this.store.read<ExactRow>(this.#rows);
    return inReferenceOrder(rows, pick(this.shapes, side), size, 'parents-first');
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
      delete: this.deletes,
      truncate: false,
    };
  }
}
