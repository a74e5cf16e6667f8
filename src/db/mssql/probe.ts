import type { ClockReading, DatabaseProbe, StorageFile, TableProbe } from '../../port/probe.js';
import type { TableShape } from '../../port/shapes.js';
import { tableLabel } from '../../port/table-key.js';
import {
  CLOCK_SQL,
  databaseFilesSql,
  ENCRYPTION_SQL,
  type FileRow,
  grantsOf,
  PERMISSIONS_SQL,
  parseServerUtc,
  sizeOf,
  storageFileOf,
  TABLE_GRANTS_SQL,
  TABLE_SIZES_SQL,
  type TableGrantsRow,
  type TableSizeRow,
} from './probe-sql.js';
import type { Statements } from './statements.js';

interface PermissionsRow {
  readonly user_name: string | null;
  readonly sees_server_state: number;
  readonly sees_database_state: number;
}

const key = (schema: string, name: string) => `${schema}\u0000${name}`;

/** Reads the server's clock once, timing the round trip on this machine's clock. */
async function readClock(statements: Statements): Promise<ClockReading> {
  const sentMs = Date.now();
  const [row] = await statements.rows<{ server_utc: string }>(
    "reading the server's clock",
    CLOCK_SQL,
  );
  return { serverMs: parseServerUtc(row?.server_utc ?? ''), sentMs, receivedMs: Date.now() };
}

/** The database's data and log files and tempdb's data files. */
async function readFiles(statements: Statements, volumes: boolean): Promise<StorageFile[]> {
  const files: StorageFile[] = [];
  for (const tempdb of [false, true]) {
    const rows = await statements.rows<FileRow>(
      tempdb ? "reading tempdb's files" : "reading the database's files",
      databaseFilesSql({ tempdb, volumes }),
    );
    files.push(...rows.map((row) => storageFileOf(row, tempdb)));
  }
  return files;
}

/**
 * The facts `doctor` needs from a SQL Server database (see {@link DatabaseProbe}). The permissions
 * come first: each DMV is read only when the login may read it, so a missing VIEW SERVER STATE
 * leaves its facts null instead of failing the probe.
 */
export async function probeDatabase(
  statements: Statements,
  tables: readonly TableShape[],
): Promise<DatabaseProbe> {
  const [permissions] = await statements.rows<PermissionsRow>(
    'reading the permissions of the login',
    PERMISSIONS_SQL,
  );
  const seesServer = Number(permissions?.sees_server_state) === 1;
  const seesDatabase = Number(permissions?.sees_database_state) === 1;
  const [connection] = seesServer
    ? await statements.rows<{ encrypt_option: string }>(
        'reading the encryption of the connection',
        ENCRYPTION_SQL,
      )
    : [];
  // Every user table at once (a Logger has a few hundred): names stay out of the statement.
  const grants = new Map(
    (
      await statements.rows<TableGrantsRow>('reading the grants on the tables', TABLE_GRANTS_SQL)
    ).map((r) => [key(r.schema_name, r.table_name), r]),
  );
  const sizes = new Map(
    seesDatabase
      ? (
          await statements.rows<TableSizeRow>('reading the sizes of the tables', TABLE_SIZES_SQL)
        ).map((r) => [key(r.schema_name, r.table_name), r])
      : [],
  );
  const probed: TableProbe[] = tables.flatMap((t) => {
    const row = grants.get(key(t.schema, t.name));
    if (!row) return [];
    const size = sizes.get(key(t.schema, t.name));
    return [
      {
        table: tableLabel(t),
        grants: grantsOf(
          row,
          t.columns.some((c) => c.identity),
        ),
        size: size ? sizeOf(size) : null,
      },
    ];
  });
  return {
    user: permissions?.user_name ?? '',
    encrypted: connection ? connection.encrypt_option.toUpperCase() === 'TRUE' : null,
    encryption: null,
    seesAllSessions: seesServer,
    tables: probed,
    storage: { files: await readFiles(statements, seesServer), unknown: null, location: null },
    clock: await readClock(statements),
  };
}
