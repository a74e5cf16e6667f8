import type { StorageFile, StorageRole, TableGrants, TableSize } from '../../port/probe.js';

/** SQL Server's page: sizes in sys.database_files and the DMVs count 8-KB pages. */
export const PAGE_BYTES = 8192;

/**
 * The login's user in this database and the two permissions the other probes depend on. A login
 * without VIEW SERVER STATE (VIEW SERVER PERFORMANCE STATE from SQL Server 2022, which it implies)
 * may not read sys.dm_exec_connections or sys.dm_os_volume_stats; one without VIEW DATABASE STATE
 * (VIEW DATABASE PERFORMANCE STATE) may not read sys.dm_db_partition_stats. HAS_PERMS_BY_NAME gives
 * NULL for a permission the server does not know, which the CASE reads as not granted.
 */
export const PERMISSIONS_SQL = `SELECT USER_NAME() AS user_name,
  CASE WHEN HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') = 1
    OR HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER PERFORMANCE STATE') = 1
  THEN 1 ELSE 0 END AS sees_server_state,
  CASE WHEN HAS_PERMS_BY_NAME(DB_NAME(), N'DATABASE', N'VIEW DATABASE STATE') = 1
    OR HAS_PERMS_BY_NAME(DB_NAME(), N'DATABASE', N'VIEW DATABASE PERFORMANCE STATE') = 1
  THEN 1 ELSE 0 END AS sees_database_state;`;

/** Whether this session's connection is encrypted (`TRUE`/`FALSE`); needs VIEW SERVER STATE. */
export const ENCRYPTION_SQL = `SELECT c.encrypt_option
FROM sys.dm_exec_connections AS c
WHERE c.session_id = @@SPID;`;

/**
 * The login's effective permissions on every user table, by the quoted two-part name that
 * HAS_PERMS_BY_NAME takes (names from the catalog only). DISABLE TRIGGER and SET IDENTITY_INSERT
 * both need ALTER on the table (or owning it, which implies ALTER).
 */
export const TABLE_GRANTS_SQL = `SELECT s.name AS schema_name, t.name AS table_name,
  HAS_PERMS_BY_NAME(QUOTENAME(s.name) + N'.' + QUOTENAME(t.name), N'OBJECT', N'SELECT') AS can_select,
  HAS_PERMS_BY_NAME(QUOTENAME(s.name) + N'.' + QUOTENAME(t.name), N'OBJECT', N'INSERT') AS can_insert,
  HAS_PERMS_BY_NAME(QUOTENAME(s.name) + N'.' + QUOTENAME(t.name), N'OBJECT', N'UPDATE') AS can_update,
  HAS_PERMS_BY_NAME(QUOTENAME(s.name) + N'.' + QUOTENAME(t.name), N'OBJECT', N'DELETE') AS can_delete,
  HAS_PERMS_BY_NAME(QUOTENAME(s.name) + N'.' + QUOTENAME(t.name), N'OBJECT', N'ALTER') AS can_alter
FROM sys.tables AS t
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
WHERE t.is_ms_shipped = 0
ORDER BY s.name, t.name;`;

/**
 * Pages in use by every user table (rows, indexes, LOB and row-overflow pages of every partition)
 * and its rows (heap or clustered index only, so that rows are not counted once per index); needs
 * VIEW DATABASE STATE. `row_count` is the engine's approximate count.
 */
export const TABLE_SIZES_SQL = `SELECT s.name AS schema_name, t.name AS table_name,
  SUM(ps.used_page_count) * ${PAGE_BYTES} AS used_bytes,
  SUM(CASE WHEN ps.index_id IN (0, 1) THEN ps.row_count ELSE 0 END) AS row_count
FROM sys.dm_db_partition_stats AS ps
JOIN sys.tables AS t ON t.object_id = ps.object_id
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
WHERE t.is_ms_shipped = 0
GROUP BY s.name, t.name;`;

/** Which files {@link databaseFilesSql} lists. */
export interface FilesQuery {
  /**
   * tempdb's data files instead of this database's data and log files. The statement then starts
   * with `USE [tempdb]`: it runs through sp_executesql, so the change of database lasts only until
   * the statement ends, and FILEPROPERTY (which reads the current database only) sees tempdb.
   */
  readonly tempdb: boolean;
  /** Add the free space of each file's volume (sys.dm_os_volume_stats needs VIEW SERVER STATE). */
  readonly volumes: boolean;
}

/**
 * Size, pages in use, growth limit and (with `volumes`) the volume's free space of the data
 * (`type` 0) and log (`type` 1) files. `size` and `max_size` are 8-KB pages; `max_size` -1 is
 * "until the disk is full", and `growth` 0 a file that does not grow.
 */
