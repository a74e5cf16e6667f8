import type { ColumnShape, TableShape, ValueKind } from '../../../../src/port/shapes.js';
import * as shapes from '../../../support/shapes.js';

/** A column as the mssql catalog reader would describe it; `over` replaces any field. */
export function column(
  name: string,
  dataType: string,
  kind: ValueKind,
  over: Partial<ColumnShape> = {},
): ColumnShape {
  return shapes.column(name, dataType, { dataType, kind, ...over });
}

/** A dbo table with the given columns and primary key. */
export function table(
  name: string,
  columns: readonly ColumnShape[],
  primaryKey: readonly string[],
  over: Partial<TableShape> = {},
): TableShape {
  return shapes.table([...columns], { name, primaryKey, ...over });
}
