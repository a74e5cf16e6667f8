import { IcmsyncError } from '../../port/errors.js';
import type { ColumnShape, ValueKind } from '../../port/shapes.js';

/**
 * How each SQL Server system type is hashed and compared. Types absent here (sql_variant,
 * geography, geometry, hierarchyid, CLR user-defined types) are `other`.
 */
const KINDS: Readonly<Record<string, ValueKind>> = {
  bigint: 'integer',
  int: 'integer',
  smallint: 'integer',
  tinyint: 'integer',
  bit: 'boolean',
  decimal: 'decimal',
  numeric: 'decimal',
  money: 'money',
  smallmoney: 'money',
  float: 'float',
  real: 'float',
  char: 'text',
  varchar: 'text',
  nchar: 'text',
  nvarchar: 'text',
  text: 'text',
  ntext: 'text',
  binary: 'binary',
  varbinary: 'binary',
  image: 'binary',
  // rowversion: 8 bytes, never hashed or written, but readable as binary.
  timestamp: 'binary',
  datetime: 'datetime',
  smalldatetime: 'datetime',
  datetime2: 'datetime',
  date: 'date',
  time: 'time',
  datetimeoffset: 'datetimeoffset',
  uniqueidentifier: 'guid',
  xml: 'xml',
};

/** Types whose `sys.columns.max_length` counts bytes of two-byte characters. */
const UNICODE_TYPES = new Set(['nchar', 'nvarchar']);
/** Types declared with a length: `varchar(32)`, `binary(16)`, `nvarchar(max)`. */
const SIZED_TYPES = new Set(['char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary']);
/** Types declared with a fractional-seconds scale: `datetime2(7)`. */
const SCALED_TIME_TYPES = new Set(['datetime2', 'time', 'datetimeoffset']);
/** Types declared with precision and scale: `decimal(18,4)`. */
const EXACT_NUMERIC_TYPES = new Set(['decimal', 'numeric']);

/** A column's type as `sys.columns` and `sys.types` describe it. */
export interface CatalogType {
  /** The system type name, lower case (`nvarchar` for `sysname` and alias types). */
  readonly typeName: string;
  /** Bytes; -1 for `max` and `xml`. */
  readonly maxLength: number;
  readonly precision: number;
  readonly scale: number;
}

/** The comparison kind of a SQL Server type name. */
export function mssqlKind(typeName: string): ValueKind {
  return KINDS[typeName.toLowerCase()] ?? 'other';
}

/** Characters for strings, bytes for binaries; null for `max`, LOB and fixed-size types. */
export function columnLength(type: CatalogType): number | null {
  const name = type.typeName.toLowerCase();
  if (!SIZED_TYPES.has(name) || type.maxLength < 0) return null;
  return UNICODE_TYPES.has(name) ? type.maxLength / 2 : type.maxLength;
}

/** The type as it is declared: `varchar(32)`, `nvarchar(max)`, `decimal(18,4)`, `datetime`. */
export function declaredType(type: CatalogType): string {
  const name = type.typeName.toLowerCase();
  if (SIZED_TYPES.has(name)) return `${name}(${columnLength(type) ?? 'max'})`;
  if (EXACT_NUMERIC_TYPES.has(name)) return `${name}(${type.precision},${type.scale})`;
  if (SCALED_TIME_TYPES.has(name)) return `${name}(${type.scale})`;
  return name;
}

/** Precision where the declared type has one (exact numerics, money, floats), else null. */
export function columnPrecision(type: CatalogType): number | null {
  const kind = mssqlKind(type.typeName);
  return kind === 'decimal' || kind === 'money' || kind === 'float' ? type.precision : null;
}

/** Scale where the declared type has one (exact numerics, money, fractional seconds), else null. */
export function columnScale(type: CatalogType): number | null {
  const name = type.typeName.toLowerCase();
  const kind = mssqlKind(name);
  return kind === 'decimal' || kind === 'money' || SCALED_TIME_TYPES.has(name) ? type.scale : null;
}

