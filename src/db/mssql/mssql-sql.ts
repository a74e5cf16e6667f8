import { IcmsyncError } from '../../core/errors.js';
import { dataColumns, requireKey, tableLabel } from '../../core/table-key.js';
import type { Key, KeyRange, Side, Value } from '../../core/types.js';
import type { ColumnShape, TableShape } from '../database.js';

/** A parameter of a statement, typed by the adapter from the column it is compared with. */
export interface KeyParam {
  /** Without the `@`. */
  readonly name: string;
  readonly value: Value;
  readonly column: ColumnShape;
}

/** A statement and its typed parameters. */
export interface Statement {
  readonly text: string;
  readonly params: readonly KeyParam[];
}

/** A statement whose parameters are all `nvarchar` text (server administration). */
export interface TextStatement {
  readonly text: string;
  readonly params: readonly { readonly name: string; readonly value: string }[];
}

/** The `TOP (@batch)` parameter of {@link readRowsSql}, an `int`. */
export const BATCH_PARAM = 'batch';

/** The database-level extended property that marks a database icmsync created. */
export const LABEL_PROPERTY = 'icmsync.label';

/** Quotes an identifier: `a]b` becomes `[a]]b]`. */
export function quoteIdent(name: string): string {
  return `[${name.replaceAll(']', ']]')}]`;
}

/** `[schema].[table]`. */
export function qualifiedName(table: Pick<TableShape, 'schema' | 'name'>): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

/** A string literal, for the few constants that are part of the statement text itself. */
function nstring(text: string): string {
  return `N'${text.replaceAll("'", "''")}'`;
}

/** Server version, edition, database and default schema of the connection. */
export const DESCRIBE_SQL = `SELECT
  CONVERT(nvarchar(128), SERVERPROPERTY('ProductVersion')) AS product_version,
  CONVERT(nvarchar(128), SERVERPROPERTY('ProductLevel')) AS product_level,
  CONVERT(nvarchar(128), SERVERPROPERTY('Edition')) AS edition,
  DB_NAME() AS database_name,
  SCHEMA_NAME() AS default_schema;`;

/** Every user table. */
export const TABLES_SQL = `SELECT t.object_id, s.name AS schema_name, t.name AS table_name
FROM sys.tables AS t
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
WHERE t.is_ms_shipped = 0
ORDER BY s.name, t.name;`;

/**
 * Every column of every user table, in column order. The type is the system type behind alias
 * types (`sysname` is `nvarchar`); CLR types (geography, hierarchyid…) keep their own name.
 */
export const COLUMNS_SQL = `SELECT c.object_id, c.column_id, c.name AS column_name,
  ISNULL(bt.name, ty.name) AS type_name,
  c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity, c.is_computed,
  c.generated_always_type
FROM sys.columns AS c
JOIN sys.tables AS t ON t.object_id = c.object_id
JOIN sys.types AS ty ON ty.user_type_id = c.user_type_id
LEFT JOIN sys.types AS bt ON bt.user_type_id = c.system_type_id AND ty.is_assembly_type = 0
WHERE t.is_ms_shipped = 0
ORDER BY c.object_id, c.column_id;`;

/**
 * Key columns of primary keys, unique constraints and unique indexes that are unfiltered and
 * enabled; included (non-key) columns are left out.
 */
export const KEYS_SQL = `SELECT i.object_id, i.index_id, i.name AS index_name, i.is_primary_key,
  ic.key_ordinal, c.name AS column_name
FROM sys.indexes AS i
JOIN sys.tables AS t ON t.object_id = i.object_id
JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE t.is_ms_shipped = 0
  AND i.is_unique = 1 AND i.has_filter = 0 AND i.is_disabled = 0 AND i.is_hypothetical = 0
  AND ic.key_ordinal > 0 AND ic.is_included_column = 0
ORDER BY i.object_id, i.is_primary_key DESC, i.name, ic.key_ordinal;`;

/** Foreign keys with their columns in constraint order. */
export const FOREIGN_KEYS_SQL = `SELECT fk.parent_object_id AS object_id, fk.object_id AS fk_id,
  fk.name AS fk_name, fk.is_disabled,
  rs.name AS referenced_schema, rt.name AS referenced_table,
  fkc.constraint_column_id, pc.name AS column_name, rc.name AS referenced_column
FROM sys.foreign_keys AS fk
JOIN sys.tables AS t ON t.object_id = fk.parent_object_id
JOIN sys.tables AS rt ON rt.object_id = fk.referenced_object_id
JOIN sys.schemas AS rs ON rs.schema_id = rt.schema_id
JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns AS pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
WHERE t.is_ms_shipped = 0
ORDER BY fk.parent_object_id, fk.name, fkc.constraint_column_id;`;

/** DML triggers on user tables (`parent_class = 1`; 0 is a database DDL trigger). */
export const TRIGGERS_SQL = `SELECT tr.parent_id AS object_id, tr.name AS trigger_name, tr.is_disabled
FROM sys.triggers AS tr
JOIN sys.tables AS t ON t.object_id = tr.parent_id
WHERE tr.parent_class = 1 AND t.is_ms_shipped = 0
ORDER BY tr.parent_id, tr.name;`;

