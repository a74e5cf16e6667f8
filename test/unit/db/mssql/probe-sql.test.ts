import { describe, expect, it } from 'vitest';
import {
  CLOCK_SQL,
  databaseFilesSql,
  ENCRYPTION_SQL,
  grantsOf,
  PAGE_BYTES,
  PERMISSIONS_SQL,
  parseServerUtc,
  sizeOf,
  storageFileOf,
  TABLE_GRANTS_SQL,
  TABLE_SIZES_SQL,
} from '../../../../src/db/mssql/probe-sql.js';

describe('the SQL Server probe statements', () => {
  it('asks for the two permissions the DMVs need, each with its SQL Server 2022 name too', () => {
    expect(PERMISSIONS_SQL).toContain('USER_NAME() AS user_name');
    expect(PERMISSIONS_SQL).toContain("HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') = 1");
    expect(PERMISSIONS_SQL).toContain(
      "HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER PERFORMANCE STATE') = 1",
    );
    expect(PERMISSIONS_SQL).toContain(
      "HAS_PERMS_BY_NAME(DB_NAME(), N'DATABASE', N'VIEW DATABASE STATE') = 1",
    );
    expect(PERMISSIONS_SQL).toContain(
      "HAS_PERMS_BY_NAME(DB_NAME(), N'DATABASE', N'VIEW DATABASE PERFORMANCE STATE') = 1",
    );
  });

  it('reads the encryption of its own connection only', () => {
    expect(ENCRYPTION_SQL).toMatch(/SELECT c\.encrypt_option\s+FROM sys\.dm_exec_connections AS c/);
    expect(ENCRYPTION_SQL).toContain('WHERE c.session_id = @@SPID;');
  });

  it('checks every permission a sync needs, by quoted two-part names from the catalog', () => {
    for (const permission of ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'ALTER']) {
      expect(TABLE_GRANTS_SQL).toContain(
        `HAS_PERMS_BY_NAME(QUOTENAME(s.name) + N'.' + QUOTENAME(t.name), N'OBJECT', N'${permission}')`,
      );
    }
    expect(TABLE_GRANTS_SQL).toContain('WHERE t.is_ms_shipped = 0');
    expect(TABLE_GRANTS_SQL).not.toContain('@');
  });

  it('sums used pages over every index and partition, and rows over the heap or clustered index', () => {
    expect(TABLE_SIZES_SQL).toContain(`SUM(ps.used_page_count) * ${PAGE_BYTES} AS used_bytes`);
    expect(TABLE_SIZES_SQL).toContain(
      'SUM(CASE WHEN ps.index_id IN (0, 1) THEN ps.row_count ELSE 0 END) AS row_count',
    );
    expect(TABLE_SIZES_SQL).toContain('FROM sys.dm_db_partition_stats AS ps');
    expect(TABLE_SIZES_SQL).toContain('GROUP BY s.name, t.name;');
  });

  it('lists data and log files with FILEPROPERTY, and volumes only when asked', () => {
    const plain = databaseFilesSql({ tempdb: false, volumes: false });
    expect(plain).toBe(`SELECT f.file_id, f.name, f.type_desc,
  CAST(f.size AS bigint) * 8192 AS size_bytes,
  CAST(FILEPROPERTY(f.name, 'SpaceUsed') AS bigint) * 8192 AS used_bytes,
  f.max_size, f.growth,
  CAST(NULL AS nvarchar(512)) AS volume_mount_point, CAST(NULL AS bigint) AS available_bytes
FROM sys.database_files AS f
WHERE f.type IN (0, 1)
ORDER BY f.file_id;`);
    expect(plain).not.toContain('dm_os_volume_stats');
    const withVolumes = databaseFilesSql({ tempdb: false, volumes: true });
    expect(withVolumes).toContain('v.volume_mount_point, v.available_bytes');
    expect(withVolumes).toContain('CROSS APPLY sys.dm_os_volume_stats(DB_ID(), f.file_id) AS v');
  });

  it("reads tempdb's data files from inside tempdb, where FILEPROPERTY sees them", () => {
    const tempdb = databaseFilesSql({ tempdb: true, volumes: true });
    expect(tempdb.startsWith('USE [tempdb];\nSELECT f.file_id')).toBe(true);
    expect(tempdb).toContain('WHERE f.type = 0\n');
  });

  it('reads the clock as ISO 8601 text in UTC', () => {
    expect(CLOCK_SQL).toBe('SELECT CONVERT(varchar(33), SYSUTCDATETIME(), 126) AS server_utc;');
  });
});

