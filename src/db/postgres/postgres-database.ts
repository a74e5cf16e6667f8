import { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { keyColumns, tableLabel } from '../../core/table-key.js';
import type { KeyRange, Row, Side, Value } from '../../core/types.js';
import type {
  Catalog,
  ColumnShape,
  ColumnStats,
  ConnectionSettings,
  Database,
  DatabaseInfo,
  DatabaseRecord,
  Engine,
  ForeignKeyShape,
  ReadOptions,
  SegmentChecksum,
  ServerAdmin,
  TableShape,
  TriggerShape,
} from '../database.js';
import { serverLabel } from '../server-label.js';
import { arrayParam, copyLine } from './copy-text.js';
import { connectError, queryError } from './postgres-errors.js';
import {
  COLUMNS_SQL,
  checksumSql,
  columnStatsSql,
  copyFromSql,
  createDatabaseSql,
  DESCRIBE_SQL,
  dropDatabaseSql,
  FIND_DATABASE_SQL,
  FOREIGN_KEYS_SQL,
  insertArraysSql,
  KEYS_SQL,
  LABEL_DATABASE_SQL,
  readRowsSql,
  SESSION_OPTIONS,
  type Statement,
  TABLES_SQL,
  TRIGGERS_SQL,
  writableColumns,
} from './postgres-sql.js';
import { postgresKind } from './postgres-types.js';

/** Rows per keyset page when reading. */
export const DEFAULT_BATCH_SIZE = 5000;

/** The database PostgreSQL keeps for maintenance connections. */
const MAINTENANCE_DATABASE = 'postgres';

/** Date and time types kept as the server's text, so no value passes through a local time zone. */
const RAW_TEXT_TYPES = new Set([1082, 1083, 1114, 1184, 1186, 1266]);

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (RAW_TEXT_TYPES.has(oid)) return (text: string) => text;
    return format === 'binary'
      ? pg.types.getTypeParser(oid, 'binary')
      : pg.types.getTypeParser(oid);
  },
} as unknown as pg.CustomTypesConfig;

/** The `pg` pool options for a side's settings; the password is asked for only if the server wants one. */
export function toPoolConfig(
  settings: ConnectionSettings,
  database = settings.database,
): pg.PoolConfig {
  const secret = settings.password;
  return {
    host: settings.server,
    port: settings.port ?? 5432,
    database,
    user: settings.user,
    ...(secret ? { password: () => secret.reveal() } : {}),
    ssl: settings.encrypt ? { rejectUnauthorized: !settings.trustServerCertificate } : false,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    ...(settings.requestTimeoutMs > 0 ? { statement_timeout: settings.requestTimeoutMs } : {}),
    application_name: settings.appName,
    max: settings.poolSize,
    options: SESSION_OPTIONS,
    types: typeParsers,
  };
}

/** Opens a pool and proves it with one round trip (which also says what server it is), explaining any failure. */
async function openPool(
  side: Side,
  settings: ConnectionSettings,
  database?: string,
): Promise<{ pool: pg.Pool; version: string }> {
  // pg leaves the socket open when it fails a login on its own side (no password to give the
  // server), which would keep the process alive: track the first sockets to close them on failure.
  const sockets = new Set<Socket>();
  const pool = new pg.Pool({
    ...toPoolConfig(settings, database),
    stream: () => {
      const socket = new Socket();
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      return socket;
    },
  });
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const { rows } = await pool.query<{ v: string }>('SELECT version() AS v');
    return { pool, version: rows[0]?.v ?? '' };
  } catch (error) {
    await pool.end().catch(() => {});
    for (const socket of sockets) socket.destroy();
    throw connectError(side, settings, error);
  }
}

