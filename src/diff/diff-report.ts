import type { DatabaseInfo } from '../port/shapes.js';
import type { ExactRow, ExactValue, Key, Pair } from '../port/types.js';

/** What diff found for one table. */
export type TableDiffState =
  /** Same rows on both sides. */
  | 'identical'
  /** Rows only on one side, or rows whose values differ. */
  | 'differs'
  /** The table exists on one side only. */
  | 'only-in-A'
  | 'only-in-B'
  /** Columns or key differ between the sides: rows cannot be matched. */
  | 'shape-differs'
  /** Not compared (no usable key and no `--key`); `reason` says why. */
  | 'skipped';

/** One column of a changed row: its value on each side. */
export interface ChangedValue {
  readonly column: string;
  readonly a: ExactValue;
  readonly b: ExactValue;
}

/** A row present on both sides with different values. */
export interface ChangedRow {
  readonly key: Key;
  /** Only the columns that differ, in table order. */
  readonly values: readonly ChangedValue[];
  /** The whole row on each side (every data column, table order). */
  readonly rows: Pair<ExactRow>;
}

/** The rows that differ in one table; the lists are capped, the counts are not. */
export interface TableDiff {
  /** `schema.name`. */
  readonly table: string;
  readonly state: TableDiffState;
  /** Why a table was skipped or what differs in its shape; null otherwise. */
  readonly reason: string | null;
  /** The key columns rows are matched by. */
  readonly key: readonly string[];
  /** The data columns, in the order of every row below. */
  readonly columns: readonly string[];
  /** Whether each column holds text (shown quoted) rather than numbers, times or bytes. */
  readonly textual: readonly boolean[];
  /** Rows on each side (null for a side the table is missing from). */
  readonly rows: Pair<number | null>;
  readonly onlyInA: number;
  readonly onlyInB: number;
  readonly changed: number;
  /** Up to the cap: rows only on A, only on B, and changed rows, each in the server's key order. */
  readonly samples: {
    readonly onlyInA: readonly ExactRow[];
    readonly onlyInB: readonly ExactRow[];
    readonly changed: readonly ChangedRow[];
  };
  /** True when a list above holds fewer items than its count says. */
  readonly truncated: boolean;
}

/** Wall-clock time of one phase of the run. */
export interface PhaseTime {
  /** `catalog`: both catalogs and the profile; `compare`: counts, segments and rows of every table. */
  readonly phase: 'catalog' | 'compare';
  readonly ms: number;
}

/** What the comparison cost, per side. */
export interface DiffCost {
  /** Rows the servers hashed (whole tables once, then differing segments again). */
  readonly rowsHashed: Pair<number>;
  /** Rows sent to icmsync (leaf segments). */
  readonly rowsFetched: Pair<number>;
  /** Bytes of the values received (keys, checksums and rows, in exact form). */
  readonly bytesReceived: Pair<number>;
  readonly roundTrips: Pair<number>;
  readonly phases: readonly PhaseTime[];
}

/** The whole diff of a pair. */
export interface DiffReport {
  readonly sides: Pair<DatabaseInfo>;
  readonly profile: string;
  readonly scope: string;
  /** The most rows listed per table and category. */
  readonly maxRows: number;
  readonly tables: readonly TableDiff[];
  readonly cost: DiffCost;
}

/** True when nothing differs (exit 0). */
export const diffIsClean = (report: DiffReport): boolean =>
  report.tables.every((t) => t.state === 'identical' || t.state === 'skipped');
