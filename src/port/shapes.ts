import type { EngineName } from './settings.js';
import type { ExactValue } from './types.js';

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
  /**
   * The collation of a text column (`Latin1_General_CI_AS`, `"C"`), which decides how its values
   * order and which compare equal; null for other types and the engine's default.
   */
  readonly collation: string | null;
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
  /** Total bytes of the rows' canonical text (the Logger's "bytes" figure, icmsync's way). */
  readonly bytes: number;
  /** The sum of the rows' 64-bit hashes, as an exact decimal string. */
  readonly digest: string;
}

/** Row count and highest value of one column. */
export interface ColumnStats {
  readonly rows: number;
  /** The highest value in exact form; null for an empty table. */
  readonly max: ExactValue;
}
