import type { ReadOptions, TableReader } from '../port/database.js';
import type { ColumnStats, SegmentChecksum, TableShape } from '../port/shapes.js';
import type { ExactRow, ExactValue, Key, KeyRange } from '../port/types.js';

/** What one side's reads cost so far. */
export interface SideCost {
  rowsHashed: number;
  rowsFetched: number;
  bytesReceived: number;
  roundTrips: number;
}

export const noCost = (): SideCost => ({
  rowsHashed: 0,
  rowsFetched: 0,
  bytesReceived: 0,
  roundTrips: 0,
});

/** Bytes of a value as received in exact form (NULL counted as one). */
const valueBytes = (value: ExactValue): number =>
  value === null ? 1 : typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength;
const rowBytes = (row: readonly ExactValue[]): number =>
  row.reduce((sum, value) => sum + valueBytes(value), 0);
const checksumBytes = (sum: SegmentChecksum): number =>
  String(sum.rows).length + String(sum.bytes).length + sum.digest.length;

/**
 * A reader that counts what its reads cost: round trips, rows hashed by the server, rows and bytes
 * received. Bytes are those of the values in exact form, not of the wire protocol around them.
 */
export class MeteredReader implements TableReader {
  readonly #inner: TableReader;
  readonly cost: SideCost = noCost();

  constructor(inner: TableReader) {
    this.#inner = inner;
  }

  async checksum(table: TableShape, range?: KeyRange): Promise<SegmentChecksum> {
    const sum = await this.#inner.checksum(table, range);
    this.#count([sum]);
    return sum;
  }

  async bucketChecksums(
    table: TableShape,
    boundaries: readonly Key[],
    range?: KeyRange,
  ): Promise<SegmentChecksum[]> {
    const sums = await this.#inner.bucketChecksums(table, boundaries, range);
    this.#count(sums);
    return sums;
  }

  async sampleKeys(table: TableShape, every: number, range?: KeyRange): Promise<Key[]> {
    const keys = await this.#inner.sampleKeys(table, every, range);
    this.cost.roundTrips += 1;
    this.cost.bytesReceived += keys.reduce((sum, key) => sum + rowBytes(key), 0);
    return keys;
  }

  async rankKeys(table: TableShape, keys: readonly Key[]): Promise<number[]> {
    const ranks = await this.#inner.rankKeys(table, keys);
    this.cost.roundTrips += 1;
    this.cost.bytesReceived += ranks.length * 8;
    return ranks;
  }

  async columnStats(table: TableShape, column: string): Promise<ColumnStats> {
    const stats = await this.#inner.columnStats(table, column);
    this.cost.roundTrips += 1;
    this.cost.bytesReceived += String(stats.rows).length + valueBytes(stats.max);
    return stats;
  }

  async *readRows(table: TableShape, options?: ReadOptions): AsyncIterable<readonly ExactRow[]> {
    for await (const batch of this.#inner.readRows(table, options)) {
      this.cost.roundTrips += 1;
      this.cost.rowsFetched += batch.length;
      this.cost.bytesReceived += batch.reduce((sum, row) => sum + rowBytes(row), 0);
      yield batch;
    }
  }

  #count(sums: readonly SegmentChecksum[]): void {
    this.cost.roundTrips += 1;
    for (const sum of sums) {
      this.cost.rowsHashed += sum.rows;
      this.cost.bytesReceived += checksumBytes(sum);
    }
  }
}
