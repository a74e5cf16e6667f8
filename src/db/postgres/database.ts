import type pg from 'pg';
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
import { PostgresAdmin } from './admin.js';
import { describeServer, readCatalog } from './catalog.js';
import { openPool } from './connect.js';
import { registerCopySource } from './copy-range.js';
import { probeDatabase } from './probe.js';
import { PostgresReader } from './reads.js';
import { postgresScriptDialect } from './script-dialect.js';
import { runSession } from './session.js';
import { Statements } from './statements.js';
import { otherSessions } from './writer.js';
import { bulkInsert } from './writes.js';

/** A Logger database on PostgreSQL (or the embedded PGlite), through one `pg` pool. */
export class PostgresDatabase extends PostgresReader implements Database {
  readonly engine = 'postgres' as const;
  readonly side: Side;
  readonly #settings: ConnectionSettings;
  readonly #pool: pg.Pool;
  readonly #statements: Statements;
  /** PGlite's socket server cannot take COPY FROM STDIN; it gets the `unnest` path. */
  readonly #copyIn: boolean;

  private constructor(
    settings: ConnectionSettings,
    pool: pg.Pool,
    statements: Statements,
    copyIn: boolean,
  ) {
    super(statements);
    this.side = statements.side;
    this.#settings = settings;
    this.#pool = pool;
    this.#statements = statements;
    this.#copyIn = copyIn;
  }

  /** Connects and proves the connection with one round trip. */
  static async open(
    side: Side,
    settings: ConnectionSettings,
    options: OpenOptions = {},
  ): Promise<PostgresDatabase> {
    const { pool, config, version } = await openPool(side, settings);
    const statements = new Statements(side, { pool }, settings, config, options.signal);
    const copyIn = !version.includes('PGlite');
    const database = new PostgresDatabase(settings, pool, statements, copyIn);
    if (copyIn) registerCopySource(database, statements);
    return database;
  }

  describe(): Promise<DatabaseInfo> {
    return describeServer(this.#statements, serverLabel(this.#settings), this.#settings.database);
  }

  readCatalog(): Promise<Catalog> {
    return readCatalog(this.#statements);
  }

  otherSessions(): Promise<ServerSession[]> {
    return otherSessions(this.#statements);
  }

  probe(tables: readonly TableShape[]): Promise<DatabaseProbe> {
    return probeDatabase(this.#statements, tables);
  }

  session<T>(work: (session: Session) => Promise<T>, options: SessionOptions = {}): Promise<T> {
    return runSession(
      this.#statements,
      work,
      options.isolation ?? 'read-committed',
      options.signal,
      this.#copyIn,
    );
  }

  bulkInsert(
    table: TableShape,
    batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  ): Promise<number> {
    return bulkInsert(this.#statements, table, batches, this.#copyIn);
  }

  async runScript(script: string): Promise<void> {
    await this.#statements.rows('running the schema script', script);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** The PostgreSQL engine. */
export const postgresEngine: Engine = {
  name: 'postgres',
  scriptDialect: postgresScriptDialect,
  open: (side, settings, options) => PostgresDatabase.open(side, settings, options),
  openAdmin: (side, settings) => PostgresAdmin.open(side, settings),
};
