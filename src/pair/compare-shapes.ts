import type { ColumnShape, TableShape } from '../port/shapes.js';
import { keyColumns } from '../port/table-key.js';

const describeColumn = (c: ColumnShape) => `${c.type}${c.nullable ? ' NULL' : ' NOT NULL'}`;

/**
 * How two sides' versions of a table differ in shape, as short phrases; empty when they match.
 * Column order counts: rows are hashed and copied in column order.
 */
export function compareShapes(a: TableShape, b: TableShape): string[] {
  const differences: string[] = [];
  const bColumns = new Map(b.columns.map((c) => [c.name.toLowerCase(), c]));
  const aNames = new Set(a.columns.map((c) => c.name.toLowerCase()));
  for (const column of a.columns) {
    const other = bColumns.get(column.name.toLowerCase());
    if (!other) differences.push(`column ${column.name} only in A`);
    else if (describeColumn(column) !== describeColumn(other)) {
      differences.push(
        `column ${column.name} is ${describeColumn(column)} in A, ${describeColumn(other)} in B`,
      );
    }
  }
  for (const column of b.columns) {
    if (!aNames.has(column.name.toLowerCase())) differences.push(`column ${column.name} only in B`);
  }
  if (differences.length === 0) {
    const order = (t: TableShape) => t.columns.map((c) => c.name.toLowerCase()).join(',');
    if (order(a) !== order(b)) differences.push('column order differs');
    const key = (t: TableShape) =>
      keyColumns(t)
        .map((k) => k.toLowerCase())
        .join(',');
    if (key(a) !== key(b))
      differences.push(
        `key is (${keyColumns(a).join(', ')}) in A, (${keyColumns(b).join(', ')}) in B`,
      );
  }
  return differences;
}
