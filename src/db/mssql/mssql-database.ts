import type {
  ConnectionPool,
  IBulkOptions,
  IResult,
  ISqlType,
  Request as MssqlRequest,
} from 'mssql';
import sql from 'mssql';
import { IcmsyncError } from '../../core/errors.js';
import { dataColumns, requireKey, tableLabel } from '../../core/table-key.js';
import type { KeyRange, Row, Side, Value } from '../../core/types.js';
import { connectErrors } from '../connect-errors.js';
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
import { ADMIN_DATABASE, requireCredentials, toPoolConfig } from './mssql-config.js';
import { connectError, queryError } from './mssql-errors.js';
import {
  BATCH_PARAM,
  COLUMNS_SQL,
  checksumSql,
  columnStatsSql,
  createDatabaseSql,
  DESCRIBE_SQL,
  dropDatabaseSql,
  FOREIGN_KEYS_SQL,
  findDatabaseSql,
  KEYS_SQL,
  type KeyParam,
  qualifiedName,
  readLabelSql,
  readRowsSql,
  splitBatches,
  TABLES_SQL,
  type TextStatement,
  TRIGGERS_SQL,
} from './mssql-sql.js';
import {
  type CatalogType,
  columnLength,
  columnPrecision,
  columnScale,
  type DriverType,
  declaredType,
  driverType,
  mssqlKind,
} from './mssql-types.js';

/** Rows per page of {@link MssqlDatabase.readRows} when the caller does not say. */
export const DEFAULT_BATCH_SIZE = 5000;

/** Longest text parameter: a database name is a sysname, a label at most 4,000 characters. */
const TEXT_PARAM_LENGTH = 4000;

/**
 * Constraints are checked so a bulk load leaves foreign keys trusted; NULLs stay NULL instead of
 * taking column defaults. Triggers do not fire, and no table lock is taken (`lockTable`).
 */
const BULK_OPTIONS: IBulkOptions = { keepNulls: true, checkConstraints: true };

/** What the connection probe saw: the login's server error numbers and whether TLS was set up. */
interface LoginProbe {
  readonly serverErrors: number[];
  secured: boolean;
}

/** Opens one pool for one side, with every failure explained once. */
async function connectPool(side: Side, settings: ConnectionSettings): Promise<ConnectionPool> {
  requireCredentials(side, settings);
  const password = (await settings.password?.reveal()) ?? '';
  const probe: LoginProbe = { serverErrors: [], secured: false };
  const pool = new sql.ConnectionPool({
    ...toPoolConfig(settings, password),
    beforeConnect: (connection) => {
      // tedious drops the server's error number from login errors; the ERROR token has it.
      const onError = (token: { number: number }) => {
        probe.serverErrors.push(token.number);
      };
      // tedious 19 carries on in clear text when encrypt is true but the server cannot encrypt.
      const onSecure = () => {
        probe.secured = true;
      };
      connection.on('errorMessage', onError);
      connection.on('secure', onSecure);
      // Only the login is probed: tedious emits 'connect' once it succeeded or failed, and the
      // pooled connection would otherwise record every later query error for its whole life.
      connection.once('connect', () => {
        connection.removeListener('errorMessage', onError);
        connection.removeListener('secure', onSecure);
      });
    },
  });
  // Every failure also rejects the request or connect() it belongs to; without a listener, an
  // 'error' event the pool re-emits would crash the process instead.
  pool.on('error', () => undefined);
  try {
    await pool.connect();
  } catch (error) {
    throw connectError(side, settings, error, probe.serverErrors);
  }
  if (settings.encrypt && !probe.secured) {
    await pool.close();
    throw connectErrors.tlsUnavailable(side, settings, undefined);
  }
  return pool;
}

