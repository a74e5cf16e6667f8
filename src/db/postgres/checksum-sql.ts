import { IcmsyncError } from '../../port/errors.js';
import type { ColumnShape, TableShape } from '../../port/shapes.js';
import { dataColumns, requireKey, tableLabel } from '../../port/table-key.js';
import type { KeyRange, Side } from '../../port/types.js';
import { qualifiedName, quoteIdent, type Statement } from './quote.js';
import { rangePredicate } from './rows-sql.js';

/** The column as canonical text, the same for equal values on any two PostgreSQL servers. */
function canonicalText(table: TableShape, column: ColumnShape): string {
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
      // With SESSION_OPTIONS, ::text is exact and stable for numbers, floats, dates and text.
      return `${c}::text`;
  }
}

/** Bytes the value occupies: its octets for strings and blobs, its storage size otherwise. */
function byteLength(column: ColumnShape): string {
  const c = quoteIdent(column.name);
  const octets = column.kind === 'text' || column.kind === 'binary';
  return `coalesce(${octets ? 'octet_length' : 'pg_column_size'}(${c}), 0)::bigint`;
}

/**
 * Length-prefixed canonical row text: `=<bytes>:<text>` per column, `~` for NULL, so that
 * ('a', NULL), (NULL, 'a') and ('a|', 'b') versus ('a', '|b') all differ.
 */
export function canonicalRow(table: TableShape): string {
  return dataColumns(table)
    .map((column) => {
      const v = canonicalText(table, column);
      return `coalesce('=' || octet_length(${v}) || ':' || ${v}, '~')`;
    })
    .join(' || ');
}

/** The aggregate list of a checksum over `r` (rows of {@link hashedRows}): count, bytes, hash sum. */
export const CHECKSUM_AGGREGATES = `count(*)::text AS row_count,
  coalesce(sum(r.row_bytes), 0)::text AS byte_count,
  coalesce(sum(('x' || substr(r.row_hash, 1, 16))::bit(64)::bigint), 0)::text AS digest`;

/** Each row of `table` matching `where` as its hash and byte count, plus any `extra` select items. */
export function hashedRows(table: TableShape, where: string, extra = ''): string {
  const bytes = dataColumns(table).map(byteLength).join(' + ');
  return `SELECT ${extra}md5(${canonicalRow(table)}) AS row_hash, ${bytes} AS row_bytes
  FROM ${qualifiedName(table)} ${where}`;
}

/** Count, bytes and order-free 64-bit hash sum of a table or key range, computed on the server. */
export function checksumSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const where = range ? rangePredicate(requireKey(table, side), range) : { text: '', values: [] };
  const text = `SELECT ${CHECKSUM_AGGREGATES}
FROM (${hashedRows(table, where.text)}) AS r`;
  return { text, values: where.values };
}
