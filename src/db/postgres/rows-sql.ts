import type { TableShape } from '../../port/shapes.js';
import { findColumn, keyColumns } from '../../port/table-key.js';
import type { Key, KeyRange } from '../../port/types.js';
import { qualifiedName, quoteIdent, type Statement } from './quote.js';

/**
 * `WHERE` text for a key range, with its parameters numbered from `$<first>`. Row-value
 * comparison orders composite keys the way the primary key's index does, so the range is a seek.
 */
export function rangePredicate(
  key: readonly string[],
  range: KeyRange | undefined,
  first = 1,
): { text: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  const tuple = `(${key.map(quoteIdent).join(', ')})`;
  const placeholders = (bound: Key) =>
    `(${checkArity(key, bound)
      .map((v) => {
        values.push(v);
        return `$${first + values.length - 1}`;
      })
      .join(', ')})`;
  if (range?.after) parts.push(`${tuple} > ${placeholders(range.after)}`);
  if (range?.upTo) parts.push(`${tuple} <= ${placeholders(range.upTo)}`);
  return { text: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, values };
}

function checkArity(key: readonly string[], bound: Key): Key {
  if (bound.length !== key.length) {
    throw new Error(`key bound has ${bound.length} values for ${key.length} key columns`);
  }
  return bound;
}

/** Row count and highest value of one column. */
export function columnStatsSql(table: TableShape, column: string): Statement {
  const name = quoteIdent(findColumn(table, column).name);
  return {
    text: `SELECT count(*)::text AS row_count, max(${name}) AS max_value FROM ${qualifiedName(table)}`,
    values: [],
  };
}

/**
 * Rows with every column in table order. With a key: one keyset page, the next `limit` rows
 * after the range start in key order. Without one: the whole table in one statement.
 */
export function readRowsSql(table: TableShape, limit: number, range?: KeyRange): Statement {
  const key = keyColumns(table);
  const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
  if (key.length === 0)
    return { text: `SELECT ${columns} FROM ${qualifiedName(table)}`, values: [] };
  const where = rangePredicate(key, range);
  const text = `SELECT ${columns} FROM ${qualifiedName(table)} ${where.text}
ORDER BY ${key.map(quoteIdent).join(', ')} LIMIT $${where.values.length + 1}`;
  return { text, values: [...where.values, limit] };
}
