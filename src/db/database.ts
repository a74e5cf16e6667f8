import type { KeyRange, Row, Side, Value } from '../core/types.js';
import type { Secret } from './secret.js';

/** The database engines icmsync speaks. */
export const ENGINES = ['mssql', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

/** How to reach one side's database: validated once by the CLI, then frozen. */
export interface ConnectionSettings {
  readonly engine: EngineName;
  /** Host name or address. */
  readonly server: string;
  /** TCP port; absent means the engine's default (1433, 5432) or the named instance's port. */
  readonly port: number | undefined;
  /** SQL Server named instance, resolved through SQL Browser (UDP 1434). */
  readonly instanceName: string | undefined;
  readonly database: string;
  /** SQL login, or the Windows user when `domain` is set. */
  readonly user: string | undefined;
  /** From an environment variable or a prompt; never from a file or a flag. */
  readonly password: Secret | undefined;
  /** Windows domain: switches SQL Server authentication to NTLM. */
  readonly domain: string | undefined;
  /** Use TLS. @default true */
  readonly encrypt: boolean;
  /** Accept a certificate that does not chain to a trusted root (self-signed lab servers). @default false */
  readonly trustServerCertificate: boolean;
  /** @default 15000 */
  readonly connectTimeoutMs: number;
  /** Longest a single statement may run; 0 means no limit. @default 0 */
  readonly requestTimeoutMs: number;
  /** Shown to the server as the client program name. @default 'icmsync' */
  readonly appName: string;
  /** Connections per side. @default 4 */
  readonly poolSize: number;
}

/** How each adapter classifies a column type, for hashing and for comparing values. */
export const VALUE_KINDS = [
  'integer',
  'decimal',
  'money',
  'float',
  'boolean',
  'text',
  'binary',
  'datetime',
  'date',
  'time',
  'datetimeoffset',
  'guid',
  'xml',
  /** A type icmsync cannot hash or copy faithfully (sql_variant, geography, hierarchyid…). */
  'other',
] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** A column as the catalog describes it. */
export interface ColumnShape {
  readonly name: string;
  /** The engine's type name, lower case: `int`, `varchar`, `timestamp without time zone`. */
  readonly dataType: string;
  /** The full declared type: `varchar(32)`, `decimal(18,4)`, `varbinary(max)`. */
  readonly type: string;
  /** Characters for strings, bytes for binaries; null for unbounded (`max`, `text`) or fixed types. */
  readonly length: number | null;
  readonly precision: number | null;
  readonly scale: number | null;
  readonly nullable: boolean;
  readonly identity: boolean;
  /** Computed by the server (computed column, GENERATED ALWAYS): never written, never hashed. */
  readonly generated: boolean;
  /** SQL Server rowversion: differs per database by design, never written, never hashed. */
  readonly rowVersion: boolean;
  readonly kind: ValueKind;
}

/** A foreign key from this table to another (or to itself). */
export interface ForeignKeyShape {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedSchema: string;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly enabled: boolean;
}

/** A trigger on a table. */
export interface TriggerShape {
  readonly name: string;
  readonly enabled: boolean;
}

/** A user table as the catalog describes it. */
export interface TableShape {
  readonly schema: string;
  readonly name: string;
  /** In column order. */
  readonly columns: readonly ColumnShape[];
  /** Primary key columns in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
  /** Unique constraints and unique unfiltered indexes other than the primary key. */
  readonly uniqueKeys: readonly (readonly string[])[];
  readonly foreignKeys: readonly ForeignKeyShape[];
  readonly triggers: readonly TriggerShape[];
}

/** The user tables of one database. */
export interface Catalog {
  readonly tables: readonly TableShape[];
}

/** Who and what is at the other end of a connection. */
export interface DatabaseInfo {
  /** `host,port`, `host\instance` or `host:port`, as a DBA would type it. */
  readonly server: string;
  readonly database: string;
  readonly engine: EngineName;
  /** The server's own description: `Microsoft SQL Server 2022 16.0.4135.4`, `PostgreSQL 15.20`. */
  readonly engineVersion: string;
  /** Where unqualified Logger tables live: `dbo`, `public`. */
  readonly defaultSchema: string;
}

/**
 * A server-side summary of a table or key range: count-guarded, order-free, computed without
 * sending a row to the client. Two summaries are equal when `rows` and `digest` are.
 */
export interface SegmentChecksum {
  readonly rows: number;
  /** Total bytes of the hashed column values (the Logger's "bytes" figure). */
  readonly bytes: number;
  /** The sum of the rows' 64-bit hashes, as an exact decimal string. */
  readonly digest: string;
}

/** Row count and highest value of one column (for RecoveryKey and update keys). */
export interface ColumnStats {
  readonly rows: number;
  readonly max: Value;
}

/** Options for {@link Database.readRows}. */
export interface ReadOptions {
  readonly range?: KeyRange;
  /** Rows per yielded batch. @default 5000 */
  readonly batchSize?: number;
}

/**
 * The port: everything the engine asks of a database, shaped by the domain rather than by SQL.
 * One implementation per engine; only those implementations import a driver.
 */
export interface Database {
  readonly side: Side;
  readonly engine: EngineName;
  /** Server, database and engine version. */
  describe(): Promise<DatabaseInfo>;
  /** Tables, columns, keys, foreign keys and triggers of every user table. */
  readCatalog(): Promise<Catalog>;
  /** Checksums `table` (or the slice `range` of it, in key order) on the server. */
  checksum(table: TableShape, range?: KeyRange): Promise<SegmentChecksum>;
  /** Row count and highest value of `column`. */
  columnStats(table: TableShape, column: string): Promise<ColumnStats>;
  /** Streams rows in key order, in batches, with every column in table order. */
  readRows(table: TableShape, options?: ReadOptions): AsyncIterable<readonly Row[]>;
  /** Appends rows through the engine's bulk path, one bulk load per batch; returns rows written. */
  bulkInsert(
    table: TableShape,
    batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  ): Promise<number>;
  /** Runs a script of several statements (schema creation). */
  runScript(script: string): Promise<void>;
  close(): Promise<void>;
}

/** What a server says about a database by name. */
export interface DatabaseRecord {
  /** The label icmsync left on a database it created, or null when it has none. */
  readonly label: string | null;
}

/** Server-level operations, through a connection to the server's maintenance database. */
export interface ServerAdmin {
  /** The database called `name`, or null when there is none. */
  findDatabase(name: string): Promise<DatabaseRecord | null>;
  /** Creates an empty database and labels it. */
  createDatabase(name: string, label: string): Promise<void>;
  /** Drops a database, closing other sessions on it first. */
  dropDatabase(name: string): Promise<void>;
  close(): Promise<void>;
}

/** One engine's adapter, loaded on demand so the other driver is never imported. */
export interface Engine {
  readonly name: EngineName;
  /** Connects to `settings.database` for `side`. */
  open(side: Side, settings: ConnectionSettings): Promise<Database>;
  /** Connects to the server's maintenance database (`master`, `postgres`). */
  openAdmin(side: Side, settings: ConnectionSettings): Promise<ServerAdmin>;
}
