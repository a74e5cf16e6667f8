import pLimit from 'p-limit';
import type { TableReader } from '../port/database.js';
import type { TableShape } from '../port/shapes.js';
import { bothSides, type Pair, pick } from '../port/types.js';
import { byPath, differingBuckets, isLeaf, type Segment, samplingStep } from './segments.js';
import type { DiffTuning } from './tuning.js';

/**
 * Cuts `whole` into buckets whose boundaries are keys of the side with more rows (one pass over
 * its keys), checksums every bucket on both sides at once (one pass over the rows), and cuts again
 * only the buckets that differ, until each differing segment is a leaf. Returns the leaves in key
 * order. Buckets that agree are never looked at again.
 */
export async function findLeaves(
  readers: Pair<TableReader>,
  tables: Pair<TableShape>,
  whole: Segment,
  keyColumns: number,
  tuning: DiffTuning,
): Promise<Segment[]> {
  const limit = pLimit(tuning.concurrency);
  const leaves: Segment[] = [];
  const cut = async (segment: Segment): Promise<void> => {
    if (isLeaf(segment, tuning)) {
      leaves.push(segment);
      return;
    }
    const larger = segment.rows.a >= segment.rows.b ? 'A' : 'B';
    const every = samplingStep(Math.max(segment.rows.a, segment.rows.b), keyColumns, tuning);
    const boundaries = await limit(() =>
      pick(readers, larger).sampleKeys(pick(tables, larger), every, segment.range),
    );
    // Rows changed under us can leave nothing to cut at: compare what is there row by row.
    if (boundaries.length === 0) {
      leaves.push(segment);
      return;
    }
    const sums = await limit(() =>
      bothSides((side) =>
        pick(readers, side).bucketChecksums(pick(tables, side), boundaries, segment.range),
      ),
    );
    await Promise.all(differingBuckets(segment, boundaries, sums).map(cut));
  };
  await cut(whole);
  return leaves.sort(byPath);
}
