import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database, Session, WriteCount } from '../../port/database.js';
import type { TableShape } from '../../port/shapes.js';
import { dataColumns, tableLabel } from '../../port/table-key.js';
import type { KeyRange } from '../../port/types.js';
import { advanceIdentityInRangeSql, copyInSql, copyOutSql } from './copy-range-sql.js';
import { queryError } from './errors.js';
import type { Statements } from './statements.js';

/**
 * The PostgreSQL databases (the port objects sync is handed) whose server can send `COPY … TO
 * STDOUT`, with the statements of their pools: what a session needs to stream from them directly.
 */
const copySources = new WeakMap<Database, Statements>();

/** Marks `database` as a server a binary COPY can be read from (not PGlite over its socket). */
export function registerCopySource(database: Database, statements: Statements): void {
  copySources.set(database, statements);
}

/** Rows per page when a range is copied row by row (no COPY between the two servers). */
export const ROW_COPY_PAGE = 5000;

/**
 * Copies a key range of `sourceTable` on `source` into `table` through the session's client. From
 * one PostgreSQL server to another (both taking COPY): a binary `COPY … TO STDOUT` on a client of
 * the source's pool piped into a binary `COPY … FROM STDIN`, with backpressure, so no row is parsed
 * in JavaScript and at most a few socket buffers are held. Binary input needs each column's type
 * to be the same on both sides, which sync's shape guard has checked. Otherwise (PGlite), the rows
 * travel in exact form through `readRows` and `upsertRows`. Identity sequences are moved past the
 * values written either way.
 */
export async function copyRange(
  target: Statements,
  session: Session,
  copyIn: boolean,
  source: Database,
  sourceTable: TableShape,
  table: TableShape,
  range?: KeyRange,
): Promise<WriteCount> {
  const from = copySources.get(source);
  if (!copyIn || !from) return copyRows(session, source, sourceTable, table, range);
  const what = `copying ${tableLabel(sourceTable)} from side ${from.side} into ${tableLabel(table)}`;
  const out = copyOutSql(sourceTable, from.side, range);
  const sourceClient = await from.acquire(what);
  let broken: Error | undefined;
  let rows = 0;
  try {
    if (out.bounds) {
      const { text, values } = out.bounds;
      await sourceClient.query({ text, values: [...values] }).catch((error: unknown) => {
        throw queryError(from.side, what, error);
      });
    }
    rows = await target.withClient(what, async (client) => {
      const reading = sourceClient.query(copyTo(out.copy));
      const writing = client.query(copyFrom(copyInSql(table)));
      // Whichever side fails first is the one the error names; the other stream is torn down.
      let failed: 'source' | 'target' | null = null;
      reading.once('error', () => {
        failed ??= 'source';
      });
      writing.once('error', () => {
        failed ??= 'target';
      });
      try {
        await pipeline(reading, writing);
      } catch (error) {
        if (failed === 'source') throw queryError(from.side, what, error);
        throw error;
      }
      return writing.rowCount;
    });
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    // A source client torn down mid-COPY is mid-protocol: never pooled again.
    sourceClient.release(broken);
  }
  const side = target.side;
  for (const column of dataColumns(table).filter((c) => c.identity))
    await target.rows(
      `writing into ${tableLabel(table)}`,
      advanceIdentityInRangeSql(table, side, column, range),
    );
  return { inserted: rows, updated: 0, deleted: 0 };
}

/** The exact path: the range read in pages of exact values and upserted page by page. */
async function copyRows(
  session: Session,
  source: Database,
  sourceTable: TableShape,
  table: TableShape,
  range?: KeyRange,
): Promise<WriteCount> {
  const data = new Set(dataColumns(sourceTable));
  const keep = sourceTable.columns.flatMap((c, i) => (data.has(c) ? [i] : []));
  let written: WriteCount = { inserted: 0, updated: 0, deleted: 0 };
  const pages = source.readRows(sourceTable, {
    ...(range ? { range } : {}),
    batchSize: ROW_COPY_PAGE,
  });
  for await (const page of pages) {
    const done = await session.upsertRows(
      table,
      page.map((row) => keep.map((i) => row[i] ?? null)),
    );
    written = {
      inserted: written.inserted + done.inserted,
      updated: written.updated + done.updated,
      deleted: 0,
    };
  }
  return written;
}
