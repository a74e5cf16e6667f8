import { sameChecksum } from '../port/checksums.js';
import type { SegmentChecksum } from '../port/shapes.js';
import type { Key, KeyRange, Pair } from '../port/types.js';
import type { DiffTuning } from './tuning.js';

/**
 * A slice of a table in key order still to compare, with its row count on each side. `path` is
 * the bucket index chosen at each cut from the whole table down, so sorting segments by path sorts
 * them in the server's key order without comparing keys in JavaScript.
 */
export interface Segment {
  readonly range: KeyRange;
  readonly rows: Pair<number>;
  readonly path: readonly number[];
}

/** Whether a segment is small enough to fetch, or one-sided (every row in it differs anyway). */
export function isLeaf(segment: Segment, tuning: DiffTuning): boolean {
  const { a, b } = segment.rows;
  return Math.max(a, b) <= tuning.leafRows || a === 0 || b === 0;
}

/**
 * Rows between two boundaries when cutting a segment of `rows` rows: as many buckets as one request
 * carries, but never smaller than a leaf.
 */
export function samplingStep(rows: number, keyColumns: number, tuning: DiffTuning): number {
  const buckets = Math.max(1, Math.floor(tuning.keyValuesPerRequest / keyColumns));
  return Math.max(tuning.leafRows, Math.ceil(rows / buckets));
}

/** The key ranges of the buckets `boundaries` cut `range` into (`boundaries.length + 1` of them). */
export function bucketRanges(range: KeyRange, boundaries: readonly Key[]): KeyRange[] {
  const edges: (Key | undefined)[] = [range.after, ...boundaries, range.upTo];
  return edges.slice(0, -1).map((after, i) => {
    const upTo = edges[i + 1];
    return { ...(after ? { after } : {}), ...(upTo ? { upTo } : {}) };
  });
}

/** The sub-segments of `segment` whose checksums differ between the sides. */
export function differingBuckets(
  segment: Segment,
  boundaries: readonly Key[],
  sums: Pair<readonly SegmentChecksum[]>,
): Segment[] {
  const ranges = bucketRanges(segment.range, boundaries);
  return ranges.flatMap((range, i) => {
    const a = sums.a[i];
    const b = sums.b[i];
    if (!a || !b) throw new Error(`bucket ${i} missing from a side's checksums`);
    return sameChecksum(a, b)
      ? []
      : [{ range, rows: { a: a.rows, b: b.rows }, path: [...segment.path, i] }];
  });
}

/** Orders segments by path: the server's key order. */
export function byPath(x: Segment, y: Segment): number {
  const n = Math.min(x.path.length, y.path.length);
  for (let i = 0; i < n; i++) {
    const d = (x.path[i] ?? 0) - (y.path[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.path.length - y.path.length;
}
