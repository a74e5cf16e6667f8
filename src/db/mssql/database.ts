import type { ConnectionPool } from 'mssql';
import type {
  Database,
  Engine,
  OpenOptions,
  ServerSession,
  Session,
  SessionOptions,
} from '../../port/database.js';
import type { DatabaseProbe } from '../../port/probe.js';
import { serverLabel } from '../../port/server-label.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Catalog, DatabaseInfo, TableShape } from '../../port/shapes.js';
import type { Row, Side } from '../../port/types.js';
import { MssqlAdmin } from './admin.js';
import { describeServer, readCatalog } from './catalog.js';
import { connectPool } from './connect.js';
import { probeDatabase } from './probe.js';
import { MssqlReader } from './reads.js';
import { mssqlScriptDialect } from './script-dialect.js';
import { runSession } from './session.js';
import { Statements } from './statements.js';
import { otherSessions } from './writer.js';
import { bulkInsert, runScript } from './writes.js';

/** A Logger database on SQL Server, through one mssql pool. */
export class MssqlDatabase extends MssqlReader implements Database {
  readonly engine = 'mssql' as const;
  readonly side: Side;
  readonly #settings: ConnectionSettings;
  readonly #pool: ConnectionPool;
  readonly #statements: Statements;

  private constructor(settings: ConnectionSettings, pool: ConnectionPool, statements: Statements) {
    super(statements);
    this.side = statements.side;
    this.#settings = settings;
    this.#pool = pool;
    this.#statements = statements;
  }

  /** Connects, proving the login on the first connection; every connection the pool opens must set up TLS (TlsGuardedPool). */
  static async open(
    side: Side,
    settings: ConnectionSettings,
    options: OpenOptions = {},
  ): Promise<MssqlDatabase> {
    const { pool, watch } = await connectPool(side, settings);
    return new MssqlDatabase(
      settings,
      pool,
      new Statements(side, pool, settings, watch, options.signal),
    );
  }

  describe(): Promise<DatabaseInfo> {
    return describeServer(this.#statements, serverLabel(this.#settings), this.#settings.database);
  }

  readCatalog(): Promise<Catalog> {
    return readCatalog(this.#statements);
  }

  otherSessions(): Promise<ServerSession[]> {
    return otherSessions(this.#statements, this.#settings.database);
  }

  probe(tables: readonly TableShape[]): Promise<DatabaseProbe> {
    return probeDatabase(this.#statements, tables);
  }

  session<T>(work: (session: Session) => Promise<T>, options: SessionOptions = {}): Promise<T> {
    return runSession(
      this.#pool,
      this.#statements,
      work,
      options.isolation ?? 'read-committed',
      options.signal,
    );
  }

  bulkInsert(
    table: TableShape,
    batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  ): Promise<number> {
    return bulkInsert(this.#statements, table, batches);
  }

  runScript(script: string): Promise<void> {
    return runScript(this.#statements, script);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/** The SQL Server engine: one pool per side, loaded only when a profile names it. */
export const mssqlEngine: Engine = {
  name: 'mssql',
  scriptDialect: mssqlScriptDialect,
  open: (side, settings, options) => MssqlDatabase.open(side, settings, options),
  openAdmin: (side, settings) => MssqlAdmin.open(side, settings),
};