/**
 * The column as canonical `nvarchar` text: equal values give equal text on any two servers, and
 * distinct values distinct text.
 */
export function canonicalText(table: TableShape, column: ColumnShape): string {
  const c = quoteIdent(column.name);
  switch (column.kind) {
    case 'integer':
    case 'boolean':
      return `CONVERT(nvarchar(20), ${c})`;
    case 'decimal':
      return `CONVERT(nvarchar(50), ${c})`;
    case 'money':
      // Style 2 keeps all four decimals; the default style rounds to two.
      return `CONVERT(nvarchar(30), ${c}, 2)`;
    case 'float':
      // Style 3: 17 significant digits, distinct for every distinct float or real (2016+).
      return `CONVERT(nvarchar(30), ${c}, 3)`;
    case 'text':
      // text converts to varchar(max) (documented as implicit), not straight to nvarchar.
      return column.dataType === 'text'
        ? `CONVERT(nvarchar(max), CONVERT(varchar(max), ${c}))`
        : `CONVERT(nvarchar(max), ${c})`;
    case 'xml':
      return `CONVERT(nvarchar(max), ${c})`;
    case 'binary':
      // Hash blobs on their own so the row text stays small. Style 2 (hex without 0x) is documented
      // for char and varchar targets; the concatenation widens the result to nvarchar.
      return `CONVERT(varchar(64), HASHBYTES('SHA2_256', CONVERT(varbinary(max), ${c})), 2)`;
    case 'datetime':
    case 'date':
    case 'time':
    case 'datetimeoffset':
      // Style 121 is ODBC canonical with every fractional digit, and the offset for datetimeoffset.
      return `CONVERT(nvarchar(40), ${c}, 121)`;
    case 'guid':
      return `CONVERT(nvarchar(36), ${c})`;
    case 'other':
      throw new IcmsyncError(
        `${tableLabel(table)}.${column.name} has type ${column.type}, which icmsync cannot compare (leave the table out)`,
        'UNSUPPORTED',
      );
  }
}

/**
 * Length-prefixed canonical row text: `=<bytes>:<text>` per column, `~` for NULL, so that
 * ('a', NULL), (NULL, 'a') and ('a|', 'b') versus ('a', '|b') all differ. It starts from an
 * `nvarchar(max)` because `+` truncates at 8,000 bytes unless one operand is a large value type.
 */
export function canonicalRow(table: TableShape): string {
  const terms = dataColumns(table).map((column) => {
    const v = canonicalText(table, column);
    return `ISNULL(N'=' + CONVERT(nvarchar(20), DATALENGTH(${v})) + N':' + ${v}, N'~')`;
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
 * `WHERE` text for a key range: `after` exclusive, `upTo` inclusive, compared column by column in
 * key order (SQL Server has no row-value comparison). Values become `@a0…` and `@u0…` parameters.
 */
export function rangePredicate(
  table: TableShape,
  key: readonly string[],
  range: KeyRange | undefined,
): Statement {
  const columns = key.map((name) => keyColumn(table, name));
  const params: KeyParam[] = [];
  const bind = (prefix: 'a' | 'u', values: Key): Comparison[] => {
    if (values.length !== columns.length) {
      throw new Error(`key bound has ${values.length} values for ${columns.length} key columns`);
    }
    return columns.map((column, i) => {
      const name = `${prefix}${i}`;
      params.push({ name, value: values[i] ?? null, column });
      return { ref: quoteIdent(column.name), param: `@${name}` };
    });
  };
  const parts: string[] = [];
  if (range?.after) parts.push(lexicographic(bind('a', range.after), '>', false));
  if (range?.upTo) parts.push(lexicographic(bind('u', range.upTo), '<', true));
  return { text: parts.length === 0 ? '' : `WHERE ${parts.join('\n  AND ')}`, params };
}

/** A key column and the parameter it is compared with. */
interface Comparison {
  readonly ref: string;
  readonly param: string;
}

/** `(k1 op p1) OR (k1 = p1 AND k2 op p2) OR …`, plus `OR (all equal)` when `orEqual`. */
function lexicographic(pairs: readonly Comparison[], op: '<' | '>', orEqual: boolean): string {
  const equal = pairs.map((p) => `${p.ref} = ${p.param}`);
  const disjuncts = pairs.map((p, i) =>
    conjunction([...equal.slice(0, i), `${p.ref} ${op} ${p.param}`]),
  );
  if (orEqual) disjuncts.push(conjunction(equal));
  return `(${disjuncts.join(' OR ')})`;
}

function conjunction(terms: readonly string[]): string {
  return terms.length === 1 ? terms.join('') : `(${terms.join(' AND ')})`;
}

/** The catalog's shape of a key column, which must exist. */
function keyColumn(table: TableShape, name: string): ColumnShape {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`key column ${name} is not a column of ${tableLabel(table)}`);
  return column;
}

/**
 * Count, bytes and order-free digest of a table or key range, computed on the server: the sum, as
 * `decimal(38,0)`, of the first 8 bytes of each row's SHA-256 read as a signed bigint. All three
 * come back as text or bigint (a string from tedious), never as a lossy JS number.
 */
export function checksumSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const where = range
    ? rangePredicate(table, requireKey(table, side), range)
    : { text: '', params: [] };
  const text = lines(
    'SELECT COUNT_BIG(*) AS row_count,',
    '  ISNULL(SUM(r.row_bytes), 0) AS byte_count,',
    '  CONVERT(varchar(40), ISNULL(SUM(CONVERT(decimal(38, 0), CONVERT(bigint, SUBSTRING(r.row_hash, 1, 8)))), 0)) AS digest',
    'FROM (',
    `  SELECT HASHBYTES('SHA2_256',\n      ${canonicalRow(table)}) AS row_hash,`,
    `    ${rowBytes(table)} AS row_bytes`,
    `  FROM ${qualifiedName(table)}`,
    where.text && `  ${where.text}`,
    ') AS r;',
  );
  return { text, params: where.params };
}

/** The catalog's spelling of `column`, or an error naming the table. */
export function findColumn(table: TableShape, column: string): ColumnShape {
  const found =
    table.columns.find((c) => c.name === column) ??
    table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  if (!found) {
    throw new IcmsyncError(
      `${tableLabel(table)} has no column ${column} (is this a Logger database?)`,
      'NOT_A_LOGGER',
    );
  }
  return found;
}

/** Row count and highest value of one column. */
export function columnStatsSql(table: TableShape, column: string): Statement {
  const name = quoteIdent(findColumn(table, column).name);
  return {
    text: `SELECT COUNT_BIG(*) AS row_count, MAX(${name}) AS max_value FROM ${qualifiedName(table)};`,
    params: [],
  };
}

/**
 * One keyset page: every column in table order, the first `@batch` rows of the range in key
 * order. The caller moves `range.after` to the last row's key until a page comes back short.
 */
export function readRowsSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const key = requireKey(table, side);
  const where = rangePredicate(table, key, range);
  const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
  const text = lines(
    `SELECT TOP (@${BATCH_PARAM}) ${columns}`,
    `FROM ${qualifiedName(table)}`,
    where.text,
    `ORDER BY ${key.map(quoteIdent).join(', ')};`,
  );
  return { text, params: where.params };
}

