import type { ExactRow, ExactValue, Pair } from '../port/types.js';
import type { ChangedRow, ChangedValue } from './diff-report.js';

/** The rows of one leaf that differ: only on A, only on B, and on both with other values. */
export interface LeafDiff {
  readonly onlyInA: ExactRow[];
  readonly onlyInB: ExactRow[];
  readonly changed: ChangedRow[];
}

/** Whether two exact values are the same: the same text, the same bytes, or both NULL. */
export function sameValue(x: ExactValue, y: ExactValue): boolean {
  if (x === null || y === null) return x === y;
  if (typeof x === 'string' || typeof y === 'string') return x === y;
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(y);
}

/**
 * Matches a leaf's rows by key. `ranks` holds the server's dense rank of each row's key, A's rows
 * first, then B's: equal ranks are the same key as the server sees it (collations included), and
 * rank order is its key order. Rows hold the data columns named by `columns`; `key` gives the
 * positions of the key columns in them.
 */
export function matchRows(
  rows: Pair<readonly ExactRow[]>,
  ranks: readonly number[],
  columns: readonly string[],
  key: readonly number[],
): LeafDiff {
  const byRank = new Map<number, { a?: ExactRow; b?: ExactRow }>();
  const place = (row: ExactRow, rank: number | undefined, side: 'a' | 'b') => {
    if (rank === undefined) throw new Error('a row of the leaf has no rank');
    const entry = byRank.get(rank) ?? {};
    entry[side] = row;
    byRank.set(rank, entry);
  };
  for (const [i, row] of rows.a.entries()) place(row, ranks[i], 'a');
  for (const [i, row] of rows.b.entries()) place(row, ranks[rows.a.length + i], 'b');
  const diff: LeafDiff = { onlyInA: [], onlyInB: [], changed: [] };
  for (const [, { a, b }] of [...byRank].sort(([x], [y]) => x - y)) {
    if (a && !b) diff.onlyInA.push(a);
    else if (b && !a) diff.onlyInB.push(b);
    else if (a && b) {
      const values: ChangedValue[] = columns.flatMap((column, i) => {
        const va = a[i] ?? null;
        const vb = b[i] ?? null;
        return sameValue(va, vb) ? [] : [{ column, a: va, b: vb }];
      });
      if (values.length > 0)
        diff.changed.push({ key: key.map((i) => a[i] ?? null), values, rows: { a, b } });
    }
  }
  return diff;
}
