import type { ConnectionPool } from 'mssql';
import type { Database, IsolationLevel, Session, WriteCount } from '../../port/database.js';
import { IcmsyncError } from '../../port/errors.js';
import type { TableShape } from '../../port/shapes.js';
import type { ExactRow, Key, KeyRange, Side } from '../../port/types.js';
import { MssqlReader } from './reads.js';
import type { RequestParent, Statements } from './statements.js';
import { MssqlWriter } from './writer.js';

/** SQL Server's words for each isolation level. */
const ISOLATION_SQL: Readonly<Record<IsolationLevel, string>> = {
  'read-committed': 'READ COMMITTED',
  'repeatable-read': 'REPEATABLE READ',
  snapshot: 'SNAPSHOT',
};

/** The tedious connection calls a session makes itself. */
interface TediousConnection {
  reset(callback: (error?: Error) => void): void;
  close(): void;
  hasError?: boolean;
}

/**
 * The parts of mssql's ConnectionPool a session uses that its type declarations leave out:
 * `acquire` and `release` are documented methods of the pool (base/connection-pool.js).
 */
interface PoolConnections {
  readonly config: unknown;
  readonly collation?: unknown;
  acquire(requester: unknown): Promise<TediousConnection>;
  release(connection: TediousConnection): unknown;
}

/**
 * A request parent that always hands out one connection, the way mssql's own Transaction does:
 * every mssql Request made on it runs on that connection, one at a time.
 */
class PinnedConnection {
  readonly config: unknown;
  readonly connected = true;
  readonly collation: unknown;
  /** mssql's Request reads this to learn that a transaction was aborted; sessions run their own. */
  readonly _aborted = false;
  readonly #connection: unknown;
  #busy = false;

  constructor(pool: PoolConnections, connection: unknown) {
    this.config = pool.config;
    this.collation = pool.collation;
    this.#connection = connection;
  }

  acquire(
    _request: unknown,
    callback: (error: Error | null, connection?: unknown, config?: unknown) => void,
  ) {
    if (this.#busy) {
      setImmediate(
        callback,
        new Error('a session runs one statement at a time (a defect in icmsync)'),
      );
      return this;
    }
    this.#busy = true;
    setImmediate(callback, null, this.#connection, this.config);
    return this;
  }

  release(): this {
    this.#busy = false;
    return this;
  }
}

/**
 * One pinned connection: the port's reads and writes on it, and transactions of the session's
 * isolation.
 */
export class MssqlSession extends MssqlReader implements Session {
  readonly side: Side;
  readonly #statements: Statements;
  readonly #writer: MssqlWriter;
  #inTransaction = false;

  constructor(statements: Statements) {
    super(statements);
    this.side = statements.side;
    this.#statements = statements;
    this.#writer = new MssqlWriter(statements);
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

  /** The mark lives in the session context, which the reset at the session's end clears. */
  markWriter(): Promise<void> {
    return this.#writer.markWriter();
  }

  copyRangeFrom(
    source: Database,
    sourceTable: TableShape,
    table: TableShape,
    range?: KeyRange,
  ): Promise<WriteCount> {
    return this.#writer.copyRangeFrom(source, sourceTable, table, range);
  }

  /**
   * Session-owned, so it lasts until the session ends: a session that succeeded resets its
   * connection (TDS RESETCONNECTION simulates a logout, and a logout releases session locks); one
   * that failed closes its connection.
   */
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
      await this.#statements.rows('starting a transaction', 'BEGIN TRANSACTION;', [], {
        batch: true,
      });
      let result: T;
      try {
        result = await work();
      } catch (error) {
        // XACT_ABORT may have rolled the transaction back already; a broken connection ended it.
        await this.#statements
          .rows('rolling back', 'IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;', [], { batch: true })
          .catch(() => {});
        throw error;
      }
      await this.#statements.rows('committing', 'COMMIT TRANSACTION;', [], { batch: true });
      return result;
    } finally {
      this.#inTransaction = false;
    }
  }
}

/**
 * Runs `work` on one connection of the pool. Afterwards the connection is reset to its login
 * state (tedious runs sp_reset_connection: temporary tables, SET options and session-owned
 * application locks go; each session sets its own isolation level) and given back. A session that
 * failed closes its connection at once, so that its locks, staging tables and any open transaction
 * end with it rather than when the pool next validates the connection, and marks it broken, so the
 * pool discards it.
 */
export async function runSession<T>(
  pool: ConnectionPool,
  statements: Statements,
  work: (session: Session) => Promise<T>,
  isolation: IsolationLevel,
  signal: AbortSignal | undefined,
): Promise<T> {
  const connections = pool as unknown as PoolConnections;
  const connection = await statements.guard('opening a session', () => connections.acquire(pool));
  const pinned = new PinnedConnection(connections, connection);
  const session = statements.on(pinned as unknown as RequestParent, signal);
  let failed = false;
  try {
    await session.rows(
      'opening a session',
      `SET TRANSACTION ISOLATION LEVEL ${ISOLATION_SQL[isolation]};`,
      [],
      { batch: true },
    );
    return await work(new MssqlSession(session));
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (!failed) {
      await new Promise<void>((resolve) =>
        connection.reset((error) => {
          if (error) failed = true;
          resolve();
        }),
      );
    }
    if (failed) {
      connection.hasError = true;
      connection.close();
    }
    connections.release(connection);
  }
}
