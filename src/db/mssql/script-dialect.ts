import { IcmsyncError } from '../../port/errors.js';
import type { ColumnValue, ScriptDialect } from '../../port/script.js';
import type { ColumnShape, DatabaseInfo, ForeignKeyShape, TableShape } from '../../port/shapes.js';
import { tableLabel } from '../../port/table-key.js';
import type { ExactValue } from '../../port/types.js';
import { exactStyle } from './exact-sql.js';
import { qualifiedName, quoteIdent } from './quote.js';

/** Rows one table value constructor may hold (Microsoft Learn, "Table Value Constructor"). */
export const MAX_VALUES_ROWS = 1000;

/** Exact text that is already a valid T-SQL numeric literal of the same value. */
const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * Where `text` must leave the literal: control characters (a line break inside a literal would not
 * survive an editor that rewrites line endings, and NUL may end the text early) and lone surrogates
 * (they have no UTF-8 form). Paired surrogates, characters outside the BMP, stay in the literal.
 */
function escapedUnits(text: string): number[] {
  const at: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i += 1;
    else if (unit < 0x20 || (unit >= 0xd800 && unit <= 0xdfff)) at.push(i);
  }
  return at;
}

/**
 * A Unicode string literal for `text`: `N'…'` with quotes doubled, and characters that must not
 * appear raw spliced in as `NCHAR(code)`. The first part is converted to nvarchar(max) so that the
 * concatenation is not cut at 4,000 characters (Microsoft Learn, "+ (String Concatenation)").
 */
export function unicodeLiteral(text: string): string {
  const quoted = (from: number, to: number) => `N'${text.slice(from, to).replaceAll("'", "''")}'`;
  const parts: string[] = [];
  let last = 0;
  for (const at of escapedUnits(text)) {
    if (at > last) parts.push(quoted(last, at));
    parts.push(`NCHAR(${text.charCodeAt(at)})`);
    last = at + 1;
  }
  if (last < text.length || parts.length === 0) parts.push(quoted(last, text.length));
  if (parts.length === 1) return parts[0] as string;
  return [`CONVERT(nvarchar(max), ${parts[0]})`, ...parts.slice(1)].join(' + ');
}

const unsupported = (table: TableShape, column: ColumnShape) =>
  new IcmsyncError(
    `${tableLabel(table)}.${column.name} has type ${column.type}, which a fix script cannot write (leave the table out)`,
    'UNSUPPORTED',
  );

const mismatch = (table: TableShape, column: ColumnShape) =>
  new Error(
    `${tableLabel(table)}.${column.name}: a ${column.kind} value arrived in the wrong form`,
  );

/**
 * `value` of `column` as a T-SQL expression that yields the identical value: NULL, a numeric
 * literal, `0x…` for bytes, `N'…'` for text, and `CONVERT(<type>, N'…'[, 121])` for the rest, the
 * same conversions the adapter's exact comparisons use.
 */
export function mssqlLiteral(table: TableShape, column: ColumnShape, value: ExactValue): string {
  if (value === null) return 'NULL';
  if (column.kind === 'binary') {
    if (typeof value === 'string') throw mismatch(table, column);
    return `0x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex').toUpperCase()}`;
  }
  if (typeof value !== 'string') throw mismatch(table, column);
  switch (column.kind) {
    case 'integer':
    case 'decimal':
    case 'boolean':
      if (NUMERIC_TEXT.test(value)) return value;
      break;
    case 'text':
    case 'xml':
      return unicodeLiteral(value);
    case 'other':
      throw unsupported(table, column);
    default:
      break;
  }
  const style = exactStyle(column);
  return `CONVERT(${column.type}, ${unicodeLiteral(value)}${style === null ? '' : `, ${style}`})`;
}

/** `[c] = v`, or `[c] IS NULL` (a `--key` column may hold NULL). */
function equals(table: TableShape, { column, value }: ColumnValue): string {
  const name = quoteIdent(column.name);
  return value === null ? `${name} IS NULL` : `${name} = ${mssqlLiteral(table, column, value)}`;
}

/** Both halves of `host,port` or `host\instance`, as sqlcmd -S takes them. */
const quoteArg = (text: string) => (/^[\w.,:\\/-]+$/.test(text) ? text : `"${text}"`);

