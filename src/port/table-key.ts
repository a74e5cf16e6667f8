import { IcmsyncError } from './errors.js';
import type { ColumnShape, TableShape } from './shapes.js';
import type { Side } from './types.js';

/** `schema.name`, the way messages and reports name a table. */
export function tableLabel(table: Pick<TableShape, 'schema' | 'name'>): string {
  return `${table.schema}.${table.name}`;
}

/** Shortest first, then by column names: index names may differ between sides, columns do not. */
function byWidthThenNames(x: readonly string[], y: readonly string[]): number {
  if (x.length !== y.length) return x.length - y.length;
  const a = x.join('\u0000').toLowerCase();
  const b = y.join('\u0000').toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The columns that identify a row: the primary key, or else the narrowest unique key whose
 * columns are all NOT NULL (chosen by columns, so both sides choose the same one). Empty when the
 * table has neither.
 */
export function keyColumns(table: TableShape): readonly string[] {
  if (table.primaryKey.length > 0) return table.primaryKey;
  const notNull = new Set(table.columns.filter((c) => !c.nullable).map((c) => c.name));
  const candidates = table.uniqueKeys.filter((key) => key.every((name) => notNull.has(name)));
  return [...candidates].sort(byWidthThenNames)[0] ?? [];
}

/** Like {@link keyColumns}, but a table without a key is an error naming the side and the fix. */
export function requireKey(table: TableShape, side: Side): readonly string[] {
  const key = keyColumns(table);
  if (key.length === 0) {
    throw new IcmsyncError(
      `${tableLabel(table)} has no primary key or NOT NULL unique key (add one, or leave the table out)`,
      'UNSUPPORTED',
      { side },
    );
  }
  return key;
}

/** The columns whose values are compared and copied: all but computed and rowversion columns. */
export function dataColumns(table: TableShape): TableShape['columns'] {
  return table.columns.filter((c) => !c.generated && !c.rowVersion);
}

/** The catalog's spelling of `column` (matched case-insensitively), or an error naming the table. */
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
