import { IcmsyncError } from '../../port/errors.js';
import type { ColumnValue, ScriptDialect } from '../../port/script.js';
import type { ColumnShape, DatabaseInfo, TableShape } from '../../port/shapes.js';
import { tableLabel } from '../../port/table-key.js';
import type { ExactValue } from '../../port/types.js';
import { qualifiedName, quoteIdent } from './quote.js';

/** Exact text that is already a valid numeric literal of the same value. */
const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/** Text types an untyped literal is assigned to as it is, so the literal needs no cast. */
const PLAIN_TEXT_TYPES = new Set(['text', 'character varying', 'character']);

/** Escapes inside `E'…'` for the characters kept out of a literal's raw text. */
const E_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "''",
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A string literal for `text`: `'…'` with quotes doubled, or, when it holds control characters
 * (a line break inside a literal would not survive an editor that rewrites line endings), an
 * escape string `E'…'` that spells them out. PostgreSQL text never holds NUL.
 */
export function stringLiteral(text: string): string {
  let control = false;
  for (let i = 0; i < text.length && !control; i += 1) control = text.charCodeAt(i) < 0x20;
  if (!control) return `'${text.replaceAll("'", "''")}'`;
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += E_ESCAPES[ch] ?? (code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : ch);
  }
  return `E'${out}'`;
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
 * `value` of `column` as an expression that yields the identical value. The exact text is the
 * server's own output for the value, which its type reads back unchanged: `'…'::<type>`, bare
 * numbers and booleans, untyped literals for plain text, `'\x…'::bytea` for bytes.
 */
export function postgresLiteral(table: TableShape, column: ColumnShape, value: ExactValue): string {
  if (value === null) return 'NULL';
  if (column.kind === 'binary') {
    if (typeof value === 'string') throw mismatch(table, column);
    return `'\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}'::bytea`;
  }
  if (typeof value !== 'string') throw mismatch(table, column);
  switch (column.kind) {
    case 'integer':
    case 'decimal':
      if (NUMERIC_TEXT.test(value)) return value;
      break;
    case 'boolean':
      if (value === 't' || value === 'f') return value === 't' ? 'true' : 'false';
      break;
    case 'text':
      if (PLAIN_TEXT_TYPES.has(column.dataType)) return stringLiteral(value);
      break;
    case 'other':
      throw unsupported(table, column);
    default:
      break;
  }
  return `${stringLiteral(value)}::${column.type}`;
}

function equals(table: TableShape, { column, value }: ColumnValue): string {
  const name = quoteIdent(column.name);
  return value === null ? `${name} IS NULL` : `${name} = ${postgresLiteral(table, column, value)}`;
}

/** `host` and `port` of a `host:port` label. */
function hostAndPort(server: string): { host: string; port: string | null } {
  const at = server.lastIndexOf(':');
  return at > 0 && /^\d+$/.test(server.slice(at + 1))
    ? { host: server.slice(0, at), port: server.slice(at + 1) }
    : { host: server, port: null };
}

