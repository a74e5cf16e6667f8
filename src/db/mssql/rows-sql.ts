import type { TableShape } from '../../port/shapes.js';
import { findColumn, keyColumns, requireKey } from '../../port/table-key.js';
import type { Key, KeyRange, Side } from '../../port/types.js';
import { exactColumn, exactText, fromExactText } from './exact-sql.js';
import { type ExactParam, qualifiedName, quoteIdent, type Statement } from './quote.js';

/** The `TOP (@batch)` parameter of {@link readRowsSql}, an `int`. */
export const BATCH_PARAM = 'batch';

/** A key column and the expression of the bound value it is compared with. */
interface Comparison {
  readonly ref: string;
  readonly value: string;
}

/** `(k1 op v1) OR (k1 = v1 AND k2 op v2) OR …`, plus `OR (all equal)` when `orEqual`. */
function lexicographic(pairs: readonly Comparison[], op: '<' | '>', orEqual: boolean): string {
  const equal = pairs.map((p) => `${p.ref} = ${p.value}`);
  const disjuncts = pairs.map((p, i) =>
    conjunction([...equal.slice(0, i), `${p.ref} ${op} ${p.value}`]),
  );
  if (orEqual) disjuncts.push(conjunction(equal));
  return `(${disjuncts.join(' OR ')})`;
}

function conjunction(terms: readonly string[]): string {
  return terms.length === 1 ? terms.join('') : `(${terms.join(' AND ')})`;
}

/**
 * `WHERE` text for a key range: `after` exclusive, `upTo` inclusive, compared column by column in
 * key order (SQL Server has no row-value comparison). For a composite key a leading `k1 >= v1`
 * (or `k1 <= v1`) lets the optimiser seek on the first key column. Values become `@a0…` and
 * `@u0…` parameters in exact form.
 */
export function rangePredicate(
  table: TableShape,
  key: readonly string[],
  range: KeyRange | undefined,
): Statement {
  const columns = key.map((name) => findColumn(table, name));
  const params: ExactParam[] = [];
  const bind = (prefix: 'a' | 'u', values: Key): Comparison[] => {
    if (values.length !== columns.length) {
      throw new Error(`key bound has ${values.length} values for ${columns.length} key columns`);
    }
    return columns.map((column, i) => {
      const name = `${prefix}${i}`;
      params.push({ name, value: values[i] ?? null, column });
      return { ref: quoteIdent(column.name), value: fromExactText(column, `@${name}`) };
    });
  };
  const bound = (pairs: Comparison[], op: '<' | '>', orEqual: boolean) => {
    const [first] = pairs;
    const seek = pairs.length > 1 && first ? `${first.ref} ${op}= ${first.value} AND ` : '';
    return `${seek}${lexicographic(pairs, op, orEqual)}`;
  };
  const parts: string[] = [];
  if (range?.after) parts.push(bound(bind('a', range.after), '>', false));
  if (range?.upTo) parts.push(bound(bind('u', range.upTo), '<', true));
  return { text: parts.length === 0 ? '' : `WHERE ${parts.join('\n  AND ')}`, params };
}

/** Row count and highest value (in exact form) of one column. */
export function columnStatsSql(table: TableShape, column: string): Statement {
  const shape = findColumn(table, column);
  const max = `MAX(${quoteIdent(shape.name)})`;
  const value = shape.kind === 'binary' ? max : exactText(table, shape, max);
  return {
    text: `SELECT COUNT_BIG(*) AS row_count, ${value} AS max_value FROM ${qualifiedName(table)};`,
    params: [],
  };
}

/**
 * Rows with every column in table order, in exact form. With a key: one keyset page, the first
 * `@batch` rows of the range in key order; the caller moves `range.after` to the last row's key
 * until a page comes back short. Without one: the whole table in one statement.
 */
export function readRowsSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const columns = table.columns.map((c) => exactColumn(table, c)).join(', ');
  const key = range ? requireKey(table, side) : keyColumns(table);
  if (key.length === 0) {
    return { text: `SELECT ${columns} FROM ${qualifiedName(table)};`, params: [] };
  }
  const where = rangePredicate(table, key, range);
  const text = [
    `SELECT TOP (@${BATCH_PARAM}) ${columns}`,
    `FROM ${qualifiedName(table)}`,
    where.text,
    `ORDER BY ${key.map(quoteIdent).join(', ')};`,
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { text, params: where.params };
}
