import type { ColumnShape, TableShape } from '../../src/port/shapes.js';

/** A column shape for pure tests: `int NOT NULL` unless told otherwise. */
export function column(name: string, type = 'int', extra: Partial<ColumnShape> = {}): ColumnShape {
  return {
    name,
    dataType: type.replace(/\(.*\)/, ''),
    type,
    length: null,
    precision: null,
    scale: null,
    collation: null,
    nullable: false,
    identity: false,
    generated: false,
    rowVersion: false,
    kind: 'integer',
    ...extra,
  };
}

/** A table shape for pure tests: `dbo.T` keyed by `id`. */
export function table(columns: ColumnShape[], extra: Partial<TableShape> = {}): TableShape {
  return {
    schema: 'dbo',
    name: 'T',
    columns,
    primaryKey: ['id'],
    uniqueKeys: [],
    foreignKeys: [],
    triggers: [],
    ...extra,
  };
}
