import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ColumnShape, TableShape } from '../../port/shapes.js';
import { dataColumns, tableLabel } from '../../port/table-key.js';
import type { Row } from '../../port/types.js';
import type { Statements } from './statements.js';
import { arrayParam, copyLine } from './values.js';
import { copyFromSql, insertArraysSql } from './write-sql.js';

/** COPY one batch of rows in text format through one client. */
async function copyBatch(
  client: pg.PoolClient,
  table: TableShape,
  batch: readonly Row[],
  positions: readonly number[],
): Promise<void> {
  const lines = (function* () {
    for (const row of batch) yield copyLine(row, positions);
  })();
  await pipeline(Readable.from(lines), client.query(copyFrom(copyFromSql(table))));
}

/** One INSERT per batch with one array parameter per column (servers without COPY FROM STDIN). */
async function insertBatch(
  client: pg.PoolClient,
  table: TableShape,
  batch: readonly Row[],
  columns: readonly ColumnShape[],
  positions: readonly number[],
): Promise<void> {
  const arrays = columns.map((column, c) =>
    batch.map((row) => arrayParam(row[positions[c] ?? -1] ?? null, column)),
  );
  await client.query(insertArraysSql(table), arrays);
}

/**
 * Appends rows through COPY FROM STDIN, one COPY per batch, or through `unnest` arrays where the
 * server cannot take COPY FROM STDIN (PGlite over its socket). Returns rows written.
 */
export async function bulkInsert(
  statements: Statements,
  table: TableShape,
  batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  copyIn: boolean,
): Promise<number> {
  const columns = dataColumns(table);
  const positions = columns.map((c) => table.columns.indexOf(c));
  const what = `bulk insert into ${tableLabel(table)}`;
  let written = 0;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    await statements.withClient(what, (client) =>
      copyIn
        ? copyBatch(client, table, batch, positions)
        : insertBatch(client, table, batch, columns, positions),
    );
    written += batch.length;
  }
  return written;
}
