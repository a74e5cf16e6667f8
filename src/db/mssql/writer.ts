import type { IBulkOptions, IResult } from 'mssql';
import sql from 'mssql';
import type { Database, ServerSession, TableWriter, WriteCount } from '../../port/database.js';
import { IcmsyncError } from '../../port/errors.js';
import type { TableShape } from '../../port/shapes.js';
import { dataColumns, tableLabel } from '../../port/table-key.js';
import type { ExactRow, ExactValue, Key, KeyRange } from '../../port/types.js';
import { onSide } from '../adapter-errors.js';
import { lockoutOffSql, lockoutOnSql, MARK_WRITER_SQL } from './lockout-sql.js';
import type { ExactParam } from './quote.js';
import type { Statements } from './statements.js';
import { toBuffer } from './values.js';
import {
  deleteRangeSql,
  deleteRowsSql,
  LOCK_NAME_PARAM,
  lockGranted,
  lockName,
  OTHER_SESSIONS_SQL,
  SEES_ALL_SESSIONS_SQL,
  type Stage,
  sessionsHidden,
  setTriggersSql,
  TRY_LOCK_SQL,
  upsertRowsSql,
} from './write-rows-sql.js';

/**
 * NULLs stay NULL (KEEP_NULLS) rather than taking a default. A staging table is the session's
 * own, so no table lock is asked for (tedious would read that as `lockTable`, not mssql's
 * declared `tableLock`, which it ignores).
 */
const STAGE_BULK_OPTIONS: IBulkOptions = { keepNulls: true };

const deleted = (n: number): WriteCount => ({ inserted: 0, updated: 0, deleted: n });

/** Rows per staged bulk load when a key range is copied from the other side. */
const COPY_PAGE_ROWS = 5000;

/** A value as tedious bulk-loads it into a staging column: text, a Buffer, or null. */
const stageValue = (value: ExactValue): string | Buffer | null =>
  value instanceof Uint8Array ? toBuffer(value) : value;

interface DeletedRow {
  deleted: number;
}
interface UpsertedRow {
  updated: number;
  inserted: number;
}

/**
 * The writes of a sync on one session's connection (`statements` is pinned to it): values are
 * bulk-loaded into a temporary staging table, then one statement writes them into the target.
 */
export class MssqlWriter implements TableWriter {
  readonly #statements: Statements;

  constructor(statements: Statements) {
    this.#statements = statements;
  }

  async deleteRows(table: TableShape, keys: readonly Key[]): Promise<WriteCount> {
    if (keys.length === 0) return deleted(0);
    const side = this.#statements.side;
    const statement = onSide(side, () => deleteRowsSql(table, side));
    const what = `deleting from ${tableLabel(table)}`;
    await this.#stage(what, statement.stage, keys);
    const row = await this.#lastRow<DeletedRow>(what, statement.text);
    return deleted(Number(row?.deleted ?? 0));
  }

