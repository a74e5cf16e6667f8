import type { ColumnShape, TableShape, ValueKind } from '../../../../src/db/database.js';

/** A column as the mssql catalog reader would describe it; `over` replaces any field. */
export function column(
  name: string,
  dataType: string,
  kind: ValueKind,
  over: Partial<ColumnShape> = {},
): ColumnShape {
  return {
    name,
    dataType,
    type: dataType,
    length: null,
    precision: null,
    scale: null,
    nullable: false,
    identity: false,
    generated: false,
    rowVersion: false,
    kind,
    ...over,
  };
}

/** A dbo table with the given columns and primary key. */
export function table(
  name: string,
  columns: readonly ColumnShape[],
  primaryKey: readonly string[],
  over: Partial<TableShape> = {},
): TableShape {
  return {
    schema: 'dbo',
    name,
    columns,
    primaryKey,
    uniqueKeys: [],
    foreignKeys: [],
    triggers: [],
    ...over,
  };
}
