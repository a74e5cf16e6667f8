import type { ColumnShape, TableShape } from '../../port/shapes.js';
import { dataColumns, findColumn, requireKey } from '../../port/table-key.js';
import type { ExactValue, Key, KeyRange, Side } from '../../port/types.js';
import { qualifiedName, quoteIdent, type Statement } from './quote.js';
import { rangePredicate } from './rows-sql.js';

/** A value for a `text[]` parameter: exact text as is, bytes in PostgreSQL's hex input form. */
export function textParam(value: ExactValue): string | null {
  return value instanceof Uint8Array ? `\\x${Buffer.from(value).toString('hex')}` : value;
}

/**
 * `unnest($1::text[], …) AS v(c0, …)` for `columns`, with the select list that casts each field
 * back to its column's type: exact text is the type's own output, so it is valid input.
 */
function unnested(columns: readonly ColumnShape[], first = 1) {
  const names = columns.map((_, i) => `c${i}`);
  return {
    from: `unnest(${columns.map((_, i) => `$${first + i}::text[]`).join(', ')}) AS v(${names.join(', ')})`,
    select: columns.map((c, i) => `v.${names[i]}::${c.type}`).join(', '),
  };
}

/** Deletes the rows with the given keys, matched by the server (collations included). */
export function deleteRowsSql(table: TableShape, side: Side, keys: readonly Key[]): Statement {
  const key = requireKey(table, side).map((k) => findColumn(table, k));
  const v = unnested(key);
  const text = `DELETE FROM ${qualifiedName(table)}
WHERE (${key.map((c) => quoteIdent(c.name)).join(', ')}) IN (SELECT ${v.select} FROM ${v.from})`;
  return { text, values: key.map((_, j) => keys.map((k) => textParam(k[j] ?? null))) };
}

/** Deletes a key range (the whole table when `range` is absent). */
export function deleteRangeSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const where = range ? rangePredicate(requireKey(table, side), range) : { text: '', values: [] };
  return { text: `DELETE FROM ${qualifiedName(table)} ${where.text}`, values: where.values };
}

/**
 * Inserts whole rows, or updates every other column where the key exists; identity values are
 * written as given. Returns one row per written row, `inserted` true for new keys (a row whose
 * `xmax` is 0 was not there before).
 */
export function upsertRowsSql(
  table: TableShape,
  side: Side,
  rows: readonly (readonly ExactValue[])[],
): Statement {
  const columns = dataColumns(table);
  const key = new Set(requireKey(table, side).map((k) => findColumn(table, k).name));
  const v = unnested(columns);
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  const others = columns.filter((c) => !key.has(c.name));
  const overriding = columns.some((c) => c.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
  const conflict =
    others.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${others.map((c) => `${quoteIdent(c.name)} = EXCLUDED.${quoteIdent(c.name)}`).join(', ')}`;
  const text = `INSERT INTO ${qualifiedName(table)} (${names})${overriding}
SELECT ${v.select} FROM ${v.from}
ON CONFLICT (${[...key].map(quoteIdent).join(', ')}) ${conflict}
RETURNING (xmax = 0) AS inserted`;
  return { text, values: columns.map((_, j) => rows.map((r) => textParam(r[j] ?? null))) };
}

/**
 * Moves an identity column's sequence past the column's highest value, never back: rows written
 * with explicit identity values do not advance it.
 */
export function advanceIdentitySql(table: TableShape, column: ColumnShape): Statement {
  const c = quoteIdent(column.name);
  const text = `SELECT setval(s.seq, greatest(m.top, coalesce(pg_sequence_last_value(s.seq), m.top)))
FROM (SELECT pg_get_serial_sequence($1, $2)::regclass AS seq) AS s,
  (SELECT max(${c}) AS top FROM ${qualifiedName(table)}) AS m
WHERE s.seq IS NOT NULL AND m.top IS NOT NULL`;
  return { text, values: [qualifiedName(table), column.name] };
}

/** Disables or enables one trigger by name. */
export function setTriggerSql(table: TableShape, trigger: string, enabled: boolean): string {
  return `ALTER TABLE ${qualifiedName(table)} ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER ${quoteIdent(trigger)}`;
}

/** Takes a session-level advisory lock on the name's 64-bit hash, without waiting. */
export const TRY_LOCK_SQL = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked';

/** The other client sessions on the current database. */
export const OTHER_SESSIONS_SQL = `SELECT pid::text AS id, usename AS login, client_addr::text AS host,
  nullif(application_name, '') AS program
FROM pg_catalog.pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()
  -- Without pg_read_all_stats, other roles' sessions show backend_type NULL: count them too.
  AND (backend_type = 'client backend' OR backend_type IS NULL)
ORDER BY pid`;
