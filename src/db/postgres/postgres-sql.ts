import { IcmsyncError } from '../../core/errors.js';
import { dataColumns, requireKey, tableLabel } from '../../core/table-key.js';
import type { KeyRange, Side, Value } from '../../core/types.js';
import type { ColumnShape, TableShape } from '../database.js';

/** A statement and its parameters, numbered `$1…` in order. */
export interface Statement {
  readonly text: string;
  readonly values: readonly Value[];
}

/** Quotes an identifier: `a"b` becomes `"a""b"`. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"`. */
export function qualifiedName(table: Pick<TableShape, 'schema' | 'name'>): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

/**
 * Session settings that make every text rendering the checksum relies on deterministic, whatever
 * the server's defaults: ISO dates in UTC, shortest exact floats, hex bytea.
 */
export const SESSION_OPTIONS =
  '-c DateStyle=ISO,YMD -c TimeZone=UTC -c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex';

const USER_TABLES = `
  SELECT c.oid, n.nspname, c.relname
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%'
    AND n.nspname NOT LIKE 'pg\\_temp%'`;

/** Server, database and version. */
export const DESCRIBE_SQL = `SELECT current_database() AS database_name,
  current_schema() AS default_schema,
  version() AS version,
  current_setting('server_version') AS server_version`;

/** Every user table. */
export const TABLES_SQL = `${USER_TABLES.trim()}
  ORDER BY n.nspname, c.relname`;

/** Every column of every user table, in column order. */
export const COLUMNS_SQL = `WITH t AS (${USER_TABLES})
SELECT a.attrelid AS table_oid,
  a.attname AS column_name,
  format_type(a.atttypid, a.atttypmod) AS full_type,
  format_type(COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid), NULL) AS data_type,
  CASE WHEN a.atttypmod > 0 AND COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) IN (1042, 1043)
    THEN a.atttypmod - 4 END AS char_length,
  CASE WHEN a.atttypmod > 0 AND COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) = 1700
    THEN ((a.atttypmod - 4) >> 16) & 65535 END AS numeric_precision,
  CASE WHEN a.atttypmod > 0 AND COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) = 1700
    THEN (a.atttypmod - 4) & 65535 END AS numeric_scale,
  CASE WHEN a.atttypmod >= 0 AND COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) IN (1083, 1114, 1184, 1266)
    THEN a.atttypmod END AS time_precision,
  NOT a.attnotnull AS nullable,
  a.attidentity <> '' AS is_identity,
  a.attgenerated <> '' AS is_generated
FROM pg_catalog.pg_attribute a
JOIN t ON t.oid = a.attrelid
JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
WHERE a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

/** Primary keys and unique, unfiltered, non-expression indexes (which include unique constraints). */
export const KEYS_SQL = `WITH t AS (${USER_TABLES})
SELECT i.indrelid AS table_oid,
  ic.relname AS index_name,
  i.indisprimary AS is_primary,
  array_agg(a.attname::text ORDER BY k.ord) AS columns
