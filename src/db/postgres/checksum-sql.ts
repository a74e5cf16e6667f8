import { IcmsyncError } from '../../port/errors.js';
import type { ColumnShape, TableShape } from '../../port/shapes.js';
import { dataColumns, requireKey, tableLabel } from '../../port/table-key.js';
import type { KeyRange, Side } from '../../port/types.js';
import { qualifiedName, quoteIdent, type Statement } from './quote.js';
import { rangePredicate } from './rows-sql.js';

/**
 * `pg_column_size` of the fixed-width base types (their `typlen`): their bytes are constants, so
 * no row needs them measured.
 */
const FIXED_BYTES: Readonly<Record<string, number>> = {
  smallint: 2,
  integer: 4,
  bigint: 8,
  real: 4,
  'double precision': 8,
  boolean: 1,
  money: 8,
  date: 4,
  'time without time zone': 8,
  'time with time zone': 12,
  'timestamp without time zone': 8,
  'timestamp with time zone': 8,
  interval: 16,
  uuid: 16,
};

/** Types whose bytes are their octets (`octet_length`); other variable-width types count as stored. */
const OCTET_TYPES = new Set(['character varying', 'character', 'text', 'citext', 'name', 'bytea']);

/** The column as it enters the row text: its own value, or for a blob the hex of its MD5. */
function rowField(table: TableShape, column: ColumnShape): string {
  const c = quoteIdent(column.name);
  switch (column.kind) {
    case 'binary':
      // Hash blobs separately: the row text stays small whatever the blob size.
      return `md5(${c})`;
    case 'other':
      throw new IcmsyncError(
        `${tableLabel(table)}.${column.name} has type ${column.type}, which icmsync cannot compare (leave the table out)`,
        'UNSUPPORTED',
      );
    default:
      return c;
  }
}

/**
 * The row's canonical text: the server's own text form of a row value of the data columns, in
 * table order. It is exact: NULL is an empty field, an empty string is `""`, and a value with a
 * quote, backslash, comma, parenthesis or white space is quoted with `"` and `\` doubled, so the
 * text parses back into one list of fields (NULL, '', 'NULL', ('a', NULL) and (NULL, 'a') all
 * differ). Each value is its type's output text, made the same on every server by SESSION_OPTIONS
 * (ISO dates in UTC, shortest exact floats with -0 kept, the C locale's money).
 */
export function canonicalRow(table: TableShape): string {
  return `ROW(${dataColumns(table)
    .map((column) => rowField(table, column))
    .join(', ')})::text`;
}

/**
 * Bytes of one row's data columns: octets for strings and blobs, storage size otherwise (the same
 * figure as adding `octet_length` or `pg_column_size` of each value). Fixed-width columns are
 * counted rather than measured: their sizes are constants, added per size for the non-NULL ones.
 * It starts as a bigint so no sum of large blobs can overflow.
 */
export function rowBytes(table: TableShape): string {
  let notNull = 0;
  const nullable = new Map<number, string[]>();
  const measured: string[] = [];
  for (const column of dataColumns(table)) {
    const c = quoteIdent(column.name);
    const fixed = FIXED_BYTES[column.dataType];
    if (fixed !== undefined && !column.nullable) notNull += fixed;
    else if (fixed !== undefined) nullable.set(fixed, [...(nullable.get(fixed) ?? []), c]);
    else {
      const measure = OCTET_TYPES.has(column.dataType) ? 'octet_length' : 'pg_column_size';
      measured.push(`coalesce(${measure}(${c}), 0)`);
    }
  }
  return [
    `${notNull}::bigint`,
    ...[...nullable].map(([size, columns]) => `${size} * num_nonnulls(${columns.join(', ')})`),
    ...measured,
  ].join(' + ');
}

/**
 * The aggregate list of a checksum over `r` (rows of {@link hashedRows}): count, bytes, and the
 * exact sum of the first 64 bits of each row's MD5 read as a signed bigint, so the figures of
 * disjoint key ranges add up to the whole table's.
 */
export const CHECKSUM_AGGREGATES = `count(*)::text AS row_count,
  coalesce(sum(r.row_bytes), 0)::text AS byte_count,
  coalesce(sum(('x' || substr(r.row_hash, 1, 16))::bit(64)::bigint), 0)::text AS digest`;

/** Each row of `table` matching `where` as its hash and byte count, plus any `extra` select items. */
export function hashedRows(table: TableShape, where: string, extra = ''): string {
  return `SELECT ${extra}md5(${canonicalRow(table)}) AS row_hash, ${rowBytes(table)} AS row_bytes
  FROM ${qualifiedName(table)} ${where}`;
}

/** Count, bytes and order-free 64-bit hash sum of a table or key range, computed on the server. */
export function checksumSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const where = range ? rangePredicate(requireKey(table, side), range) : { text: '', values: [] };
  const text = `SELECT ${CHECKSUM_AGGREGATES}
FROM (${hashedRows(table, where.text)}) AS r`;
  return { text, values: where.values };
}