/** An mssql type object for a driver type (a fresh object: mssql's Table writes names into it). */
function sqlType(type: DriverType): ISqlType {
  const length = 'length' in type ? (type.length === 'max' ? sql.MAX : type.length) : undefined;
  const scale = 'scale' in type ? type.scale : undefined;
  // mssql's Binary takes a length at runtime; its type declaration says it takes none.
  const binary = sql.Binary as unknown as (length?: number) => ISqlType;
  switch (type.name) {
    case 'BigInt':
      return sql.BigInt();
    case 'Int':
      return sql.Int();
    case 'SmallInt':
      return sql.SmallInt();
    case 'TinyInt':
      return sql.TinyInt();
    case 'Bit':
      return sql.Bit();
    case 'Decimal':
      return sql.Decimal('precision' in type ? type.precision : undefined, scale);
    case 'Float':
      return sql.Float();
    case 'Real':
      return sql.Real();
    case 'Char':
      return sql.Char(length);
    case 'VarChar':
      return sql.VarChar(length);
    case 'NChar':
      return sql.NChar(length);
    case 'NVarChar':
      return sql.NVarChar(length);
    case 'Text':
      return sql.Text();
    case 'Binary':
      return binary(length);
    case 'VarBinary':
      return sql.VarBinary(length);
    case 'Image':
      return sql.Image();
    case 'DateTime':
      return sql.DateTime();
    case 'SmallDateTime':
      return sql.SmallDateTime();
    case 'DateTime2':
      return sql.DateTime2(scale);
    case 'Date':
      return sql.Date();
    case 'Time':
      return sql.Time(scale);
    case 'DateTimeOffset':
      return sql.DateTimeOffset(scale);
    case 'UniqueIdentifier':
      return sql.UniqueIdentifier();
    case 'Xml':
      return sql.Xml();
  }
}

/** What tedious accepts for every type icmsync writes. */
type DriverValue = string | number | boolean | Date | Buffer | null;

/**
 * A value as tedious writes it: bigint as its decimal text (tedious validates with BigInt()),
 * bytes as a Buffer, and dates with the sub-millisecond part tedious read (`nanosecondsDelta`)
 * under the name it writes (`nanosecondDelta`).
 */
function toDriverValue(value: Value): DriverValue {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  if (value instanceof Date) {
    const read = (value as { nanosecondsDelta?: unknown }).nanosecondsDelta;
    if (
      typeof read === 'number' &&
      (value as { nanosecondDelta?: unknown }).nanosecondDelta === undefined
    ) {
      return Object.assign(new Date(value.getTime()), { nanosecondDelta: read });
    }
  }
  return value;
}

/** Adds the side to an error a pure builder raised without one. */
function onSide<T>(side: Side, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof IcmsyncError && error.side === undefined) {
      throw new IcmsyncError(error.message, error.code, { side, cause: error });
    }
    throw error;
  }
}

interface DescribeRow {
  product_version: string | null;
  product_level: string | null;
  edition: string | null;
  database_name: string;
  default_schema: string | null;
}
interface TableRow {
  object_id: number;
  schema_name: string;
  table_name: string;
}
interface ColumnRow {
  object_id: number;
  column_name: string;
  type_name: string;
  max_length: number;
  precision: number;
  scale: number;
  is_nullable: boolean;
  is_identity: boolean;
  is_computed: boolean;
  generated_always_type: number | null;
}
interface KeyRow {
  object_id: number;
  index_id: number;
  is_primary_key: boolean;
  column_name: string;
}
interface ForeignKeyRow {
  object_id: number;
  fk_id: number;
  fk_name: string;
  is_disabled: boolean;
  referenced_schema: string;
  referenced_table: string;
  column_name: string;
  referenced_column: string;
}
interface TriggerRow {
  object_id: number;
  trigger_name: string;
  is_disabled: boolean;
}
interface ChecksumRow {
  row_count: string | number;
  byte_count: string | number;
  digest: string;
}
interface StatsRow {
  row_count: string | number;
  max_value: Value;
}

/** The catalog's description of one column. */
function toColumnShape(row: ColumnRow): ColumnShape {
  const type: CatalogType = {
    typeName: row.type_name,
    maxLength: row.max_length,
    precision: row.precision,
    scale: row.scale,
  };
  return {
    name: row.column_name,
    dataType: row.type_name.toLowerCase(),
    type: declaredType(type),
    length: columnLength(type),
    precision: columnPrecision(type),
    scale: columnScale(type),
    nullable: row.is_nullable,
    identity: row.is_identity,
    generated: row.is_computed || (row.generated_always_type ?? 0) !== 0,
    // sys.types still calls rowversion by its old name.
    rowVersion: row.type_name.toLowerCase() === 'timestamp',
    kind: mssqlKind(row.type_name),
  };
}

/** Appends `value` to the list under `key`, keeping first-seen key order. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A Logger database on SQL Server, through one mssql pool. */
export class MssqlDatabase implements Database {
  readonly engine = 'mssql' as const;
  readonly side: Side;
  readonly #settings: ConnectionSettings;
  readonly #pool: ConnectionPool;

  constructor(side: Side, settings: ConnectionSettings, pool: ConnectionPool) {
    this.side = side;
    this.#settings = settings;
    this.#pool = pool;
  }

