import type { SegmentChecksum } from '../port/shapes.js';

/** The columns both adapters' checksum statements return (numbers may arrive as text). */
export interface ChecksumRow {
  readonly row_count: string | number;
  readonly byte_count: string | number;
  readonly digest: string | number;
}

/** The checksum of no rows: what a missing bucket or an empty range adds up to. */
export const EMPTY_CHECKSUM: SegmentChecksum = { rows: 0, bytes: 0, digest: '0' };

export const toChecksum = (row: ChecksumRow): SegmentChecksum => ({
  rows: Number(row.row_count),
  bytes: Number(row.byte_count),
  digest: String(row.digest),
});

/**
 * One checksum per bucket from the rows of a bucket statement, which returns only the non-empty
 * buckets (`bucket` numbered from 0).
 */
export function bucketChecksums(
  boundaries: number,
  rows: readonly (ChecksumRow & { readonly bucket: string | number })[],
): SegmentChecksum[] {
  const sums: SegmentChecksum[] = Array.from({ length: boundaries + 1 }, () => EMPTY_CHECKSUM);
  for (const row of rows) sums[Number(row.bucket)] = toChecksum(row);
  return sums;
}
