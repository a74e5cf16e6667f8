import type { SegmentChecksum } from './shapes.js';

/** Whether two segments hold the same rows: equal counts and equal hash sums. */
export function sameChecksum(
  x: SegmentChecksum | null | undefined,
  y: SegmentChecksum | null | undefined,
): boolean {
  return x != null && y != null && x.rows === y.rows && x.digest === y.digest;
}

/** The checksum of two disjoint segments together: every figure is a sum, so they add exactly. */
export function addChecksums(x: SegmentChecksum, y: SegmentChecksum): SegmentChecksum {
  return {
    rows: x.rows + y.rows,
    bytes: x.bytes + y.bytes,
    digest: (BigInt(x.digest) + BigInt(y.digest)).toString(),
  };
}
