import sql from 'mssql';
import type { ReadOptions, TableReader } from '../../port/database.js';
import type { ColumnStats, SegmentChecksum, TableShape } from '../../port/shapes.js';
import { keyColumns, requireKey, tableLabel } from '../../port/table-key.js';
import type { ExactRow, ExactValue, Key, KeyRange } from '../../port/types.js';
import { onSide } from '../adapter-errors.js';
import {
  type ChecksumRow,
  EMPTY_CHECKSUM,
  bucketChecksums as fromBuckets,
  toChecksum,
} from '../checksum-rows.js';
import { checksumSql } from './checksum-sql.js';
import { BATCH_PARAM, columnStatsSql, readRowsSql } from './rows-sql.js';
import { bucketChecksumsSql, EVERY_PARAM, rankKeysSql, sampleKeysSql } from './segments-sql.js';
import type { Statements } from './statements.js';

/** Rows per page of {@link MssqlReader.readRows} when the caller does not say. */
export const DEFAULT_BATCH_SIZE = 5000;

interface BucketRow extends ChecksumRow {
  bucket: number;
}
interface RankRow {
  i: number;
  /** DENSE_RANK is a bigint, which tedious returns as a string. */
  r: string | number;
}
interface StatsRow {
  row_count: string | number;
  max_value: ExactValue;
}

/** The reads of the port, on whatever target `statements` runs on (the pool or a session). */
export class MssqlReader implements TableReader {
  readonly #statements: Statements;

  constructor(statements: Statements) {
    this.#statements = statements;
  }

  async checksum(table: TableShape, range?: KeyRange): Promise<SegmentChecksum> {
    const side = this.#statements.side;
    const statement = onSide(side, () => checksumSql(table, side, range));
    const [row] = await this.#statements.rows<ChecksumRow>(
      `checksum of ${tableLabel(table)}`,
      statement.text,
      statement.params,
    );
    return row ? toChecksum(row) : EMPTY_CHECKSUM;
  }

  async bucketChecksums(
    table: TableShape,
    boundaries: readonly Key[],
    range?: KeyRange,
  ): Promise<SegmentChecksum[]> {
    const side = this.#statements.side;
    const statement = onSide(side, () => bucketChecksumsSql(table, side, boundaries, range));
    const rows = await this.#statements.rows<BucketRow>(
      `checksum of ${tableLabel(table)}`,
      statement.text,
      statement.params,
    );
    return fromBuckets(boundaries.length, rows);
  }

  async sampleKeys(table: TableShape, every: number, range?: KeyRange): Promise<Key[]> {
    if (!Number.isSafeInteger(every) || every < 1) {
      throw new Error(`sampling every ${every}th key: expected a positive integer`);
    }
    const side = this.#statements.side;
    const statement = onSide(side, () => sampleKeysSql(table, side, range));
    return this.#statements.rows<ExactRow>(
      `reading the keys of ${tableLabel(table)}`,
      statement.text,
      statement.params,
      { arrays: true, bind: (request) => request.input(EVERY_PARAM, sql.BigInt(), every) },
    );
  }

  async rankKeys(table: TableShape, keys: readonly Key[]): Promise<number[]> {
    if (keys.length === 0) return [];
    const side = this.#statements.side;
    const statement = onSide(side, () => rankKeysSql(table, side, keys));
    const rows = await this.#statements.rows<RankRow>(
      `ordering keys of ${tableLabel(table)}`,
      statement.text,
      statement.params,
    );
    const ranks = new Array<number>(keys.length);
    for (const row of rows) ranks[row.i] = Number(row.r);
    return ranks;
  }

  async columnStats(table: TableShape, column: string): Promise<ColumnStats> {
    const statement = onSide(this.#statements.side, () => columnStatsSql(table, column));
    const [row] = await this.#statements.rows<StatsRow>(
      `reading ${tableLabel(table)}.${column}`,
      statement.text,
    );
    return { rows: Number(row?.row_count ?? 0), max: row?.max_value ?? null };
  }

  async *readRows(
    table: TableShape,
    options: ReadOptions = {},
  ): AsyncIterable<readonly ExactRow[]> {
    const side = this.#statements.side;
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const key = onSide(side, () => (options.range ? requireKey(table, side) : keyColumns(table)));
    const keyPositions = key.map((name) => table.columns.findIndex((c) => c.name === name));
    const upTo = options.range?.upTo;
    const what = `reading ${tableLabel(table)}`;
    let after = options.range?.after;
    for (;;) {
      const range =
        key.length > 0 ? { ...(after ? { after } : {}), ...(upTo ? { upTo } : {}) } : undefined;
      const statement = onSide(side, () => readRowsSql(table, side, range));
      const rows = await this.#statements.rows<ExactRow>(what, statement.text, statement.params, {
        arrays: true,
        bind: (request) => request.input(BATCH_PARAM, sql.Int(), batchSize),
      });
      if (rows.length > 0) yield rows;
      const last = rows[rows.length - 1];
      if (key.length === 0 || rows.length < batchSize || last === undefined) return;
      after = keyPositions.map((position) => last[position] ?? null);
    }
  }
}