const quoteArg = (text: string) =>
  /^[\w.,:/-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * The fix-script dialect of PostgreSQL. The whole script is one transaction, given by psql's
 * `-1`: a script that issued its own BEGIN and COMMIT would defeat that option (psql docs).
 */
export const postgresScriptDialect: ScriptDialect = {
  comment: (text) => `-- ${text.replace(/[\r\n]+/g, ' ')}`,

  preamble: (target: DatabaseInfo) => [
    // The literals below are in UTF-8, with standard strings, in the output styles icmsync reads.
    "SET client_encoding = 'UTF8';",
    'SET standard_conforming_strings = on;',
    "SET DateStyle = 'ISO, YMD';",
    "SET IntervalStyle = 'postgres';",
    "SET lc_monetary = 'C';",
    // Deferrable foreign keys are checked at commit; the rest after each statement, in the order below.
    'SET CONSTRAINTS ALL DEFERRED;',
    'DO $guard$ BEGIN',
    `  IF current_database() <> ${stringLiteral(target.database)} THEN`,
    `    RAISE EXCEPTION 'This script is for database % on %: nothing was changed.', ${stringLiteral(target.database)}, ${stringLiteral(target.server)};`,
    '  END IF;',
    'END $guard$;',
  ],

  beginBatch: () => [],
  endBatch: () => [],

  describeTransactions: (statements) =>
    `the whole script is one transaction when applied with psql -1: it changes everything or nothing (batches of at most ${statements} statements are marked by comments only)`,

  applyCommand(target, file) {
    const { host, port } = hostAndPort(target.server);
    return `psql -h ${quoteArg(host)}${port ? ` -p ${port}` : ''} -d ${quoteArg(target.database)} -v ON_ERROR_STOP=1 -1 -f ${quoteArg(file)}`;
  },

  beforeIdentityInsert: () => [],
  afterIdentityInsert(table) {
    // Like SQL Server after an identity insert: the sequence only ever moves forward, to the
    // highest value now in the table (a sequence never used yet has no last_value).
    return table.columns
      .filter((c) => c.identity && !c.generated)
      .map((c) => {
        const sequence = `pg_get_serial_sequence(${stringLiteral(qualifiedName(table))}, ${stringLiteral(c.name)})::regclass`;
        return `SELECT setval(m.seq, m.hi) FROM (SELECT ${sequence} AS seq, max(${quoteIdent(c.name)}) AS hi FROM ${qualifiedName(table)}) m
WHERE m.hi > COALESCE((SELECT s.last_value FROM pg_sequences s WHERE format('%I.%I', s.schemaname, s.sequencename)::regclass = m.seq), m.hi - 1);`;
      });
  },

  insertRows(table, columns, rows) {
    if (rows.length === 0) throw new Error('an INSERT takes at least one row');
    const names = columns.map((c) => quoteIdent(c.name)).join(', ');
    // GENERATED ALWAYS identity columns take explicit values only with OVERRIDING SYSTEM VALUE.
    const overriding = columns.some((c) => c.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
    const tuples = rows.map(
      (row) => `  (${columns.map((c, i) => postgresLiteral(table, c, row[i] ?? null)).join(', ')})`,
    );
    return `INSERT INTO ${qualifiedName(table)} (${names})${overriding} VALUES\n${tuples.join(',\n')};`;
  },

  updateRow(table, key, values) {
    const set = values
      .map(
        ({ column, value }) =>
          `${quoteIdent(column.name)} = ${postgresLiteral(table, column, value)}`,
      )
      .join(', ');
    const where = key.map((k) => equals(table, k)).join(' AND ');
    return `UPDATE ${qualifiedName(table)} SET ${set} WHERE ${where};`;
  },

  deleteRows(table, keyColumns, keys) {
    const hasNull = keys.some((k) => k.some((v) => v === null));
    const tuple = (k: readonly ExactValue[]) =>
      keyColumns.map((c, i) => postgresLiteral(table, c, k[i] ?? null)).join(', ');
    let where: string;
    if (hasNull)
      where = keys
        .map(
          (k) =>
            `(${keyColumns.map((column, i) => equals(table, { column, value: k[i] ?? null })).join(' AND ')})`,
        )
        .join('\n   OR ');
    else if (keyColumns.length === 1)
      where = `${quoteIdent(keyColumns[0]?.name ?? '')} IN (${keys.map(tuple).join(', ')})`;
    else
      where = `(${keyColumns.map((c) => quoteIdent(c.name)).join(', ')}) IN (${keys.map((k) => `(${tuple(k)})`).join(', ')})`;
    return `DELETE FROM ${qualifiedName(table)} WHERE ${where};`;
  },

  // ALTER TABLE … DISABLE TRIGGER ALL needs superuser rights: rows are put in order instead.
  disableForeignKey: () => null,
  enableForeignKey: () => null,
};
