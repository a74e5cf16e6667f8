import pLimit from 'p-limit';
import { compareShapes } from '../pair/compare-shapes.js';
import type { Matched } from '../pair/match-tables.js';
import type { TableReader } from '../port/database.js';
import type { TableShape } from '../port/shapes.js';
import { dataColumns, findColumn, keyColumns } from '../port/table-key.js';
import { bothSides, type ExactRow, type KeyRange, type Pair, pick } from '../port/types.js';
import { findLeaves } from './bisect.js';
import type { ChangedRow, TableDiff } from './diff-report.js';
import { type LeafDiff, matchRows } from './match-rows.js';
import type { Segment } from './segments.js';
import type { DiffTuning } from './tuning.js';

/** How to diff one table. */
export interface TableDiffOptions {
  readonly tuning: DiffTuning;
  /** Rows listed per category. */
  readonly maxRows: number;
  /** `--key`: the columns to match rows by when the table has no usable key. */
  readonly key?: readonly string[];
  /** Only this slice of the table (`--since` on a historical table). */
  readonly range?: KeyRange;
  /**
   * Given every differing row, uncapped, leaf by leaf in the server's key order (a fix script).
   * The tables are the ones rows were matched by (with `--key` applied).
   */
  readonly onRows?: (rows: LeafDiff, tables: Pair<TableShape>) => void;
}

/** Counts and capped lists of one table's differing rows, filled leaf by leaf in key order. */
class Findings {
  onlyInA = 0;
  onlyInB = 0;
  changed = 0;
  readonly samples = {
    onlyInA: [] as ExactRow[],
    onlyInB: [] as ExactRow[],
    changed: [] as ChangedRow[],
  };
  constructor(private readonly maxRows: number) {}

  add(leaf: LeafDiff): void {
    this.onlyInA += leaf.onlyInA.length;
    this.onlyInB += leaf.onlyInB.length;
    this.changed += leaf.changed.length;
    const room = <T>(list: T[], items: readonly T[]) => {
      list.push(...items.slice(0, Math.max(0, this.maxRows - list.length)));
    };
    room(this.samples.onlyInA, leaf.onlyInA);
    room(this.samples.onlyInB, leaf.onlyInB);
    room(this.samples.changed, leaf.changed);
  }

  /** Adds a later leaf's findings: all its counts, its rows while there is room. */
  merge(later: Findings): void {
    const { onlyInA, onlyInB, changed } = this;
    this.add(later.samples);
    this.onlyInA = onlyInA + later.onlyInA;
    this.onlyInB = onlyInB + later.onlyInB;
    this.changed = changed + later.changed;
  }

  get truncated(): boolean {
    const s = this.samples;
    return (
      s.onlyInA.length < this.onlyInA ||
      s.onlyInB.length < this.onlyInB ||
      s.changed.length < this.changed
    );
  }
}

/** The table with `key` as its primary key, after checking the columns exist. */
function withKey(table: TableShape, key: readonly string[]): TableShape {
  return { ...table, primaryKey: key.map((name) => findColumn(table, name).name) };
}

/** Reads a leaf's rows on one side, keeping only the data columns. */
async function readLeaf(
  reader: TableReader,
  table: TableShape,
  range: KeyRange,
  onBatch: (rows: ExactRow[]) => void,
): Promise<void> {
  const data = new Set(dataColumns(table));
  const keep = table.columns.flatMap((c, i) => (data.has(c) ? [i] : []));
  for await (const batch of reader.readRows(table, { range }))
    onBatch(batch.map((row) => keep.map((i) => row[i] ?? null)));
}

/** Compares one leaf: a one-sided one by streaming its rows, a two-sided one by server-ranked keys. */
async function compareLeaf(
  readers: Pair<TableReader>,
  tables: Pair<TableShape>,
  leaf: Segment,
  keyPositions: readonly number[],
  columns: readonly string[],
  findings: { add(diff: LeafDiff): void },
): Promise<void> {
  if (leaf.rows.a === 0 || leaf.rows.b === 0) {
    const side = leaf.rows.a === 0 ? 'B' : 'A';
    await readLeaf(pick(readers, side), pick(tables, side), leaf.range, (rows) =>
      findings.add(
        side === 'A'
          ? { onlyInA: rows, onlyInB: [], changed: [] }
          : { onlyInA: [], onlyInB: rows, changed: [] },
      ),
    );
    return;
  }
  const rows = await bothSides(async (side) => {
    const all: ExactRow[] = [];
    await readLeaf(pick(readers, side), pick(tables, side), leaf.range, (batch) =>
      all.push(...batch),
    );
    return all;
  });
  const keys = [...rows.a, ...rows.b].map((row) => keyPositions.map((i) => row[i] ?? null));
  const ranks = await readers.a.rankKeys(tables.a, keys);
  findings.add(matchRows(rows, ranks, columns, keyPositions));
}

