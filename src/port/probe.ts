/**
 * What `doctor` asks a database before a sync: facts about the login, the connection, the tables a
 * sync would read or write, and the room the server has left. Everything here is read-only, and
 * each fact the login may not see comes back as null (or false) rather than as an error, so that
 * one missing grant shows up as one finding instead of hiding every other.
 */

/** What the login may do to one table, as far as a sync needs. */
export interface TableGrants {
  readonly select: boolean;
  readonly insert: boolean;
  readonly update: boolean;
  readonly delete: boolean;
  /**
   * May disable and re-enable the table's triggers for a run (SQL Server: ALTER on the table;
   * PostgreSQL: owning it, as ALTER TABLE … DISABLE TRIGGER requires).
   */
  readonly disableTriggers: boolean;
  /**
   * May write explicit identity values and move the identity on past them (SQL Server: ALTER on
   * the table, for IDENTITY_INSERT; PostgreSQL: UPDATE and SELECT on its identity sequences). True
   * for a table without an identity column.
   */
  readonly keepIdentity: boolean;
}

/** Space a table takes on the server: its rows, its indexes, its large values. */
export interface TableSize {
  readonly bytes: number;
  /** The server's estimate of its rows (statistics, not a count). */
  readonly rows: number;
}

/** One asked-for table, found in the database. */
export interface TableProbe {
  /** `schema.name`, as the catalog spells it. */
  readonly table: string;
  readonly grants: TableGrants;
  /** Null when the login may not see sizes (SQL Server without VIEW DATABASE STATE). */
  readonly size: TableSize | null;
}

/** What a file of the database holds. */
export const STORAGE_ROLES = ['data', 'log', 'tempdb'] as const;
export type StorageRole = (typeof STORAGE_ROLES)[number];

/** One file of the database (or a data file of SQL Server's tempdb) and the room it has left. */
export interface StorageFile {
  readonly role: StorageRole;
  /** The file's logical name. */
  readonly name: string;
  readonly sizeBytes: number;
  /** Bytes in use inside the file; the rest of `sizeBytes` is free for new rows. */
  readonly usedBytes: number;
  /**
   * Largest size the file may grow to: null when it grows until its volume is full, `sizeBytes`
   * when autogrowth is off.
   */
  readonly maxBytes: number | null;
  /** The volume (mount point, drive) the file lives on; null when the server does not say. */
  readonly volume: string | null;
  /** Free bytes on that volume; null when the login may not see it (VIEW SERVER STATE). */
  readonly volumeFreeBytes: number | null;
}

/** The room a database has left, as far as the server tells. */
export interface StorageFacts {
  /** Its data and log files, and tempdb's data files; empty when the server tells nothing. */
  readonly files: readonly StorageFile[];
  /** Why the server cannot tell its free space, when it cannot (PostgreSQL); else null. */
  readonly unknown: string | null;
  /** Where the data lives on the server's disk, for a DBA to check by hand; null when hidden. */
  readonly location: string | null;
}

/** One reading of the server's clock, and when on icmsync's clock the question left and the answer came. */
export interface ClockReading {
  /** The server's time, UTC, in milliseconds since 1970. */
  readonly serverMs: number;
  readonly sentMs: number;
  readonly receivedMs: number;
}

/** Everything {@link Database.probe} learns. */
export interface DatabaseProbe {
  /** The user the login is in this database (`USER_NAME()`, `current_user`): the name to grant to. */
  readonly user: string;
  /**
   * Whether the server sees this connection as encrypted; null when the login may not ask (SQL
   * Server without VIEW SERVER STATE).
   */
  readonly encrypted: boolean | null;
  /** Protocol and cipher when the server names them (`TLSv1.3 TLS_AES_256_GCM_SHA384`). */
  readonly encryption: string | null;
  /**
   * Whether the login sees every other session on the database (SQL Server: VIEW SERVER STATE;
   * PostgreSQL: pg_read_all_stats), so that an empty `otherSessions()` means none.
   */
  readonly seesAllSessions: boolean;
  /** The asked-for tables that exist, in the order asked. */
  readonly tables: readonly TableProbe[];
  readonly storage: StorageFacts;
  readonly clock: ClockReading;
}
