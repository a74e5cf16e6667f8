import type {
  Catalog,
  ColumnShape,
  DatabaseInfo,
  ForeignKeyShape,
  TableShape,
  TriggerShape,
} from '../../port/shapes.js';
import {
  COLUMNS_SQL,
  DESCRIBE_SQL,
  FOREIGN_KEYS_SQL,
  KEYS_SQL,
  TABLES_SQL,
  TRIGGERS_SQL,
} from './catalog-sql.js';
import type { Statements } from './statements.js';
import {
  type CatalogType,
  columnLength,
  columnPrecision,
  columnScale,
  declaredType,
  mssqlKind,
} from './types.js';

interface DescribeRow {
  product_version: string | null;
  product_level: string | null;
  edition: string | null;
  database_name: string;
  default_schema: string | null;
}
interface TableRow {
  object_id: number;
  schema_name: string;
  table_name: string;
}
interface ColumnRow {
  object_id: number;
  column_name: string;
  type_name: string;
  max_length: number;
  precision: number;
  scale: number;
  collation_name: string | null;
  is_nullable: boolean;
  is_identity: boolean;
  is_computed: boolean;
  generated_always_type: number | null;
}
interface KeyRow {
  object_id: number;
  index_id: number;
  is_primary_key: boolean;
  column_name: string;
}
interface ForeignKeyRow {
  object_id: number;
  fk_id: number;
  fk_name: string;
  is_disabled: boolean;
  referenced_schema: string;
  referenced_table: string;
  column_name: string;
  referenced_column: string;
}
interface TriggerRow {
  object_id: number;
  trigger_name: string;
  is_disabled: boolean;
}

/** The catalog's description of one column. */
function toColumnShape(row: ColumnRow): ColumnShape {
  const type: CatalogType = {
    typeName: row.type_name,
    maxLength: row.max_length,
    precision: row.precision,
    scale: row.scale,
  };
  return {
    name: row.column_name,
    dataType: row.type_name.toLowerCase(),
    type: declaredType(type),
    length: columnLength(type),
    precision: columnPrecision(type),
    scale: columnScale(type),
    collation: row.collation_name,
    nullable: row.is_nullable,
    identity: row.is_identity,
    generated: row.is_computed || (row.generated_always_type ?? 0) !== 0,
    // sys.types still calls rowversion by its old name.
    rowVersion: row.type_name.toLowerCase() === 'timestamp',
    kind: mssqlKind(row.type_name),
  };
}

/** Appends `value` to the list under `key`, keeping first-seen key order. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function toForeignKey(rows: readonly ForeignKeyRow[]): ForeignKeyShape {
  const first = rows[0];
  return {
    name: first?.fk_name ?? '',
    columns: rows.map((r) => r.column_name),
    referencedSchema: first?.referenced_schema ?? '',
    referencedTable: first?.referenced_table ?? '',
    referencedColumns: rows.map((r) => r.referenced_column),
    enabled: !(first?.is_disabled ?? false),
  };
}

/** Server version, edition, database and default schema, as a DBA would name them. */
export async function describeServer(
  statements: Statements,
  server: string,
  fallbackDatabase: string,
): Promise<DatabaseInfo> {
  const [row] = await statements.rows<DescribeRow>('describing the server', DESCRIBE_SQL);
  const version = [row?.product_version, row?.product_level, row?.edition]
    .filter(Boolean)
    .join(' ');
  return {
    server,
    database: row?.database_name ?? fallbackDatabase,
    engine: 'mssql',
    engineVersion: `Microsoft SQL Server ${version}`,
    defaultSchema: row?.default_schema ?? 'dbo',
  };
}

/** Tables, columns, keys, foreign keys and triggers, one set-based query each. */
export async function readCatalog(statements: Statements): Promise<Catalog> {
  const what = 'reading the catalog';
  const tables = await statements.rows<TableRow>(what, TABLES_SQL);
  const columns = await statements.rows<ColumnRow>(what, COLUMNS_SQL);
  const keys = await statements.rows<KeyRow>(what, KEYS_SQL);
  const foreignKeys = await statements.rows<ForeignKeyRow>(what, FOREIGN_KEYS_SQL);
  const triggers = await statements.rows<TriggerRow>(what, TRIGGERS_SQL);

  const columnsOf = new Map<number, ColumnShape[]>();
  for (const row of columns) push(columnsOf, row.object_id, toColumnShape(row));

  const indexesOf = new Map<number, Map<number, { primary: boolean; columns: string[] }>>();
  for (const row of keys) {
    const indexes =
      indexesOf.get(row.object_id) ?? new Map<number, { primary: boolean; columns: string[] }>();
    indexesOf.set(row.object_id, indexes);
    const index = indexes.get(row.index_id) ?? { primary: row.is_primary_key, columns: [] };
    indexes.set(row.index_id, index);
    index.columns.push(row.column_name);
  }

  const foreignKeysOf = new Map<number, Map<number, ForeignKeyRow[]>>();
  for (const row of foreignKeys) {
    const byKey = foreignKeysOf.get(row.object_id) ?? new Map<number, ForeignKeyRow[]>();
    foreignKeysOf.set(row.object_id, byKey);
    push(byKey, row.fk_id, row);
  }

  const triggersOf = new Map<number, TriggerShape[]>();
  for (const row of triggers) {
    push(triggersOf, row.object_id, { name: row.trigger_name, enabled: !row.is_disabled });
  }

  return {
    tables: tables.map((table): TableShape => {
      const indexes = [...(indexesOf.get(table.object_id)?.values() ?? [])];
      const primaryKey = indexes.find((index) => index.primary)?.columns ?? [];
      const uniqueKeys = indexes.filter((index) => !index.primary).map((index) => index.columns);
      return {
        schema: table.schema_name,
        name: table.table_name,
        columns: columnsOf.get(table.object_id) ?? [],
        primaryKey,
        uniqueKeys,
        foreignKeys: [...(foreignKeysOf.get(table.object_id)?.values() ?? [])].map(toForeignKey),
        triggers: triggersOf.get(table.object_id) ?? [],
      };
    }),
  };
}
