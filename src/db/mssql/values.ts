import type { ISqlType, Request as MssqlRequest } from 'mssql';
import sql from 'mssql';
import type { Value } from '../../port/types.js';
import type { ExactParam } from './quote.js';
import type { DriverType } from './types.js';

/** An mssql type object for a driver type (a fresh object: mssql's Table writes names into it). */
export function sqlType(type: DriverType): ISqlType {
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
export type DriverValue = string | number | boolean | Date | Buffer | null;

/** Bytes as a Buffer, the only byte type tedious writes. */
export function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value)
    ? value
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * A generated value as tedious writes it: bigint as its decimal text (tedious validates with
 * BigInt()), bytes as a Buffer, and dates with the sub-millisecond part tedious read
 * (`nanosecondsDelta`) under the name it writes (`nanosecondDelta`).
 */
export function toDriverValue(value: Value): DriverValue {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return toBuffer(value);
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

/** Longest exact text of a key value: keys are at most 1,700 bytes, so 4,000 characters hold any. */
const EXACT_TEXT_LENGTH = 4000;

/**
 * Binds a value in exact form: bytes as `varbinary(max)`, everything else as `nvarchar` text that
 * the statement converts back to the column's type ({@link fromExactText}).
 */
export function bindExact(request: MssqlRequest, param: ExactParam): void {
  const { name, value } = param;
  if (value instanceof Uint8Array) request.input(name, sql.VarBinary(sql.MAX), toBuffer(value));
  else if (param.column.kind === 'binary') request.input(name, sql.VarBinary(sql.MAX), null);
  else request.input(name, sql.NVarChar(EXACT_TEXT_LENGTH), value);
}
