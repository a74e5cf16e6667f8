import type { ConnectionPool } from 'mssql';
import sql from 'mssql';
import type { DatabaseRecord, ServerAdmin } from '../../port/admin.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';
import { createDatabaseSql, dropDatabaseSql, findDatabaseSql, readLabelSql } from './admin-sql.js';
import { connectPool } from './connect.js';
import { queryError } from './errors.js';
import { ADMIN_DATABASE } from './pool-config.js';
import type { TextStatement } from './quote.js';

/** Longest text parameter: a database name is a sysname, a label at most 4,000 characters. */
const TEXT_PARAM_LENGTH = 4000;

/** Creates, finds and drops databases through a pool on `master`. */
export class MssqlAdmin implements ServerAdmin {
  readonly #side: Side;
  readonly #settings: ConnectionSettings;
  readonly #pool: ConnectionPool;

  private constructor(side: Side, settings: ConnectionSettings, pool: ConnectionPool) {
    this.#side = side;
    this.#settings = settings;
    this.#pool = pool;
  }

  /** Connects to `master` with the side's settings. */
  static async open(side: Side, settings: ConnectionSettings): Promise<MssqlAdmin> {
    const admin = { ...settings, database: ADMIN_DATABASE };
    return new MssqlAdmin(side, admin, (await connectPool(side, admin)).pool);
  }

  async findDatabase(name: string): Promise<DatabaseRecord | null> {
    const what = `finding database ${name}`;
    const [found] = await this.#run<{ name: string; has_access: number | null }>(
      what,
      findDatabaseSql(name),
    );
    if (!found) return null;
    // A database this login cannot open (or that is offline) cannot show a label: not ours to touch.
    if (found.has_access !== 1) return { label: null };
    const [row] = await this.#run<{ label: string | null }>(what, readLabelSql(found.name));
    return { label: row?.label ?? null };
  }

  async createDatabase(name: string, label: string): Promise<void> {
    for (const statement of createDatabaseSql(name, label)) {
      await this.#run(`creating database ${name}`, statement);
    }
  }

  async dropDatabase(name: string): Promise<void> {
    await this.#run(`dropping database ${name}`, dropDatabaseSql(name));
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  /** Runs through sp_executesql (query()), which is what scopes each statement's `USE`. */
  async #run<T>(what: string, statement: TextStatement): Promise<T[]> {
    const request = this.#pool.request();
    for (const param of statement.params) {
      request.input(param.name, sql.NVarChar(TEXT_PARAM_LENGTH), param.value);
    }
    try {
      return (await request.query<T>(statement.text)).recordset ?? [];
    } catch (error) {
      throw queryError(this.#side, this.#settings, what, error);
    }
  }
}
