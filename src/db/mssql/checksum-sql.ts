import type { ColumnShape, TableShape } from '../../port/shapes.js';
import { dataColumns, requireKey } from '../../port/table-key.js';
import type { KeyRange, Side } from '../../port/types.js';
import { exactText } from './exact-sql.js';
import { qualifiedName, quoteIdent, type Statement } from './quote.js';
import { rangePredicate } from './rows-sql.js';

/** Characters of a SHA-256 digest in hex (CONVERT style 2: no `0x`). */
const DIGEST_HEX_LENGTH = 64;

/**
 * The text a column contributes to a row hash: its exact text, or for blobs the hex of their own
 * SHA-256, so the row text stays small whatever the blob size.
 */
export function canonicalText(table: TableShape, column: ColumnShape): string {
  const c = quoteIdent(column.name);
  if (column.kind === 'binary') {
    // Style 2 (hex without 0x) is documented for char and varchar targets; the concatenation in
    // canonicalRow widens the result to nvarchar.
    return `CONVERT(varchar(${DIGEST_HEX_LENGTH}), HASHBYTES('SHA2_256', CONVERT(varbinary(max), ${c})), 2)`;
  }
  return exactText(table, column, c);
}

/**
 * Length-prefixed canonical row text: `=<bytes>:<text>` per column, `~` for NULL, so that
 * ('a', NULL), (NULL, 'a') and ('a|', 'b') versus ('a', '|b') all differ. A blob's digest always
 * has 64 characters, so its prefix is a constant and the blob is hashed once. It starts from an
 * `nvarchar(max)` because `+` truncates at 8,000 bytes unless one operand is a large value type.
 */
export function canonicalRow(table: TableShape): string {
  const terms = dataColumns(table).map((column) => {
    const v = canonicalText(table, column);
    return column.kind === 'binary'
      ? `ISNULL(N'=${DIGEST_HEX_LENGTH}:' + ${v}, N'~')`
      : `ISNULL(N'=' + CONVERT(nvarchar(20), DATALENGTH(${v})) + N':' + ${v}, N'~')`;
  });
  return ["CONVERT(nvarchar(max), N'')", ...terms].join('\n      + ');
}

/** Bytes of one row's data columns as stored, the Logger's "bytes" figure. */
function rowBytes(table: TableShape): string {
  const terms = dataColumns(table).map(
    (column) => `CONVERT(bigint, ISNULL(DATALENGTH(${quoteIdent(column.name)}), 0))`,
  );
  return terms.length === 0 ? 'CONVERT(bigint, 0)' : terms.join(' + ');
}

/**
 * The aggregate list of a checksum over `r` (rows of {@link hashedRows}): count, bytes, and the
 * sum, as `decimal(38,0)`, of the first 8 bytes of each row's SHA-256 read as a signed bigint. All
 * three come back as text or bigint (a string from tedious), never as a lossy JS number.
 */
export const CHECKSUM_AGGREGATES = [
  'COUNT_BIG(*) AS row_count,',
  '  ISNULL(SUM(r.row_bytes), 0) AS byte_count,',
  '  CONVERT(varchar(40), ISNULL(SUM(CONVERT(decimal(38, 0), CONVERT(bigint, SUBSTRING(r.row_hash, 1, 8)))), 0)) AS digest',
].join('\n');

/**
 * Each row of `table` matching `where` (a `WHERE` clause, or empty) as its SHA-256 `row_hash` and
 * its `row_bytes`, after any `extra` select items (each ending in `, `).
 */
export function hashedRows(table: TableShape, where: string, extra = ''): string {
  return [
    `  SELECT ${extra}HASHBYTES('SHA2_256',\n      ${canonicalRow(table)}) AS row_hash,`,
    `    ${rowBytes(table)} AS row_bytes`,
    `  FROM ${qualifiedName(table)}`,
    where && `  ${where}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** Count, bytes and order-free digest of a table or key range, computed on the server. */
export function checksumSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const where = range
    ? rangePredicate(table, requireKey(table, side), range)
    : { text: '', params: [] };
  const text = `SELECT ${CHECKSUM_AGGREGATES}\nFROM (\n${hashedRows(table, where.text)}\n) AS r;`;
  return { text, params: where.params };
}
