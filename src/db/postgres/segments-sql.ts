import type { TableShape } from '../../port/shapes.js';
import { findColumn, requireKey } from '../../port/table-key.js';
import type { Key, KeyRange, Side } from '../../port/types.js';
import { bucketCase } from '../bucket-case.js';
import { CHECKSUM_AGGREGATES, hashedRows } from './checksum-sql.js';
import { qualifiedName, quoteIdent, type Statement } from './quote.js';
import { rangePredicate } from './rows-sql.js';

/** The key columns as a row value, `("k1", "k2")`, which orders the way the key's index does. */
const keyTuple = (key: readonly string[]) => `(${key.map(quoteIdent).join(', ')})`;

/**
 * Checksums of the buckets `boundaries` cut `range` into, one row per non-empty bucket (`bucket`,
 * then the checksum columns). Range parameters come first, then each boundary's key values.
 */
export function bucketChecksumsSql(
  table: TableShape,
  side: Side,
  boundaries: readonly Key[],
  range?: KeyRange,
): Statement {
  const key = requireKey(table, side);
  const where = rangePredicate(key, range);
  const first = where.values.length + 1;
  const atMost = (i: number) =>
    `${keyTuple(key)} <= (${key.map((_, j) => `$${first + i * key.length + j}`).join(', ')})`;
  const bucket = `${bucketCase(boundaries.length, atMost)} AS bucket, `;
  const text = `SELECT r.bucket, ${CHECKSUM_AGGREGATES}
FROM (${hashedRows(table, where.text, bucket)}) AS r
GROUP BY r.bucket`;
  return { text, values: [...where.values, ...boundaries.flat()] };
}

/** The keys of rows every, 2·every, … of `range` in key order. */
export function sampleKeysSql(
  table: TableShape,
  side: Side,
  every: number,
  range?: KeyRange,
): Statement {
  const key = requireKey(table, side);
  const columns = key.map(quoteIdent).join(', ');
  const where = rangePredicate(key, range);
  const text = `SELECT ${key.map((k) => `s.${quoteIdent(k)}`).join(', ')}
FROM (SELECT ${columns}, row_number() OVER (ORDER BY ${columns}) AS rn
  FROM ${qualifiedName(table)} ${where.text}) AS s
WHERE s.rn % $${where.values.length + 1} = 0
ORDER BY s.rn`;
  return { text, values: [...where.values, every] };
}

/**
 * The dense rank of each given key (one text array per key column, bytes as `\x…` hex) in the
 * table's key order: each value cast back to its column's type and collation, ordered by the server.
 */
export function rankKeysSql(table: TableShape, side: Side, keys: readonly Key[]): Statement {
  const key = requireKey(table, side).map((name) => findColumn(table, name));
  const names = key.map((_, j) => `k${j}`);
  const order = key
    .map((column, j) => {
      const collate = column.collation ? ` COLLATE ${column.collation}` : '';
      return `v.${names[j]}::${column.type}${collate}`;
    })
    .join(', ');
  const arrays = key.map((_, j) => `$${j + 1}::text[]`).join(', ');
  const text = `SELECT v.i::int AS i, dense_rank() OVER (ORDER BY ${order})::int AS r
FROM unnest(${arrays}) WITH ORDINALITY AS v(${names.join(', ')}, i)`;
  const values = key.map((_, j) => keys.map((k) => asText(k[j] ?? null)));
  return { text, values };
}

/** A key value as text for a `text[]` parameter: bytes in PostgreSQL's hex input form. */
function asText(value: Key[number]): string | null {
  return value instanceof Uint8Array ? `\\x${Buffer.from(value).toString('hex')}` : value;
}
