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
import { postgresKind } from './types.js';

interface TableRow {
  readonly oid: number;
  readonly nspname: string;
  readonly relname: string;
}
interface ColumnRow {
  readonly table_oid: number;
  readonly column_name: string;
  readonly full_type: string;
  readonly data_type: string;
  readonly char_length: number | null;
  readonly numeric_precision: number | null;
  readonly numeric_scale: number | null;
  readonly time_precision: number | null;
  readonly nullable: boolean;
  readonly is_identity: boolean;
  readonly is_generated: boolean;
  readonly collation: string | null;
}
interface KeyRow {
  readonly table_oid: number;
  readonly is_primary: boolean;
  readonly columns: string[];
}
interface ForeignKeyRow {
  readonly table_oid: number;
  readonly name: string;
  readonly columns: string[];
  readonly referenced_schema: string;
  readonly referenced_table: string;
  readonly referenced_columns: string[];
}
interface TriggerRow {
  readonly table_oid: number;
  readonly name: string;
  readonly enabled: boolean;
}

function toColumn(row: ColumnRow): ColumnShape {
  return {
    name: row.column_name,
    dataType: row.data_type,
    type: row.full_type,
    length: row.char_length,
    precision: row.numeric_precision,
    scale: row.numeric_scale ?? row.time_precision,
    collation: row.collation,
    nullable: row.nullable,
    identity: row.is_identity,
    generated: row.is_generated,
    rowVersion: false,
    kind: postgresKind(row.data_type),
  };
}

function groupBy<T extends { readonly table_oid: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.table_oid);
    if (group) group.push(row);
    else groups.set(row.table_oid, [row]);
  }
  return groups;
}

/** Server, database and version, as a DBA would name them. */
export async function describeServer(
  statements: Statements,
  server: string,
  fallbackDatabase: string,
): Promise<DatabaseInfo> {
  const [row] = await statements.rows<{
    database_name: string;
    default_schema: string | null;
    version: string;
    server_version: string;
  }>('reading server facts', DESCRIBE_SQL);
  const pglite = row?.version.match(/PGlite [\d.]+/)?.[0];
  const postgres = `PostgreSQL ${row?.server_version ?? '?'}`;
  return {
    server,
    database: row?.database_name ?? fallbackDatabase,
    engine: 'postgres',
    engineVersion: pglite ? `${pglite} (${postgres})` : postgres,
    defaultSchema: row?.default_schema ?? 'public',
  };
}

/** Tables, columns, keys, foreign keys and triggers, one set-based query each. */
export async function readCatalog(statements: Statements): Promise<Catalog> {
  const what = 'reading the catalog';
  const [tables, columns, keys, foreignKeys, triggers] = await Promise.all([
    statements.rows<TableRow>(what, TABLES_SQL),
    statements.rows<ColumnRow>(what, COLUMNS_SQL).then(groupBy),
    statements.rows<KeyRow>(what, KEYS_SQL).then(groupBy),
    statements.rows<ForeignKeyRow>(what, FOREIGN_KEYS_SQL).then(groupBy),
    statements.rows<TriggerRow>(what, TRIGGERS_SQL).then(groupBy),
  ]);
  return {
    tables: tables.map((t): TableShape => {
      const tableKeys = keys.get(t.oid) ?? [];
      return {
        schema: t.nspname,
        name: t.relname,
        columns: (columns.get(t.oid) ?? []).map(toColumn),
        primaryKey: tableKeys.find((k) => k.is_primary)?.columns ?? [],
        uniqueKeys: tableKeys.filter((k) => !k.is_primary).map((k) => k.columns),
        foreignKeys: (foreignKeys.get(t.oid) ?? []).map(
          (f): ForeignKeyShape => ({
            name: f.name,
            columns: f.columns,
            referencedSchema: f.referenced_schema,
            referencedTable: f.referenced_table,
            referencedColumns: f.referenced_columns,
            enabled: true,
          }),
        ),
        triggers: (triggers.get(t.oid) ?? []).map(
          (g): TriggerShape => ({ name: g.name, enabled: g.enabled }),
        ),
      };
    }),
  };
}
