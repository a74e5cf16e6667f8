import type { ColumnShape, TableShape } from '../../port/shapes.js';
import { dataColumns, findColumn, requireKey } from '../../port/table-key.js';
import type { Key, KeyRange, Side } from '../../port/types.js';
import { qualifiedName, quoteIdent, type Statement } from './quote.js';
import { rangePredicate } from './rows-sql.js';
import { textParam } from './write-rows-sql.js';

/** The settings that carry a range's bounds into COPY: `icmsync.after_0`, `icmsync.up_to_1`, … */
const boundSetting = (bound: 'after' | 'up_to', column: number) => `icmsync.${bound}_${column}`;

/** A key range read by a binary COPY: the statement that sets its bounds, then the COPY itself. */
export interface CopyOut {
  /** Sets the bounds as session settings, sent as parameters; null for the whole table. */
  readonly bounds: Statement | null;
  readonly copy: string;
}

/**
 * `COPY (SELECT <data columns> … WHERE <range> ORDER BY <key>) TO STDOUT (FORMAT binary)`. COPY
 * takes no parameters, so the bounds travel as parameters of a `set_config` statement sent first
 * on the same connection, and the COPY reads them back with `current_setting(…)::<column type>`
 * (stable, so the key's index still serves the range). Each key value arrives in its exact text
 * form, which is valid input for its type.
 */
export function copyOutSql(table: TableShape, side: Side, range?: KeyRange): CopyOut {
  const key = requireKey(table, side).map((name) => findColumn(table, name));
  const tuple = `(${key.map((c) => quoteIdent(c.name)).join(', ')})`;
  const names: string[] = [];
  const values: (string | null)[] = [];
  const bound = (which: 'after' | 'up_to', value: Key) =>
    `(${key
      .map((column, j) => {
        if (value.length !== key.length)
          throw new Error(`key bound has ${value.length} values for ${key.length} key columns`);
        names.push(boundSetting(which, j));
        values.push(textParam(value[j] ?? null));
        return `current_setting('${boundSetting(which, j)}')::${column.type}`;
      })
      .join(', ')})`;
  const where: string[] = [];
  if (range?.after) where.push(`${tuple} > ${bound('after', range.after)}`);
  if (range?.upTo) where.push(`${tuple} <= ${bound('up_to', range.upTo)}`);
  const columns = dataColumns(table)
    .map((c) => quoteIdent(c.name))
    .join(', ');
  const copy = `COPY (SELECT ${columns} FROM ${qualifiedName(table)}${
    where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''
  } ORDER BY ${key.map((c) => quoteIdent(c.name)).join(', ')}) TO STDOUT (FORMAT binary)`;
  const bounds =
    names.length === 0
      ? null
      : {
          text: `SELECT ${names.map((name, i) => `set_config('${name}', $${i + 1}, false)`).join(', ')}`,
          values,
        };
  return { bounds, copy };
}

/** `COPY … (<data columns>) FROM STDIN (FORMAT binary)`: identity values are taken as given. */
export function copyInSql(table: TableShape): string {
  const columns = dataColumns(table)
    .map((c) => quoteIdent(c.name))
    .join(', ');
  return `COPY ${qualifiedName(table)} (${columns}) FROM STDIN (FORMAT binary)`;
}

/**
 * Moves an identity column's sequence past the highest value in a key range, never back. Reading
 * only the range keeps it one index range scan per batch, whether or not the column is indexed.
 */
export function advanceIdentityInRangeSql(
  table: TableShape,
  side: Side,
  column: ColumnShape,
  range?: KeyRange,
): Statement {
  const c = quoteIdent(column.name);
  const where = rangePredicate(requireKey(table, side), range, 3);
  const text = `SELECT setval(s.seq, greatest(m.top, coalesce(pg_sequence_last_value(s.seq), m.top)))
FROM (SELECT pg_get_serial_sequence($1, $2)::regclass AS seq) AS s,
  (SELECT max(${c}) AS top FROM ${qualifiedName(table)} ${where.text}) AS m
WHERE s.seq IS NOT NULL AND m.top IS NOT NULL`;
  return { text, values: [qualifiedName(table), column.name, ...where.values] };
}