/** Joins the non-empty lines of a statement. */
function lines(...parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join('\n');
}

/** A script's batches: the text between lines that are exactly `GO`, empty batches dropped. */
export function splitBatches(script: string): string[] {
  const batches: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const batch = current.join('\n').trim();
    if (batch !== '') batches.push(batch);
    current = [];
  };
  for (const line of script.split(/\r?\n/)) {
    if (/^\s*go\s*$/i.test(line)) flush();
    else current.push(line);
  }
  flush();
  return batches;
}

/**
 * Looks up a database by name. `HAS_DBACCESS` is 0 when this login cannot open it, or when it is
 * offline, suspect, or in single-user mode held by another session: its label cannot be read then.
 */
export function findDatabaseSql(name: string): TextStatement {
  return {
    text: `SELECT d.name, d.state_desc, HAS_DBACCESS(d.name) AS has_access
FROM sys.databases AS d
WHERE d.name = @name;`,
    params: [{ name: 'name', value: name }],
  };
}

/**
 * Reads the label of database `name` (as `sys.databases` spells it). It runs through
 * `sp_executesql`, so the `USE` lasts only until the statement ends and the pooled connection
 * stays in `master`.
 */
export function readLabelSql(name: string): TextStatement {
  return {
    text: `USE ${quoteIdent(name)};
SELECT CONVERT(nvarchar(4000), ep.value) AS label
FROM sys.extended_properties AS ep
WHERE ep.class = 0 AND ep.major_id = 0 AND ep.minor_id = 0 AND ep.name = ${nstring(LABEL_PROPERTY)};`,
    params: [],
  };
}

/**
 * Creates database `name`, then labels it: a database-level extended property is added by
 * `sp_addextendedproperty` without level arguments in the current database, hence the `USE`
 * (scoped to the `sp_executesql` call, like {@link readLabelSql}).
 */
export function createDatabaseSql(name: string, label: string): readonly TextStatement[] {
  return [
    { text: `CREATE DATABASE ${quoteIdent(name)};`, params: [] },
    {
      text: `USE ${quoteIdent(name)};
EXEC sys.sp_addextendedproperty @name = ${nstring(LABEL_PROPERTY)}, @value = @label;`,
      params: [{ name: 'label', value: label }],
    },
  ];
}

/**
 * Drops database `name`, rolling back and disconnecting other sessions first. As in Microsoft's
 * DROP DATABASE example, this session takes the single-user slot itself (`USE`) and drops in the
 * same batch, so no other connection can claim the slot in between.
 */
export function dropDatabaseSql(name: string): TextStatement {
  const db = quoteIdent(name);
  return {
    text: `USE ${db};
ALTER DATABASE ${db} SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
USE [master];
DROP DATABASE ${db};`,
    params: [],
  };
}