FROM pg_catalog.pg_index i
JOIN t ON t.oid = i.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL AND k.ord <= i.indnkeyatts
GROUP BY i.indrelid, ic.relname, i.indisprimary
ORDER BY i.indrelid, i.indisprimary DESC, ic.relname`;

/** Foreign keys, with their columns in constraint order. */
export const FOREIGN_KEYS_SQL = `WITH t AS (${USER_TABLES})
SELECT con.conrelid AS table_oid,
  con.conname AS name,
  (SELECT array_agg(a.attname::text ORDER BY k.ord)
     FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
  rn.nspname AS referenced_schema,
  rc.relname AS referenced_table,
  (SELECT array_agg(a.attname::text ORDER BY k.ord)
     FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns
FROM pg_catalog.pg_constraint con
JOIN t ON t.oid = con.conrelid
JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype = 'f'
ORDER BY con.conrelid, con.conname`;

/** User triggers (not the internal ones behind foreign keys). */
export const TRIGGERS_SQL = `WITH t AS (${USER_TABLES})
SELECT tg.tgrelid AS table_oid, tg.tgname AS name, tg.tgenabled <> 'D' AS enabled
FROM pg_catalog.pg_trigger tg
JOIN t ON t.oid = tg.tgrelid
WHERE NOT tg.tgisinternal
ORDER BY tg.tgrelid, tg.tgname`;

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

/** `WHERE` text for a key range, with its parameters numbered from `$<first>`. */
export function rangePredicate(
  key: readonly string[],
  range: KeyRange | undefined,
  first = 1,
): { text: string; values: Value[] } {
  const parts: string[] = [];
  const values: Value[] = [];
  const tuple = `(${key.map(quoteIdent).join(', ')})`;
  const placeholders = (bound: readonly Value[]) =>
    `(${bound
      .map((v) => {
        values.push(v);
        return `$${first + values.length - 1}`;
      })
      .join(', ')})`;
  if (range?.after) parts.push(`${tuple} > ${placeholders(checkArity(key, range.after))}`);
  if (range?.upTo) parts.push(`${tuple} <= ${placeholders(checkArity(key, range.upTo))}`);
  return { text: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, values };
}

function checkArity(key: readonly string[], bound: readonly Value[]): readonly Value[] {
  if (bound.length !== key.length) {
    throw new Error(`key bound has ${bound.length} values for ${key.length} key columns`);
  }
  return bound;
}

/** Count, bytes and order-free 64-bit hash sum of a table or key range, computed on the server. */
export function checksumSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const where = range ? rangePredicate(requireKey(table, side), range) : { text: '', values: [] };
  const bytes = dataColumns(table).map(byteLength).join(' + ');
  const text = `SELECT count(*)::text AS row_count,
  coalesce(sum(r.row_bytes), 0)::text AS byte_count,
  coalesce(sum(('x' || substr(r.row_hash, 1, 16))::bit(64)::bigint), 0)::text AS digest
FROM (SELECT md5(${canonicalRow(table)}) AS row_hash, ${bytes} AS row_bytes
  FROM ${qualifiedName(table)} ${where.text}) AS r`;
  return { text, values: where.values };
}

/** Row count and highest value of one column. */
export function columnStatsSql(table: TableShape, column: string): Statement {
  return {
    text: `SELECT count(*)::text AS row_count, max(${quoteIdent(column)}) AS max_value FROM ${qualifiedName(table)}`,
    values: [],
  };
}

/** One keyset page: every column in table order, the next `limit` rows after the range start. */
export function readRowsSql(
  table: TableShape,
  side: Side,
  limit: number,
  range?: KeyRange,
): Statement {
  const key = requireKey(table, side);
  const where = rangePredicate(key, range);
  const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
  const text = `SELECT ${columns} FROM ${qualifiedName(table)} ${where.text}
ORDER BY ${key.map(quoteIdent).join(', ')} LIMIT $${where.values.length + 1}`;
  return { text, values: [...where.values, limit] };
}

/** The writable columns of a table, for COPY and INSERT column lists. */
export function writableColumns(table: TableShape): readonly ColumnShape[] {
  return dataColumns(table);
}

/** `COPY … FROM STDIN` in text format for the writable columns. */
export function copyFromSql(table: TableShape): string {
  const columns = writableColumns(table)
    .map((c) => quoteIdent(c.name))
    .join(', ');
  return `COPY ${qualifiedName(table)} (${columns}) FROM STDIN`;
}

/**
 * The bulk path for servers without `COPY FROM STDIN` (PGlite over its socket): one INSERT per
 * batch, one array parameter per column, expanded by `unnest` on the server.
 */
export function insertArraysSql(table: TableShape): string {
  const columns = writableColumns(table);
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  return `INSERT INTO ${qualifiedName(table)} (${names}) SELECT * FROM unnest(${arrays})`;
}

/** Looks up a database and the label icmsync left on it (its comment). */
export const FIND_DATABASE_SQL = `SELECT d.datname, shobj_description(d.oid, 'pg_database') AS label
FROM pg_catalog.pg_database d WHERE d.datname = $1`;

/** `CREATE DATABASE` for a name from configuration, quoted. */
export function createDatabaseSql(name: string): string {
  return `CREATE DATABASE ${quoteIdent(name)}`;
}

/** Has the server quote the label literal itself: `COMMENT ON` takes no parameters. */
export const LABEL_DATABASE_SQL = `SELECT format('COMMENT ON DATABASE %I IS %L', $1::text, $2::text) AS statement`;

/** Drops a database, ending other sessions on it (PostgreSQL 13 or later). */
export function dropDatabaseSql(name: string): string {
  return `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`;
}
