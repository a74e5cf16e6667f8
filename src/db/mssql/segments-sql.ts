import type { ColumnShape, TableShape } from '../../port/shapes.js';
import { findColumn, requireKey, tableLabel } from '../../port/table-key.js';
import type { Key, KeyRange, Side } from '../../port/types.js';
import { bucketCase } from '../bucket-case.js';
import { CHECKSUM_AGGREGATES, hashedRows } from './checksum-sql.js';
import { exactText, fromExactText } from './exact-sql.js';
import { type ExactParam, qualifiedName, quoteIdent, type Statement } from './quote.js';
import { rangePredicate } from './rows-sql.js';

/**
 * Parameters one statement of this file may carry. SQL Server takes at most 2,100 per request
 * (sp_executesql itself uses two); the rest is headroom. {@link bucketChecksumsSql} and
 * {@link rankKeysSql} refuse requests above it rather than split them, because their results are
 * only consistent within one statement.
 */
export const MAX_PARAMETERS = 2000;

/** The `@every` parameter of {@link sampleKeysSql}, a `bigint` the reader binds. */
export const EVERY_PARAM = 'every';

/** SQL Server nests CASE expressions at most 10 deep (error 125). */
const MAX_CASE_NESTING = 10;

/** Buckets one binary-search subtree tells apart below a flat top level: 2^9, nine CASE levels. */
const GROUP_BUCKETS = 2 ** (MAX_CASE_NESTING - 1);

/** Catalog collation names are letters, digits and underscores; COLLATE takes them unquoted. */
const COLLATION_NAME = /^[A-Za-z0-9_]+$/;

/** Refuses a request that would carry more than {@link MAX_PARAMETERS} parameters. */
function checkParameterCount(what: string, count: number): void {
  if (count > MAX_PARAMETERS) {
    throw new Error(
      `${what} needs ${count} parameters, over the limit of ${MAX_PARAMETERS} per SQL Server statement (send fewer keys per call)`,
    );
  }
}

/** Binds `key`'s values as `@<prefix>_<j>`; returns the expressions converting them back. */
function bindKey(
  columns: readonly ColumnShape[],
  key: Key,
  prefix: string,
  params: ExactParam[],
): string[] {
  if (key.length !== columns.length) {
    throw new Error(`key has ${key.length} values for ${columns.length} key columns`);
  }
  return columns.map((column, j) => {
    const name = `${prefix}_${j}`;
    params.push({ name, value: key[j] ?? null, column });
    return fromExactText(column, `@${name}`);
  });
}

/**
 * "The row's key is at most `values`", in {@link rangePredicate}'s style: one column compares
 * directly; a composite key is a leading `k1 <= v1` then the lexicographic OR-chain
 * `k1 < v1 OR (k1 = v1 AND k2 < v2) OR … OR (k1 = v1 AND … AND kn <= vn)`.
 */
function keyAtMost(columns: readonly ColumnShape[], values: readonly string[]): string {
  const refs = columns.map((column) => quoteIdent(column.name));
  const last = refs.length - 1;
  const disjuncts = refs.map((ref, i) => {
    const terms = refs.slice(0, i).map((r, j) => `${r} = ${values[j]}`);
    terms.push(`${ref} ${i === last ? '<=' : '<'} ${values[i]}`);
    return terms.length === 1 ? terms.join('') : `(${terms.join(' AND ')})`;
  });
  if (disjuncts.length === 1) return disjuncts.join('');
  return `${refs[0]} <= ${values[0]} AND (${disjuncts.join(' OR ')})`;
}

/**
 * {@link bucketCase} within SQL Server's CASE nesting limit: up to 1,023 boundaries it is the plain
 * binary search; beyond, a flat top-level CASE picks a group of {@link GROUP_BUCKETS} buckets (a
 * few sequential comparisons) and a binary search of nine levels numbers the bucket within it.
 * Each boundary is still written once.
 */
export function nestedBucketCase(boundaries: number, atMost: (boundary: number) => string): string {
  if (boundaries < 2 ** MAX_CASE_NESTING) return bucketCase(boundaries, atMost);
  const branches: string[] = [];
  for (let lo = 0; lo <= boundaries; lo += GROUP_BUCKETS) {
    // Buckets lo..hi; boundaries lo..hi-1 split them, boundary hi closes the group.
    const hi = Math.min(lo + GROUP_BUCKETS - 1, boundaries);
    const search = bucketCase(hi - lo, (i) => atMost(lo + i));
    const bucket = lo === hi ? String(lo) : lo === 0 ? search : `${lo} + ${search}`;
    branches.push(hi === boundaries ? `ELSE ${bucket}` : `WHEN ${atMost(hi)} THEN ${bucket}`);
  }
  return `CASE ${branches.join(' ')} END`;
}