/** RAISERROR reads its message as a format: a literal percent sign is written `%%`. */
const raiserrorText = (text: string) => text.replaceAll('%', '%%');

/** The fix-script dialect of SQL Server: batches separated by `GO`, no MERGE. */
export const mssqlScriptDialect: ScriptDialect = {
  comment: (text) => `-- ${text.replace(/[\r\n]+/g, ' ')}`,

  preamble: (target: DatabaseInfo) => [
    'SET NOCOUNT ON;',
    'SET XACT_ABORT ON;',
    `IF DB_NAME() <> ${unicodeLiteral(target.database)}`,
    'BEGIN',
    // NOEXEC keeps every later batch from running, also where the client does not stop at errors.
    `  RAISERROR(${unicodeLiteral(raiserrorText(`This script is for database ${target.database} on ${target.server}: nothing was changed.`))}, 16, 1);`,
    '  SET NOEXEC ON;',
    'END;',
    'GO',
  ],

  // XACT_ABORT again in every batch, so each one also rolls back whole when run on its own.
  beginBatch: () => ['SET XACT_ABORT ON;', 'BEGIN TRANSACTION;'],
  endBatch: () => ['COMMIT TRANSACTION;', 'GO'],

  describeTransactions: (statements) =>
    `one transaction per batch of at most ${statements} statements, each ended by GO; with XACT_ABORT ON a failing statement rolls its batch back, and sqlcmd -b stops there (earlier batches stay committed: run icmsync diff again for a fresh script)`,

  applyCommand: (target, file) =>
    `sqlcmd -S ${quoteArg(target.server)} -d ${quoteArg(target.database)} -b -f 65001 -i ${quoteArg(file)}   (add -E, or -U <login>)`,

  beforeIdentityInsert: (table) => [`SET IDENTITY_INSERT ${qualifiedName(table)} ON;`],
  afterIdentityInsert: (table) => [`SET IDENTITY_INSERT ${qualifiedName(table)} OFF;`],

  insertRows(table, columns, rows) {
    if (rows.length === 0 || rows.length > MAX_VALUES_ROWS)
      throw new Error(`an INSERT takes 1 to ${MAX_VALUES_ROWS} rows, not ${rows.length}`);
    const names = columns.map((c) => quoteIdent(c.name)).join(', ');
    const tuples = rows.map(
      (row) => `  (${columns.map((c, i) => mssqlLiteral(table, c, row[i] ?? null)).join(', ')})`,
    );
    return `INSERT INTO ${qualifiedName(table)} (${names}) VALUES\n${tuples.join(',\n')};`;
  },

  updateRow(table, key, values) {
    const set = values
      .map(
        ({ column, value }) => `${quoteIdent(column.name)} = ${mssqlLiteral(table, column, value)}`,
      )
      .join(', ');
    const where = key.map((k) => equals(table, k)).join(' AND ');
    return `UPDATE ${qualifiedName(table)} SET ${set} WHERE ${where};`;
  },

  deleteRows(table, keyColumns, keys) {
    const [only] = keyColumns;
    const where =
      keyColumns.length === 1 && only && keys.every((k) => k[0] !== null)
        ? `${quoteIdent(only.name)} IN (${keys.map((k) => mssqlLiteral(table, only, k[0] ?? null)).join(', ')})`
        : keys
            .map(
              (k) =>
                `(${keyColumns.map((column, i) => equals(table, { column, value: k[i] ?? null })).join(' AND ')})`,
            )
            .join('\n   OR ');
    return `DELETE FROM ${qualifiedName(table)} WHERE ${where};`;
  },

  disableForeignKey: (table: TableShape, foreignKey: ForeignKeyShape) =>
    `ALTER TABLE ${qualifiedName(table)} NOCHECK CONSTRAINT ${quoteIdent(foreignKey.name)};`,
  // Re-enabling without WITH CHECK would leave the key untrusted (Microsoft Learn, ALTER TABLE).
  enableForeignKey: (table: TableShape, foreignKey: ForeignKeyShape) =>
    `ALTER TABLE ${qualifiedName(table)} WITH CHECK CHECK CONSTRAINT ${quoteIdent(foreignKey.name)};`,
};