  async describe(): Promise<DatabaseInfo> {
    const [row] = await this.#select<DescribeRow>('describing the server', DESCRIBE_SQL);
    const version = [row?.product_version, row?.product_level, row?.edition]
      .filter(Boolean)
      .join(' ');
    return {
      server: serverLabel(this.#settings),
      database: row?.database_name ?? this.#settings.database,
      engine: 'mssql',
      engineVersion: `Microsoft SQL Server ${version}`,
      defaultSchema: row?.default_schema ?? 'dbo',
    };
  }

  async readCatalog(): Promise<Catalog> {
    const what = 'reading the catalog';
    const tables = await this.#select<TableRow>(what, TABLES_SQL);
    const columns = await this.#select<ColumnRow>(what, COLUMNS_SQL);
    const keys = await this.#select<KeyRow>(what, KEYS_SQL);
    const foreignKeys = await this.#select<ForeignKeyRow>(what, FOREIGN_KEYS_SQL);
    const triggers = await this.#select<TriggerRow>(what, TRIGGERS_SQL);

    const columnsOf = new Map<number, ColumnShape[]>();
    for (const row of columns) push(columnsOf, row.object_id, toColumnShape(row));

    const indexesOf = new Map<number, Map<number, { primary: boolean; columns: string[] }>>();
    for (const row of keys) {
      const indexes =
        indexesOf.get(row.object_id) ?? new Map<number, { primary: boolean; columns: string[] }>();
      indexesOf.set(row.object_id, indexes);
      const index = indexes.get(row.index_id) ?? { primary: row.is_primary_key, columns: [] };
      indexes.set(row.index_id, index);
      index.columns.push(row.column_name);
    }

    const foreignKeysOf = new Map<number, Map<number, ForeignKeyRow[]>>();
    for (const row of foreignKeys) {
      const byKey = foreignKeysOf.get(row.object_id) ?? new Map<number, ForeignKeyRow[]>();
      foreignKeysOf.set(row.object_id, byKey);
      push(byKey, row.fk_id, row);
    }

    const triggersOf = new Map<number, TriggerShape[]>();
    for (const row of triggers) {
      push(triggersOf, row.object_id, { name: row.trigger_name, enabled: !row.is_disabled });
    }

    return {
      tables: tables.map((table): TableShape => {
        const indexes = [...(indexesOf.get(table.object_id)?.values() ?? [])];
        const primaryKey = indexes.find((index) => index.primary)?.columns ?? [];
        const uniqueKeys = indexes.filter((index) => !index.primary).map((index) => index.columns);
        return {
          schema: table.schema_name,
          name: table.table_name,
          columns: columnsOf.get(table.object_id) ?? [],
          primaryKey,
          uniqueKeys,
          foreignKeys: [...(foreignKeysOf.get(table.object_id)?.values() ?? [])].map(toForeignKey),
          triggers: triggersOf.get(table.object_id) ?? [],
        };
      }),
    };
  }

  async checksum(table: TableShape, range?: KeyRange): Promise<SegmentChecksum> {
    const statement = onSide(this.side, () => checksumSql(table, this.side, range));
    const request = onSide(this.side, () => this.#request(table, statement.params));
    const [row] = await this.#run<ChecksumRow>(
      `checksum of ${tableLabel(table)}`,
      request,
      statement.text,
    );
    return {
      rows: Number(row?.row_count ?? 0),
      bytes: Number(row?.byte_count ?? 0),
      digest: String(row?.digest ?? '0'),
    };
  }

  async columnStats(table: TableShape, column: string): Promise<ColumnStats> {
    const statement = onSide(this.side, () => columnStatsSql(table, column));
    const [row] = await this.#run<StatsRow>(
      `reading ${tableLabel(table)}.${column}`,
      this.#pool.request(),
      statement.text,
    );
    return { rows: Number(row?.row_count ?? 0), max: row?.max_value ?? null };
  }

  async *readRows(table: TableShape, options: ReadOptions = {}): AsyncGenerator<readonly Row[]> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const key = onSide(this.side, () => requireKey(table, this.side));
    const keyPositions = key.map((name) => table.columns.findIndex((c) => c.name === name));
    const upTo = options.range?.upTo;
    let after = options.range?.after;
    for (;;) {
      const statement = onSide(this.side, () => readRowsSql(table, this.side, { after, upTo }));
      const request = onSide(this.side, () => this.#request(table, statement.params));
      request.input(BATCH_PARAM, sql.Int(), batchSize);
      request.arrayRowMode = true;
      const rows = await this.#run<Row>(`reading ${tableLabel(table)}`, request, statement.text);
      if (rows.length > 0) yield rows;
      const last = rows[rows.length - 1];
      if (rows.length < batchSize || last === undefined) return;
      after = keyPositions.map((position) => last[position] ?? null);
    }
  }

