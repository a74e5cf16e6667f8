import type { ValueKind } from '../../port/shapes.js';

/** PostgreSQL type names (as `format_type(oid, NULL)` prints them) by the kind icmsync gives them. */
const KINDS: Readonly<Record<string, ValueKind>> = {
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  numeric: 'decimal',
  money: 'money',
  real: 'float',
  'double precision': 'float',
  boolean: 'boolean',
  'character varying': 'text',
  character: 'text',
  text: 'text',
  citext: 'text',
  name: 'text',
  json: 'text',
  jsonb: 'text',
  interval: 'text',
  bytea: 'binary',
  'timestamp without time zone': 'datetime',
  'timestamp with time zone': 'datetimeoffset',
  date: 'date',
  'time without time zone': 'time',
  'time with time zone': 'time',
  uuid: 'guid',
  xml: 'xml',
};

/** The kind of a PostgreSQL base type; `other` for types icmsync does not handle. */
export function postgresKind(dataType: string): ValueKind {
  return KINDS[dataType] ?? 'other';
}