  async deleteRange(table: TableShape, range?: KeyRange): Promise<WriteCount> {
    const side = this.#statements.side;
    const statement = onSide(side, () => deleteRangeSql(table, side, range));
    const row = await this.#lastRow<DeletedRow>(
      `deleting from ${tableLabel(table)}`,
      statement.text,
      statement.params,
    );
    return deleted(Number(row?.deleted ?? 0));
  }

  async upsertRows(table: TableShape, rows: readonly ExactRow[]): Promise<WriteCount> {
    if (rows.length === 0) return { inserted: 0, updated: 0, deleted: 0 };
    const side = this.#statements.side;
    const statement = onSide(side, () => upsertRowsSql(table, side));
    const what = `writing into ${tableLabel(table)}`;
    await this.#stage(what, statement.stage, rows);
    const row = await this.#lastRow<UpsertedRow>(what, statement.text);
    return {
      inserted: Number(row?.inserted ?? 0),
      updated: Number(row?.updated ?? 0),
      deleted: 0,
    };
  }

  /**
   * Copies a key range from `source` by the exact path: its rows read in pages of exact values and
   * each page upserted through the staging table, all on this session's connection.
   */
  async copyRangeFrom(
    source: Database,
    sourceTable: TableShape,
    table: TableShape,
    range?: KeyRange,
  ): Promise<WriteCount> {
    const data = new Set(dataColumns(sourceTable));
    const keep = sourceTable.columns.flatMap((c, i) => (data.has(c) ? [i] : []));
    let inserted = 0;
    let updated = 0;
    const pages = source.readRows(sourceTable, {
      ...(range ? { range } : {}),
      batchSize: COPY_PAGE_ROWS,
    });
    for await (const page of pages) {
      const done = await this.upsertRows(
        table,
        page.map((row) => keep.map((i) => row[i] ?? null)),
      );
      inserted += done.inserted;
      updated += done.updated;
    }
    return { inserted, updated, deleted: 0 };
  }

  async setTriggers(
    table: TableShape,
    triggers: readonly string[],
    enabled: boolean,
  ): Promise<void> {
    if (triggers.length === 0) return;
    await this.#statements.rows(
      `${enabled ? 'enabling' : 'disabling'} triggers of ${tableLabel(table)}`,
      setTriggersSql(table, triggers, enabled),
    );
  }

  async setLockout(table: TableShape, on: boolean): Promise<void> {
    await this.#statements.rows(
      `${on ? 'locking out other writers of' : 'ending the lockout of'} ${tableLabel(table)}`,
      on ? lockoutOnSql(table) : lockoutOffSql(table),
    );
  }

  async markWriter(): Promise<void> {
    await this.#statements.rows('marking the session as the sync writer', MARK_WRITER_SQL, [], {
      batch: true,
    });
  }

  async tryLock(name: string): Promise<boolean> {
    const resource = lockName(name);
    const [row] = await this.#statements.rows<{ result: number }>(
      `taking the application lock ${name}`,
      TRY_LOCK_SQL,
      [],
      { bind: (request) => request.input(LOCK_NAME_PARAM, sql.NVarChar(255), resource) },
    );
    return lockGranted(Number(row?.result), name, this.#statements.side);
  }

  /**
   * Fills `stage` with `values` on the session's connection: the table is created (or emptied) by
   * a plain batch, so it outlives the call, then loaded through TDS bulk load, which mssql runs
   * on the connection the request's parent hands out: the pinned one.
   */
  async #stage(what: string, stage: Stage, values: readonly (readonly ExactValue[])[]) {
    await this.#statements.rows(what, stage.prepare, [], { batch: true });
    const load = new sql.Table(stage.name);
    load.create = false;
    for (const column of stage.columns) {
      const type = column.binary ? sql.VarBinary(sql.MAX) : sql.NVarChar(sql.MAX);
      load.columns.add(column.name, type, { nullable: true });
    }
    for (const row of values) {
      if (row.length !== stage.columns.length) {
        throw new IcmsyncError(
          `${what}: a row has ${row.length} values for ${stage.columns.length} columns (a defect in icmsync)`,
          'INTERNAL',
          { side: this.#statements.side },
        );
      }
      load.rows.add(...row.map(stageValue));
    }
    const request = this.#statements.request();
    await this.#statements.guard(
      what,
      () => request.bulk(load, STAGE_BULK_OPTIONS),
      () => request.cancel(),
    );
  }

  /**
   * Runs a statement through sp_executesql and returns the first row of its last result set: the
   * counts come last, after anything a trigger may have returned.
   */
  async #lastRow<T>(
    what: string,
    text: string,
    params: readonly ExactParam[] = [],
  ): Promise<T | undefined> {
    const request = this.#statements.request(params);
    const result = await this.#statements.guard<IResult<T>>(
      what,
      () => request.query<T>(text),
      () => request.cancel(),
    );
    const sets = result.recordsets as unknown as readonly (readonly T[])[];
    return sets[sets.length - 1]?.[0];
  }
}

interface SeesAllRow {
  sees_all: number;
}

/**
 * The other user sessions on the database, refused (REFUSED) when the login may see only its
 * own: an empty list would then say nothing.
 */
export async function otherSessions(
  statements: Statements,
  database: string,
): Promise<ServerSession[]> {
  const [visibility] = await statements.rows<SeesAllRow>(
    'checking who may list sessions',
    SEES_ALL_SESSIONS_SQL,
  );
  if (Number(visibility?.sees_all) !== 1) throw sessionsHidden(statements.side, database);
  return statements.rows<ServerSession>('listing sessions', OTHER_SESSIONS_SQL);
}