interface TableRow {
  readonly oid: number;
  readonly nspname: string;
  readonly relname: string;
}
interface ColumnRow {
  readonly table_oid: number;
  readonly column_name: string;
  readonly full_type: string;
  readonly data_type: string;
  readonly char_length: number | null;
  readonly numeric_precision: number | null;
  readonly numeric_scale: number | null;
  readonly time_precision: number | null;
  readonly nullable: boolean;
  readonly is_identity: boolean;
  readonly is_generated: boolean;
}
interface KeyRow {
  readonly table_oid: number;
  readonly is_primary: boolean;
  readonly columns: string[];
}
interface ForeignKeyRow {
  readonly table_oid: number;
  readonly name: string;
  readonly columns: string[];
  readonly referenced_schema: string;
  readonly referenced_table: string;
  readonly referenced_columns: string[];
}
interface TriggerRow {
  readonly table_oid: number;
  readonly name: string;
  readonly enabled: boolean;
}

function toColumn(row: ColumnRow): ColumnShape {
  return {
    name: row.column_name,
    dataType: row.data_type,
    type: row.full_type,
    length: row.char_length,
    precision: row.numeric_precision,
    scale: row.numeric_scale ?? row.time_precision,
    nullable: row.nullable,
    identity: row.is_identity,
    generated: row.is_generated,
    rowVersion: false,
    kind: postgresKind(row.data_type),
  };
}

function groupBy<T extends { readonly table_oid: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.table_oid);
    if (group) group.push(row);
    else groups.set(row.table_oid, [row]);
  }
  return groups;
}

/** A side's PostgreSQL database, through a `pg` pool. */
export class PostgresDatabase implements Database {
  readonly side: Side;
  readonly engine = 'postgres' as const;
  readonly #settings: ConnectionSettings;
  readonly #pool: pg.Pool;
  /** PGlite's socket server cannot take `COPY FROM STDIN`; it gets the `unnest` insert instead. */
  readonly #copyIn: boolean;

  private constructor(side: Side, settings: ConnectionSettings, pool: pg.Pool, copyIn: boolean) {
    this.side = side;
    this.#settings = settings;
    this.#pool = pool;
    this.#copyIn = copyIn;
  }

  /** Connects and checks the connection with one round trip. */
  static async open(side: Side, settings: ConnectionSettings): Promise<PostgresDatabase> {
    const { pool, version } = await openPool(side, settings);
    return new PostgresDatabase(side, settings, pool, !version.includes('PGlite'));
  }