  async bulkInsert(
    table: TableShape,
    batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  ): Promise<number> {
    const label = tableLabel(table);
    const columns = dataColumns(table);
    const identity = columns.find((c) => c.identity);
    if (identity) {
      // tedious has no KeepIdentity option; what it does with identity values is unverified.
      throw new IcmsyncError(
        `bulk insert into identity column ${label}.${identity.name} is not supported yet`,
        'UNSUPPORTED',
        { side: this.side },
      );
    }
    if (table.schema.includes(']') || table.name.includes(']')) {
      // mssql's Table parses "[schema].[name]" without `]]` escapes.
      throw new IcmsyncError(
        `bulk insert into ${label}: mssql cannot load a table whose name contains ]`,
        'UNSUPPORTED',
        {
          side: this.side,
        },
      );
    }
    const positions = table.columns.flatMap((c, i) => (c.generated || c.rowVersion ? [] : [i]));
    const target = new sql.Table(qualifiedName(table));
    target.create = false;
    for (const column of columns) {
      const type = onSide(this.side, () => sqlType(driverType(column, label)));
      // tedious writes the name between brackets as given; mssql requires `]` already doubled.
      target.columns.add(column.name.replaceAll(']', ']]'), type, { nullable: column.nullable });
    }
    let written = 0;
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      for (const row of batch) {
        target.rows.add(...positions.map((i) => toDriverValue(row[i] ?? null)));
      }
      try {
        written += (await this.#pool.request().bulk(target, BULK_OPTIONS)).rowsAffected;
      } catch (error) {
        throw queryError(this.side, this.#settings, `bulk insert into ${label}`, error);
      } finally {
        target.rows.clear();
      }
    }
    return written;
  }

  async runScript(script: string): Promise<void> {
    // batch() sends plain SQL batches; query() would wrap each in sp_executesql.
    for (const [i, batch] of splitBatches(script).entries()) {
      try {
        await this.#pool.request().batch(batch);
      } catch (error) {
        throw queryError(this.side, this.#settings, `script batch ${i + 1}`, error);
      }
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  /** A request with the key parameters bound, each typed like the column it is compared with. */
  #request(table: TableShape, params: readonly KeyParam[]): MssqlRequest {
    const request = this.#pool.request();
    for (const param of params) {
      request.input(
        param.name,
        sqlType(driverType(param.column, tableLabel(table))),
        toDriverValue(param.value),
      );
    }
    return request;
  }

  #select<T>(what: string, text: string): Promise<T[]> {
    return this.#run<T>(what, this.#pool.request(), text);
  }

  async #run<T>(what: string, request: MssqlRequest, text: string): Promise<T[]> {
    let result: IResult<T>;
    try {
      result = await request.query<T>(text);
    } catch (error) {
      throw queryError(this.side, this.#settings, what, error);
    }
    return result.recordset ?? [];
  }
}

function toForeignKey(rows: readonly ForeignKeyRow[]): ForeignKeyShape {
  const first = rows[0];
  return {
    name: first?.fk_name ?? '',
    columns: rows.map((r) => r.column_name),
    referencedSchema: first?.referenced_schema ?? '',
    referencedTable: first?.referenced_table ?? '',
    referencedColumns: rows.map((r) => r.referenced_column),
    enabled: !(first?.is_disabled ?? false),
  };
}

/** Creates, finds and drops databases through a pool on `master`. */
export class MssqlAdmin implements ServerAdmin {
  readonly #side: Side;
  readonly #settings: ConnectionSettings;
  readonly #pool: ConnectionPool;

  constructor(side: Side, settings: ConnectionSettings, pool: ConnectionPool) {
    this.#side = side;
    this.#settings = settings;
    this.#pool = pool;
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

/** The SQL Server engine: one pool per side, loaded only when a profile names it. */
export const mssqlEngine: Engine = {
  name: 'mssql',
  async open(side, settings) {
    return new MssqlDatabase(side, settings, await connectPool(side, settings));
  },
  async openAdmin(side, settings) {
    const admin = { ...settings, database: ADMIN_DATABASE };
    return new MssqlAdmin(side, admin, await connectPool(side, admin));
  },
};