/** A compared leaf, or why it could not be compared. */
type Settled =
  | { value: { leafFindings: Findings; parts: LeafDiff[] }; error: null }
  | { value: null; error: unknown };

/**
 * Finds the rows that differ in one table: counts on both sides, segments that differ by
 * checksum, then the rows of the small segments that differ, matched by the server's key order.
 */
export async function diffTable(
  readers: Pair<TableReader>,
  match: Matched<TableShape>,
  options: TableDiffOptions,
): Promise<TableDiff> {
  const base = {
    table: match.name,
    reason: null,
    key: [] as string[],
    columns: [] as string[],
    textual: [] as boolean[],
    onlyInA: 0,
    onlyInB: 0,
    changed: 0,
    samples: { onlyInA: [], onlyInB: [], changed: [] },
    truncated: false,
  };
  if (!match.a || !match.b) {
    return {
      ...base,
      state: match.a ? 'only-in-A' : 'only-in-B',
      rows: { a: null, b: null },
    };
  }
  const shape = compareShapes(match.a, match.b);
  if (shape.length > 0)
    return {
      ...base,
      state: 'shape-differs',
      reason: shape.join('; '),
      rows: { a: null, b: null },
    };
  const own = keyColumns(match.a);
  if (own.length === 0 && !options.key) {
    return {
      ...base,
      state: 'skipped',
      reason: 'no primary key or NOT NULL unique key (give --key col,… to compare it)',
      rows: { a: null, b: null },
    };
  }
  const tables: Pair<TableShape> =
    own.length > 0 || !options.key
      ? { a: match.a, b: match.b }
      : { a: withKey(match.a, options.key), b: withKey(match.b, options.key) };
  const key = keyColumns(tables.a);
  const columns = dataColumns(tables.a).map((c) => c.name);
  const textual = dataColumns(tables.a).map((c) => c.kind === 'text' || c.kind === 'xml');
  const keyPositions = key.map((k) => columns.indexOf(k));
  const counts = await bothSides(
    async (side) =>
      (await pick(readers, side).columnStats(pick(tables, side), key[0] as string)).rows,
  );
  const whole: Segment = { range: options.range ?? {}, rows: counts, path: [] };
  const leaves = await findLeaves(readers, tables, whole, key.length, options.tuning);
  const findings = new Findings(options.maxRows);
  // Leaves are compared a few at a time but recorded in key order, as each one's turn comes, so
  // onRows sees rows in order. Only a window of leaves is under way at once: started all together,
  // a table with many differing leaves would hold every one's promise and rows at the same time.
  // A leaf with rows on one side only is never cut, however large (a table empty on the target, a
  // historical table's tail): with onRows it is read only when its turn comes, its rows handed on
  // page by page instead of held.
  const onRows = options.onRows;
  let failed = false;
  const compare = async (leaf: Segment, handOn: boolean): Promise<Settled> => {
    if (failed) return { value: null, error: null };
    // No leaf needs to keep more rows than the whole table lists, unless onRows wants them all.
    const leafFindings = new Findings(options.maxRows);
    const parts: LeafDiff[] = [];
    const sink = {
      add(diff: LeafDiff) {
        leafFindings.add(diff);
        if (handOn) onRows?.(diff, tables);
        else if (onRows) parts.push(diff);
      },
    };
    try {
      await compareLeaf(readers, tables, leaf, keyPositions, columns, sink);
      return { value: { leafFindings, parts }, error: null };
    } catch (error) {
      return { value: null, error };
    }
  };
  const oneSided = (leaf: Segment) =>
    onRows !== undefined && (leaf.rows.a === 0 || leaf.rows.b === 0);
  const limit = pLimit(options.tuning.concurrency);
  const window: (Promise<Settled> | Segment)[] = [];
  let next = 0;
  // Enough leaves ahead that a slow one does not leave the others idle.
  const depth = 4 * Math.max(1, options.tuning.concurrency);
  const fill = () => {
    while (window.length < depth && next < leaves.length) {
      const leaf = leaves[next++] as Segment;
      window.push(oneSided(leaf) ? leaf : limit(() => compare(leaf, false)));
    }
  };
  fill();
  while (window.length > 0) {
    const head = window.shift() as Promise<Settled> | Segment;
    const { value, error } = await ('range' in head ? limit(() => compare(head, true)) : head);
    if (!value) {
      failed = true;
      await Promise.all(window);
      throw error;
    }
    fill();
    findings.merge(value.leafFindings);
    for (const part of value.parts) onRows?.(part, tables);
  }
  const differs = findings.onlyInA + findings.onlyInB + findings.changed > 0;
  return {
    ...base,
    state: differs ? 'differs' : 'identical',
    key,
    columns,
    textual,
    rows: counts,
    onlyInA: findings.onlyInA,
    onlyInB: findings.onlyInB,
    changed: findings.changed,
    samples: findings.samples,
    truncated: findings.truncated,
  };
}
