import type pg from 'pg';
import type { DatabaseRecord, ServerAdmin } from '../../port/admin.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';
import {
  createDatabaseSql,
  dropDatabaseSql,
  FIND_DATABASE_SQL,
  LABEL_DATABASE_SQL,
} from './admin-sql.js';
import { openPool } from './connect.js';
import { queryError } from './errors.js';

/** The database PostgreSQL keeps for maintenance connections. */
const MAINTENANCE_DATABASE = 'postgres';

/** Server-level operations through the `postgres` maintenance database. */
export class PostgresAdmin implements ServerAdmin {
  readonly #side: Side;
  readonly #pool: pg.Pool;

  private constructor(side: Side, pool: pg.Pool) {
    this.#side = side;
    this.#pool = pool;
  }

  /** Connects to the maintenance database with the side's settings. */
  static async open(side: Side, settings: ConnectionSettings): Promise<PostgresAdmin> {
    return new PostgresAdmin(side, (await openPool(side, settings, MAINTENANCE_DATABASE)).pool);
  }

  async #run<R extends pg.QueryResultRow>(what: string, text: string, values: unknown[] = []) {
    try {
      return (await this.#pool.query<R>(text, values)).rows;
    } catch (error) {
      throw queryError(this.#side, what, error);
    }
  }

  async findDatabase(name: string): Promise<DatabaseRecord | null> {
    const [row] = await this.#run<{ label: string | null }>(
      `looking up database ${name}`,
      FIND_DATABASE_SQL,
      [name],
    );
    return row ? { label: row.label } : null;
  }

  async createDatabase(name: string, label: string): Promise<void> {
    await this.#run(`creating database ${name}`, createDatabaseSql(name));
    const [row] = await this.#run<{ statement: string }>(
      `labelling database ${name}`,
      LABEL_DATABASE_SQL,
      [name, label],
    );
    if (row) await this.#run(`labelling database ${name}`, row.statement);
  }

  async dropDatabase(name: string): Promise<void> {
    await this.#run(`dropping database ${name}`, dropDatabaseSql(name));
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