export function databaseFilesSql(query: FilesQuery): string {
  const volume = query.volumes
    ? `,
  v.volume_mount_point, v.available_bytes`
    : `,
  CAST(NULL AS nvarchar(512)) AS volume_mount_point, CAST(NULL AS bigint) AS available_bytes`;
  const apply = query.volumes
    ? `
CROSS APPLY sys.dm_os_volume_stats(DB_ID(), f.file_id) AS v`
    : '';
  return `${query.tempdb ? 'USE [tempdb];\n' : ''}SELECT f.file_id, f.name, f.type_desc,
  CAST(f.size AS bigint) * ${PAGE_BYTES} AS size_bytes,
  CAST(FILEPROPERTY(f.name, 'SpaceUsed') AS bigint) * ${PAGE_BYTES} AS used_bytes,
  f.max_size, f.growth${volume}
FROM sys.database_files AS f${apply}
WHERE f.type ${query.tempdb ? '= 0' : 'IN (0, 1)'}
ORDER BY f.file_id;`;
}

/**
 * The server's UTC clock as ISO 8601 text (style 126: `yyyy-mm-ddThh:mi:ss.nnnnnnn`, the fraction
 * left out when it is zero), parsed by {@link parseServerUtc}: text keeps every digit and needs no
 * DATEDIFF_BIG (SQL Server 2016 and later).
 */
export const CLOCK_SQL = 'SELECT CONVERT(varchar(33), SYSUTCDATETIME(), 126) AS server_utc;';

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/** Milliseconds since 1970 of a style-126 datetime2 in UTC; NaN when the text is not one. */
export function parseServerUtc(text: string): number {
  const m = ISO_UTC.exec(text.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, fraction = ''] = m;
  const whole = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return whole + Number(`0.${fraction || '0'}`) * 1000;
}

/** A row of {@link TABLE_GRANTS_SQL}: 1, 0, or NULL when the name did not resolve. */
export interface TableGrantsRow {
  readonly schema_name: string;
  readonly table_name: string;
  readonly can_select: number | null;
  readonly can_insert: number | null;
  readonly can_update: number | null;
  readonly can_delete: number | null;
  readonly can_alter: number | null;
}

/** The grants a row says the login has; `identity` says whether the table has an identity column. */
export function grantsOf(row: TableGrantsRow, identity: boolean): TableGrants {
  const granted = (value: number | null) => Number(value) === 1;
  const alter = granted(row.can_alter);
  return {
    select: granted(row.can_select),
    insert: granted(row.can_insert),
    update: granted(row.can_update),
    delete: granted(row.can_delete),
    disableTriggers: alter,
    keepIdentity: !identity || alter,
  };
}

/** A row of {@link TABLE_SIZES_SQL}; bigints come back as text. */
export interface TableSizeRow {
  readonly schema_name: string;
  readonly table_name: string;
  readonly used_bytes: string | number;
  readonly row_count: string | number;
}

export function sizeOf(row: TableSizeRow): TableSize {
  return { bytes: Number(row.used_bytes), rows: Number(row.row_count) };
}

/** A row of {@link databaseFilesSql}. */
export interface FileRow {
  readonly name: string;
  readonly type_desc: string;
  readonly size_bytes: string | number;
  readonly used_bytes: string | number | null;
  readonly max_size: number;
  readonly growth: number;
  readonly volume_mount_point: string | null;
  readonly available_bytes: string | number | null;
}

/** A file as the port describes it; `tempdb` files are all tempdb's data files. */
export function storageFileOf(row: FileRow, tempdb: boolean): StorageFile {
  const sizeBytes = Number(row.size_bytes);
  const role: StorageRole = tempdb ? 'tempdb' : row.type_desc === 'LOG' ? 'log' : 'data';
  const maxBytes =
    row.growth === 0 || row.max_size === 0
      ? sizeBytes
      : row.max_size === -1
        ? null
        : Math.max(sizeBytes, row.max_size * PAGE_BYTES);
  return {
    role,
    name: row.name,
    sizeBytes,
    // FILEPROPERTY gives NULL for a file it cannot see: count it as full rather than as free.
    usedBytes: row.used_bytes === null ? sizeBytes : Number(row.used_bytes),
    maxBytes,
    // SQL Server on Linux gives no mount point: the volume is then unknown.
    volume: row.volume_mount_point ? row.volume_mount_point : null,
    volumeFreeBytes: row.available_bytes === null ? null : Number(row.available_bytes),
  };
}
