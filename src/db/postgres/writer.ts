import type { ServerSession, TableWriter, WriteCount } from '../../port/database.js';
import type { TableShape } from '../../port/shapes.js';
import { dataColumns, tableLabel } from '../../port/table-key.js';
import type { ExactRow, Key, KeyRange } from '../../port/types.js';
import { lockoutOffSql, lockoutOnSql, MARK_WRITER_SQL } from './lockout-sql.js';
import type { Statements } from './statements.js';
import {
  advanceIdentitySql,
  deleteRangeSql,
  deleteRowsSql,
  OTHER_SESSIONS_SQL,
  setTriggerSql,
  TRY_LOCK_SQL,
  upsertRowsSql,
} from './write-rows-sql.js';

const deleted = (n: number): WriteCount => ({ inserted: 0, updated: 0, deleted: n });

/** The writes of a sync on one session's client (`statements` is pinned to it). */
export class PostgresWriter implements TableWriter {
  readonly #statements: Statements;

  constructor(statements: Statements) {
    this.#statements = statements;
  }

  async deleteRows(table: TableShape, keys: readonly Key[]): Promise<WriteCount> {
    if (keys.length === 0) return deleted(0);
    const rows = await this.#count(
      `deleting from ${tableLabel(table)}`,
      deleteRowsSql(table, this.#statements.side, keys),
    );
    return deleted(rows);
  }

  async deleteRange(table: TableShape, range?: KeyRange): Promise<WriteCount> {
    const rows = await this.#count(
      `deleting from ${tableLabel(table)}`,
      deleteRangeSql(table, this.#statements.side, range),
    );
    return deleted(rows);
  }

  async upsertRows(table: TableShape, rows: readonly ExactRow[]): Promise<WriteCount> {
    if (rows.length === 0) return { inserted: 0, updated: 0, deleted: 0 };
    const what = `writing into ${tableLabel(table)}`;
    const written = await this.#statements.rows<{ inserted: boolean }>(
      what,
      upsertRowsSql(table, this.#statements.side, rows),
    );
    for (const column of dataColumns(table).filter((c) => c.identity))
      await this.#statements.rows(what, advanceIdentitySql(table, column));
    const inserted = written.filter((r) => r.inserted).length;
    return { inserted, updated: written.length - inserted, deleted: 0 };
  }

  async setTriggers(
    table: TableShape,
    triggers: readonly string[],
    enabled: boolean,
  ): Promise<void> {
    const what = `${enabled ? 'enabling' : 'disabling'} triggers of ${tableLabel(table)}`;
    for (const trigger of triggers)
      await this.#statements.rows(what, setTriggerSql(table, trigger, enabled));
  }

  async setLockout(table: TableShape, on: boolean): Promise<void> {
    await this.#statements.rows(
      `${on ? 'locking out other writers of' : 'ending the lockout of'} ${tableLabel(table)}`,
      on ? lockoutOnSql(table) : lockoutOffSql(table),
    );
  }

  /** A SET is undone if its transaction rolls back: mark outside a transaction. */
  async markWriter(): Promise<void> {
    await this.#statements.rows('marking the session as the sync writer', MARK_WRITER_SQL);
  }

  async tryLock(name: string): Promise<boolean> {
    const [row] = await this.#statements.rows<{ locked: boolean }>('taking the sync lock', {
      text: TRY_LOCK_SQL,
      values: [name],
    });
    return row?.locked === true;
  }

  /** Runs a data-changing statement and returns the rows it touched. */
  async #count(what: string, statement: { text: string; values: readonly unknown[] }) {
    return this.#statements.withClient(what, async (client) => {
      const result = await client.query({ text: statement.text, values: [...statement.values] });
      return result.rowCount ?? 0;
    });
  }
}

/** The other client sessions on the database. */
export async function otherSessions(statements: Statements): Promise<ServerSession[]> {
  return statements.rows<ServerSession>('listing sessions', OTHER_SESSIONS_SQL);
}
