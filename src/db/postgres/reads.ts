import type { ReadOptions, TableReader } from '../../port/database.js';
import type { ColumnStats, SegmentChecksum, TableShape } from '../../port/shapes.js';
import { keyColumns, requireKey, tableLabel } from '../../port/table-key.js';
import type { ExactRow, ExactValue, Key, KeyRange } from '../../port/types.js';
import {
  type ChecksumRow,
  EMPTY_CHECKSUM,
  bucketChecksums as fromBuckets,
  toChecksum,
} from '../checksum-rows.js';
import { checksumSql } from './checksum-sql.js';
import { columnStatsSql, readRowsSql } from './rows-sql.js';
import { bucketChecksumsSql, rankKeysSql, sampleKeysSql } from './segments-sql.js';
import type { Statements } from './statements.js';

/** Rows per keyset page when the caller does not say. */
export const DEFAULT_BATCH_SIZE = 5000;

/** The checksum columns of a statement's row. */

/** The reads of the port, on whatever target `statements` runs on (the pool or a session). */
export class PostgresReader implements TableReader {
  readonly #statements: Statements;

  constructor(statements: Statements) {
    this.#statements = statements;
  }

  async checksum(table: TableShape, range?: KeyRange): Promise<SegmentChecksum> {
    const [row] = await this.#statements.rows<ChecksumRow>(
      `checksum of ${tableLabel(table)}`,
      checksumSql(table, this.#statements.side, range),
    );
    return row ? toChecksum(row) : EMPTY_CHECKSUM;
  }

  async bucketChecksums(
    table: TableShape,
    boundaries: readonly Key[],
    range?: KeyRange,
  ): Promise<SegmentChecksum[]> {
    const rows = await this.#statements.rows<
      {
        bucket: number;
      } & ChecksumRow
    >(
      `checksum of ${tableLabel(table)}`,
      bucketChecksumsSql(table, this.#statements.side, boundaries, range),
    );
    return fromBuckets(boundaries.length, rows);
  }

  async sampleKeys(table: TableShape, every: number, range?: KeyRange): Promise<Key[]> {
    return this.#statements.rows<ExactRow>(
      `reading the keys of ${tableLabel(table)}`,
      sampleKeysSql(table, this.#statements.side, every, range),
      { exact: true, arrays: true },
    );
  }

  async rankKeys(table: TableShape, keys: readonly Key[]): Promise<number[]> {
    if (keys.length === 0) return [];
    const rows = await this.#statements.rows<{ i: number; r: number }>(
      `ordering keys of ${tableLabel(table)}`,
      rankKeysSql(table, this.#statements.side, keys),
    );
    const ranks = new Array<number>(keys.length);
    for (const row of rows) ranks[row.i - 1] = row.r;
    return ranks;
  }

  async columnStats(table: TableShape, column: string): Promise<ColumnStats> {
    const [row] = await this.#statements.rows<{ row_count: string; max_value: ExactValue }>(
      `reading ${tableLabel(table)}.${column}`,
      columnStatsSql(table, column),
      { exact: true },
    );
    return { rows: Number(row?.row_count ?? 0), max: row?.max_value ?? null };
  }

  async *readRows(
    table: TableShape,
    options: ReadOptions = {},
  ): AsyncIterable<readonly ExactRow[]> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const key = options.range ? requireKey(table, this.#statements.side) : keyColumns(table);
    const keyPositions = key.map((k) => table.columns.findIndex((c) => c.name === k));
    const what = `reading ${tableLabel(table)}`;
    let after = options.range?.after;
    for (;;) {
      const range: KeyRange = { ...options.range, ...(after ? { after } : {}) };
      const rows = await this.#statements.rows<ExactRow>(
        what,
        readRowsSql(table, batchSize, range),
        { exact: true, arrays: true },
      );
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (key.length === 0 || !last || rows.length < batchSize) return;
      after = keyPositions.map((i) => last[i] ?? null);
    }
  }
}
