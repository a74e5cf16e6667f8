import { pages } from '../diff/script-spool.js';
import { rowLevels, valuesText } from '../pair/fk-order.js';
import type { ForeignKeyShape, TableShape } from '../port/shapes.js';
import { dataColumns } from '../port/table-key.js';
import type { ExactRow } from '../port/types.js';

/** The enabled foreign keys of a table that refer to the table itself (a hierarchy). */
export function selfReferences(table: TableShape): ForeignKeyShape[] {
  const same = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();
  return table.foreignKeys.filter(
    (fk) =>
      fk.enabled && same(fk.referencedSchema, table.schema) && same(fk.referencedTable, table.name),
  );
}

/**
 * The rows of a table (data columns, table order), `size` at a time, in an order that keeps its
 * references to itself satisfied after every batch: for a table without such references, as they
 * come (key order); for a hierarchy, all of them read into memory (hierarchies are configuration
 * tables) and written level by level — `parents-first` for inserts and updates, `children-first`
 * for deletes — with a batch never holding two levels, so a row's parent is committed, or its
 * children deleted, before it is written. Key order holds within a level. Rows that refer to each
 * other in a loop get an arbitrary order among themselves, which the server then refuses.
 */
export async function* inReferenceOrder(
  rows: AsyncIterable<ExactRow>,
  table: TableShape,
  size: number,
  order: 'parents-first' | 'children-first',
): AsyncIterable<ExactRow[]> {
  const own = selfReferences(table);
  if (own.length === 0) {
    yield* pages(rows, size);
    return;
  }
  const columns = dataColumns(table).map((c) => c.name.toLowerCase());
  const at = (column: string) => columns.indexOf(column.toLowerCase());
  const all: ExactRow[] = [];
  for await (const row of rows) all.push(row);
  const { levels } = rowLevels(
    all.map((row) => ({
      names: own.map(
        (fk, e) => `${e}|${valuesText(fk.referencedColumns.map((c) => row[at(c)] ?? null))}`,
      ),
      // A foreign key with a NULL column is not checked (MATCH SIMPLE): it refers to nothing.
      references: own.flatMap((fk, e) => {
        const values = fk.columns.map((c) => row[at(c)] ?? null);
        return values.every((v) => v !== null) ? [`${e}|${valuesText(values)}`] : [];
      }),
    })),
  );
  const sign = order === 'parents-first' ? 1 : -1;
  const ordered = all
    .map((row, i) => ({ row, level: levels[i] ?? 0 }))
    .sort((x, y) => sign * (x.level - y.level));
  let batch: ExactRow[] = [];
  let level = ordered[0]?.level;
  for (const item of ordered) {
    if (batch.length >= size || item.level !== level) {
      yield batch;
      batch = [];
    }
    batch.push(item.row);
    level = item.level;
  }
  if (batch.length > 0) yield batch;
}
