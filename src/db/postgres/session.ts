import type { Database, IsolationLevel, Session, WriteCount } from '../../port/database.js';
import { IcmsyncError } from '../../port/errors.js';
import type { TableShape } from '../../port/shapes.js';
import type { ExactRow, Key, KeyRange, Side } from '../../port/types.js';
import { copyRange } from './copy-range.js';
import { PostgresReader } from './reads.js';
import type { Statements } from './statements.js';
import { PostgresWriter } from './writer.js';

/** PostgreSQL's words for each isolation level; its REPEATABLE READ is snapshot isolation. */
const ISOLATION_SQL: Readonly<Record<IsolationLevel, string>> = {
  'read-committed': 'READ COMMITTED',
  'repeatable-read': 'REPEATABLE READ',
  snapshot: 'REPEATABLE READ',
};

/** One pinned client: the port's reads on it, and transactions of the session's isolation. */
export class PostgresSession extends PostgresReader implements Session {
  readonly side: Side;
  readonly #statements: Statements;
  readonly #isolation: IsolationLevel;
  readonly #writer: PostgresWriter;
  /** Whether the server takes COPY FROM STDIN (PGlite over its socket does not). */
  readonly #copyIn: boolean;
  #inTransaction = false;

  constructor(statements: Statements, isolation: IsolationLevel, copyIn = true) {
    super(statements);
    this.side = statements.side;
    this.#statements = statements;
    this.#isolation = isolation;
    this.#writer = new PostgresWriter(statements);
    this.#copyIn = copyIn;
  }

  deleteRows(table: TableShape, keys: readonly Key[]): Promise<WriteCount> {
    return this.#writer.deleteRows(table, keys);
  }

  deleteRange(table: TableShape, range?: KeyRange): Promise<WriteCount> {
    return this.#writer.deleteRange(table, range);
  }

  upsertRows(table: TableShape, rows: readonly ExactRow[]): Promise<WriteCount> {
    return this.#writer.upsertRows(table, rows);
  }

  setTriggers(table: TableShape, triggers: readonly string[], enabled: boolean): Promise<void> {
    return this.#writer.setTriggers(table, triggers, enabled);
  }

  setLockout(table: TableShape, on: boolean): Promise<void> {
    return this.#writer.setLockout(table, on);
  }

  markWriter(): Promise<void> {
    return this.#writer.markWriter();
  }

  copyRangeFrom(
    source: Database,
    sourceTable: TableShape,
    table: TableShape,
    range?: KeyRange,
  ): Promise<WriteCount> {
    return copyRange(this.#statements, this, this.#copyIn, source, sourceTable, table, range);
  }

  tryLock(name: string): Promise<boolean> {
    return this.#writer.tryLock(name);
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.#inTransaction) {
      throw new IcmsyncError('transactions do not nest (a defect in icmsync)', 'INTERNAL', {
        side: this.side,
      });
    }
    this.#inTransaction = true;
    try {
      await this.#statements.rows(
        'starting a transaction',
        `BEGIN ISOLATION LEVEL ${ISOLATION_SQL[this.#isolation]}`,
      );
      let result: T;
      try {
        result = await work();
      } catch (error) {
        // A failed ROLLBACK means the connection broke, which ended the transaction anyway.
        await this.#statements.rows('rolling back', 'ROLLBACK').catch(() => {});
        throw error;
      }
      await this.#statements.rows('committing', 'COMMIT');
      return result;
    } finally {
      this.#inTransaction = false;
    }
  }
}

/**
 * Runs `work` on one client of the pool. A session that failed gives its client back as broken
 * (pg destroys it); one that succeeded resets the client's session state first (`DISCARD ALL`
 * drops temporary tables and settings made with SET; the startup options stay).
 */
export async function runSession<T>(
  statements: Statements,
  work: (session: Session) => Promise<T>,
  isolation: IsolationLevel,
  signal: AbortSignal | undefined,
  copyIn = true,
): Promise<T> {
  const client = await statements.acquire('opening a session');
  const pinned = statements.on({ client }, signal);
  let failure: Error | undefined;
  try {
    return await work(new PostgresSession(pinned, isolation, copyIn));
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    if (!failure) {
      await client.query('DISCARD ALL').catch((error: Error) => {
        failure = error;
      });
    }
    client.release(failure);
  }
}