/**
 * Checksums of the buckets `boundaries` cut `range` into, one row per non-empty bucket (`bucket`,
 * then the checksum columns of {@link CHECKSUM_AGGREGATES}). Range bounds are `@a…`/`@u…`, boundary
 * i's key values `@b<i>_<j>`. Refuses more than {@link MAX_PARAMETERS} parameters in all: callers
 * send at most `floor(MAX_PARAMETERS / keyColumns) - 2` boundaries with a two-sided range.
 */
export function bucketChecksumsSql(
  table: TableShape,
  side: Side,
  boundaries: readonly Key[],
  range?: KeyRange,
): Statement {
  const key = requireKey(table, side);
  const columns = key.map((name) => findColumn(table, name));
  const where = rangePredicate(table, key, range);
  checkParameterCount(
    `checksumming ${boundaries.length + 1} buckets of ${tableLabel(table)}`,
    where.params.length + boundaries.length * columns.length,
  );
  const params: ExactParam[] = [...where.params];
  const bounds = boundaries.map((boundary, i) => bindKey(columns, boundary, `b${i}`, params));
  const atMost = (i: number) => keyAtMost(columns, bounds[i] ?? []);
  const bucket = `${nestedBucketCase(boundaries.length, atMost)} AS bucket, `;
  const text = [
    `SELECT r.bucket, ${CHECKSUM_AGGREGATES}`,
    'FROM (',
    hashedRows(table, where.text, bucket),
    ') AS r',
    'GROUP BY r.bucket;',
  ].join('\n');
  return { text, params };
}

/**
 * The keys, in exact form, of rows every, 2·every, … of `range` in key order (`@every` is bound by
 * the reader). The key columns are renamed `k0…` inside so that no column name can clash with `rn`.
 */
export function sampleKeysSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const key = requireKey(table, side);
  const columns = key.map((name) => findColumn(table, name));
  const where = rangePredicate(table, key, range);
  const inner = columns.map((column, j) => `${quoteIdent(column.name)} AS k${j}`).join(', ');
  const order = columns.map((column) => quoteIdent(column.name)).join(', ');
  const outer = columns
    .map((column, j) => {
      const value = column.kind === 'binary' ? `s.k${j}` : exactText(table, column, `s.k${j}`);
      return `${value} AS ${quoteIdent(column.name)}`;
    })
    .join(', ');
  const text = [
    `SELECT ${outer}`,
    'FROM (',
    `  SELECT ${inner}, ROW_NUMBER() OVER (ORDER BY ${order}) AS rn`,
    `  FROM ${qualifiedName(table)}`,
    where.text && `  ${where.text}`,
    ') AS s',
    `WHERE s.rn % @${EVERY_PARAM} = 0`,
    'ORDER BY s.rn;',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { text, params: where.params };
}

/**
 * The dense rank (`r`) of each given key, by its 0-based position `i`, in the table's key order:
 * the keys form a `VALUES` list, each value converted back to its column's type, and text is
 * ordered under its column's collation, so keys equal there ('a' and 'A' under a CI collation)
 * share a rank. Key i's values are `@k<i>_<j>`. Ranks compare only within one statement, so this
 * refuses more than {@link MAX_PARAMETERS} parameters rather than split: callers send at most
 * `floor(MAX_PARAMETERS / keyColumns)` keys per call.
 */
export function rankKeysSql(table: TableShape, side: Side, keys: readonly Key[]): Statement {
  const columns = requireKey(table, side).map((name) => findColumn(table, name));
  if (keys.length === 0) throw new Error('ranking needs at least one key');
  checkParameterCount(
    `ranking ${keys.length} keys of ${tableLabel(table)}`,
    keys.length * columns.length,
  );
  const params: ExactParam[] = [];
  const rows = keys.map(
    (key, i) => `  (${[i, ...bindKey(columns, key, `k${i}`, params)].join(', ')})`,
  );
  const order = columns.map((column, j) => `v.c${j}${collateClause(table, column)}`).join(', ');
  const names = ['i', ...columns.map((_, j) => `c${j}`)].join(', ');
  const text = [
    `SELECT v.i, DENSE_RANK() OVER (ORDER BY ${order}) AS r`,
    'FROM (VALUES',
    rows.join(',\n'),
    `) AS v(${names});`,
  ].join('\n');
  return { text, params };
}

/** ` COLLATE <name>` for a text column with a catalog collation, else nothing. */
function collateClause(table: TableShape, column: ColumnShape): string {
  if (column.kind !== 'text' || column.collation === null) return '';
  if (!COLLATION_NAME.test(column.collation)) {
    throw new Error(
      `${tableLabel(table)}.${column.name} has collation ${column.collation}, which is not a collation name`,
    );
  }
  return ` COLLATE ${column.collation}`;
}