  async #query<R extends pg.QueryResultRow>(
    what: string,
    statement: Statement | string,
  ): Promise<R[]> {
    const { text, values } =
      typeof statement === 'string' ? { text: statement, values: [] } : statement;
    try {
      return (await this.#pool.query<R>(text, values as unknown[])).rows;
    } catch (error) {
      throw queryError(this.side, what, error);
    }
  }

  async describe(): Promise<DatabaseInfo> {
    const [row] = await this.#query<{
      database_name: string;
      default_schema: string | null;
      version: string;
      server_version: string;
    }>('reading server facts', DESCRIBE_SQL);
    const pglite = row?.version.match(/PGlite [\d.]+/)?.[0];
    const postgres = `PostgreSQL ${row?.server_version ?? '?'}`;
    return {
      server: serverLabel(this.#settings),
      database: row?.database_name ?? this.#settings.database,
      engine: 'postgres',
      engineVersion: pglite ? `${pglite} (${postgres})` : postgres,
      defaultSchema: row?.default_schema ?? 'public',
    };
  }

  async readCatalog(): Promise<Catalog> {
    const what = 'reading the catalog';
    const [tables, columns, keys, foreignKeys, triggers] = await Promise.all([
      this.#query<TableRow>(what, TABLES_SQL),
      this.#query<ColumnRow>(what, COLUMNS_SQL).then(groupBy),
      this.#query<KeyRow>(what, KEYS_SQL).then(groupBy),
      this.#query<ForeignKeyRow>(what, FOREIGN_KEYS_SQL).then(groupBy),
      this.#query<TriggerRow>(what, TRIGGERS_SQL).then(groupBy),
    ]);
    return {
      tables: tables.map((t): TableShape => {
        const tableKeys = keys.get(t.oid) ?? [];
        return {
          schema: t.nspname,
          name: t.relname,
          columns: (columns.get(t.oid) ?? []).map(toColumn),
          primaryKey: tableKeys.find((k) => k.is_primary)?.columns ?? [],
          uniqueKeys: tableKeys.filter((k) => !k.is_primary).map((k) => k.columns),
          foreignKeys: (foreignKeys.get(t.oid) ?? []).map(
            (f): ForeignKeyShape => ({
              name: f.name,
              columns: f.columns,
              referencedSchema: f.referenced_schema,
              referencedTable: f.referenced_table,
              referencedColumns: f.referenced_columns,
              enabled: true,
            }),
          ),
          triggers: (triggers.get(t.oid) ?? []).map(
            (g): TriggerShape => ({ name: g.name, enabled: g.enabled }),
          ),
        };
      }),
    };
  }

  async checksum(table: TableShape, range?: KeyRange): Promise<SegmentChecksum> {
    const [row] = await this.#query<{ row_count: string; byte_count: string; digest: string }>(
      `checksum of ${tableLabel(table)}`,
      checksumSql(table, this.side, range),
    );
    return {
      rows: Number(row?.row_count ?? 0),
      bytes: Number(row?.byte_count ?? 0),
      digest: row?.digest ?? '0',
    };
  }

  async columnStats(table: TableShape, column: string): Promise<ColumnStats> {
    const [row] = await this.#query<{ row_count: string; max_value: Value }>(
      `reading ${tableLabel(table)}.${column}`,
      columnStatsSql(table, column),
    );
    return { rows: Number(row?.row_count ?? 0), max: row?.max_value ?? null };
  }

  async *readRows(table: TableShape, options: ReadOptions = {}): AsyncIterable<readonly Row[]> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const keyPositions = keyColumns(table).map((k) => table.columns.findIndex((c) => c.name === k));
    let after = options.range?.after;
    for (;;) {
      const range: KeyRange = { ...options.range, ...(after ? { after } : {}) };
      const { text, values } = readRowsSql(table, this.side, batchSize, range);
      let rows: Row[];
      try {
        rows = (
          await this.#pool.query<Value[]>({ text, values: values as unknown[], rowMode: 'array' })
        ).rows;
      } catch (error) {
        throw queryError(this.side, `reading ${tableLabel(table)}`, error);
      }
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return;
      after = keyPositions.map((i) => last[i] ?? null);
    }
  }

  async bulkInsert(
    table: TableShape,
    batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  ): Promise<number> {
    const columns = writableColumns(table);
    const positions = columns.map((c) => table.columns.indexOf(c));
    let written = 0;
    try {
      for await (const batch of batches) {
        if (batch.length === 0) continue;
        if (this.#copyIn) await this.#copyBatch(table, batch, positions);
        else await this.#insertBatch(table, batch, columns, positions);
        written += batch.length;
      }
    } catch (error) {
      throw queryError(this.side, `bulk insert into ${tableLabel(table)}`, error);
    }
    return written;
  }

  async #copyBatch(
    table: TableShape,
    batch: readonly Row[],
    positions: readonly number[],
  ): Promise<void> {
    const client = await this.#pool.connect();
    try {
      const lines = (function* () {
        for (const row of batch) yield copyLine(row, positions);
      })();
      await pipeline(Readable.from(lines), client.query(copyFrom(copyFromSql(table))));
    } finally {
      client.release();
    }
  }

  async #insertBatch(
    table: TableShape,
    batch: readonly Row[],
    columns: readonly ColumnShape[],
    positions: readonly number[],
  ): Promise<void> {
    const arrays = columns.map((column, c) =>
      batch.map((row) => arrayParam(row[positions[c] ?? -1] ?? null, column)),
    );
    await this.#pool.query(insertArraysSql(table), arrays);
  }

  async runScript(script: string): Promise<void> {
    await this.#query('running the schema script', script);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

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

/** The PostgreSQL engine. */
export const postgresEngine: Engine = {
  name: 'postgres',
  open: (side, settings) => PostgresDatabase.open(side, settings),
  openAdmin: (side, settings) => PostgresAdmin.open(side, settings),
};