/** The mssql type factories the adapter may use, by name. */
export const DRIVER_TYPE_NAMES = [
  'BigInt',
  'Int',
  'SmallInt',
  'TinyInt',
  'Bit',
  'Decimal',
  'Float',
  'Real',
  'Char',
  'VarChar',
  'NChar',
  'NVarChar',
  'Text',
  'Binary',
  'VarBinary',
  'Image',
  'DateTime',
  'SmallDateTime',
  'DateTime2',
  'Date',
  'Time',
  'DateTimeOffset',
  'UniqueIdentifier',
  'Xml',
] as const;
export type DriverTypeName = (typeof DRIVER_TYPE_NAMES)[number];

/** Which mssql type factory to call for a column, and with what arguments. */
export type DriverType =
  | { readonly name: DriverTypeName }
  | { readonly name: DriverTypeName; readonly length: number | 'max' }
  | { readonly name: DriverTypeName; readonly scale: number }
  | { readonly name: DriverTypeName; readonly precision: number; readonly scale: number };

const PLAIN_DRIVER_TYPES: Readonly<Record<string, DriverTypeName>> = {
  bigint: 'BigInt',
  int: 'Int',
  smallint: 'SmallInt',
  tinyint: 'TinyInt',
  bit: 'Bit',
  float: 'Float',
  real: 'Real',
  text: 'Text',
  image: 'Image',
  datetime: 'DateTime',
  smalldatetime: 'SmallDateTime',
  date: 'Date',
  uniqueidentifier: 'UniqueIdentifier',
  xml: 'Xml',
};

const SIZED_DRIVER_TYPES: Readonly<Record<string, DriverTypeName>> = {
  char: 'Char',
  varchar: 'VarChar',
  nchar: 'NChar',
  nvarchar: 'NVarChar',
  binary: 'Binary',
  varbinary: 'VarBinary',
};

/**
 * Types sent as another type that the server converts exactly, because their own path writes them
 * wrong: mssql hands NText to tedious as an NVarChar without a length, which tedious declares
 * nvarchar(4000); tedious 19 writes Money and SmallMoney as value * 10000 truncated, so 0.0003
 * arrives as 0.0002, where Decimal rounds.
 */
const SUBSTITUTED_DRIVER_TYPES: Readonly<Record<string, DriverType>> = {
  ntext: { name: 'NVarChar', length: 'max' },
  money: { name: 'Decimal', precision: 19, scale: 4 },
  smallmoney: { name: 'Decimal', precision: 10, scale: 4 },
};

const SCALED_DRIVER_TYPES: Readonly<Record<string, DriverTypeName>> = {
  datetime2: 'DateTime2',
  time: 'Time',
  datetimeoffset: 'DateTimeOffset',
};

/**
 * The driver type that writes `column` exactly, for bulk-load columns and typed key parameters: its
 * own type where the driver writes that faithfully (a `varchar` key compared with an `nvarchar`
 * parameter would scan, not seek).
 */
export function driverType(column: ColumnShape, owner: string): DriverType {
  const name = column.dataType.toLowerCase();
  const substituted = SUBSTITUTED_DRIVER_TYPES[name];
  if (substituted) return substituted;
  const plain = PLAIN_DRIVER_TYPES[name];
  if (plain) return { name: plain };
  const sized = SIZED_DRIVER_TYPES[name];
  if (sized) return { name: sized, length: column.length ?? 'max' };
  const scaled = SCALED_DRIVER_TYPES[name];
  if (scaled) return { name: scaled, scale: column.scale ?? 7 };
  if (EXACT_NUMERIC_TYPES.has(name)) {
    return { name: 'Decimal', precision: column.precision ?? 18, scale: column.scale ?? 0 };
  }
  throw new IcmsyncError(
    `${owner}.${column.name} has type ${column.type}, which icmsync cannot copy (leave the table out)`,
    'UNSUPPORTED',
  );
}