describe('parseServerUtc', () => {
  it('reads style 126, with seven, three or no fractional digits', () => {
    expect(parseServerUtc('2026-03-01T10:20:30.1234567')).toBe(
      Date.UTC(2026, 2, 1, 10, 20, 30) + 123.4567,
    );
    expect(parseServerUtc('2026-03-01T10:20:30.5')).toBe(Date.UTC(2026, 2, 1, 10, 20, 30, 500));
    expect(parseServerUtc('2026-03-01T10:20:30')).toBe(Date.UTC(2026, 2, 1, 10, 20, 30));
  });

  it('gives NaN for anything else', () => {
    expect(parseServerUtc('')).toBeNaN();
    expect(parseServerUtc('Mar  1 2026 10:20AM')).toBeNaN();
  });
});

describe('the probe rows', () => {
  const row = {
    schema_name: 'dbo',
    table_name: 'Agent',
    can_select: 1,
    can_insert: 1,
    can_update: 0,
    can_delete: 1,
    can_alter: 0,
  };

  it('read 1 as granted and 0 or NULL as not', () => {
    expect(grantsOf({ ...row, can_update: null }, false)).toEqual({
      select: true,
      insert: true,
      update: false,
      delete: true,
      disableTriggers: false,
      keepIdentity: true,
    });
  });

  it('need ALTER to keep identity values only on a table with an identity column', () => {
    expect(grantsOf(row, true).keepIdentity).toBe(false);
    expect(grantsOf({ ...row, can_alter: 1 }, true)).toMatchObject({
      keepIdentity: true,
      disableTriggers: true,
    });
  });

  it('turn bigint text into numbers', () => {
    expect(
      sizeOf({ schema_name: 'dbo', table_name: 'Agent', used_bytes: '81920', row_count: '12' }),
    ).toEqual({ bytes: 81920, rows: 12 });
  });

  const file = {
    name: 'ucce_sideB',
    type_desc: 'ROWS',
    size_bytes: '104857600',
    used_bytes: '52428800',
    max_size: -1,
    growth: 8192,
    volume_mount_point: 'D:\\',
    available_bytes: '1073741824',
  };

  it('turn sys.database_files into storage files, growth limits in bytes', () => {
    expect(storageFileOf(file, false)).toEqual({
      role: 'data',
      name: 'ucce_sideB',
      sizeBytes: 104857600,
      usedBytes: 52428800,
      maxBytes: null,
      volume: 'D:\\',
      volumeFreeBytes: 1073741824,
    });
    expect(storageFileOf({ ...file, type_desc: 'LOG', max_size: 268435456 }, false)).toMatchObject({
      role: 'log',
      maxBytes: 268435456 * 8192,
    });
    expect(storageFileOf(file, true).role).toBe('tempdb');
  });

  it('read growth 0 or max_size 0 as a file that cannot grow', () => {
    expect(storageFileOf({ ...file, growth: 0 }, false).maxBytes).toBe(104857600);
    expect(storageFileOf({ ...file, max_size: 0 }, false).maxBytes).toBe(104857600);
  });

  it('leave the volume unknown on Linux (no mount point), and a file FILEPROPERTY cannot see full', () => {
    const linux = storageFileOf(
      { ...file, volume_mount_point: null, available_bytes: null, used_bytes: null },
      false,
    );
    expect(linux).toMatchObject({ volume: null, volumeFreeBytes: null, usedBytes: 104857600 });
  });
});
