import type { ServerAdmin } from './admin.js';
import type { DatabaseProbe } from './probe.js';
import type { ScriptDialect } from './script.js';
import type { ConnectionSettings, EngineName } from './settings.js';
import type { Catalog, ColumnStats, DatabaseInfo, SegmentChecksum, TableShape } from './shapes.js';
import type { ExactRow, Key, KeyRange, Row, Side } from './types.js';

/** Options for {@link TableReader.readRows}. */
export interface ReadOptions {
  /** Only the rows of this key range (keyed tables only). */
  readonly range?: KeyRange;
  /** Rows per yielded batch. @default 5000 */
  readonly batchSize?: number;
}

/**
 * What the engine reads from a table, on the pool or inside a session. Every value comes back in
 * exact form ({@link ExactRow}); keys are ordered and compared by the server (its collations).
 */
export interface TableReader {
  /** Checksums `table` (or the slice `range` of it, in key order) on the server. */
  checksum(table: TableShape, range?: KeyRange): Promise<SegmentChecksum>;
  /**
   * Checksums of the consecutive buckets that `boundaries` (ascending keys) cut `range` into, in one
   * statement: bucket 0 holds the keys up to `boundaries[0]`, bucket i the keys after
   * `boundaries[i-1]` up to `boundaries[i]`, and the last one the keys after the last boundary.
   * Returns `boundaries.length + 1` checksums that add up to `checksum(table, range)`.
   */
  bucketChecksums(
    table: TableShape,
    boundaries: readonly Key[],
    range?: KeyRange,
  ): Promise<SegmentChecksum[]>;
  /**
   * The key of every `every`-th row of `range` in key order (rows every, 2·every, …): segment
   * boundaries taken from the data, in one pass over the keys.
   */
  sampleKeys(table: TableShape, every: number, range?: KeyRange): Promise<Key[]>;
  /**
   * The dense rank of each key in the server's order of the table's key: equal keys (`'a'` and
   * `'A'` under a case-insensitive collation) share a rank, so ranks match and order rows of both
   * sides the way the server does.
   */
  rankKeys(table: TableShape, keys: readonly Key[]): Promise<number[]>;
  /** Row count and highest value of `column`. */
  columnStats(table: TableShape, column: string): Promise<ColumnStats>;
  /**
   * Streams rows with every column in table order: in key order, page by page, when the table has
   * a key; in one statement, in the server's order, when it has none (small system tables such as
   * the Logger's `Version`).
   */
  readRows(table: TableShape, options?: ReadOptions): AsyncIterable<readonly ExactRow[]>;
}

/** How the reads of a session's transactions see writers on other connections. */
export const ISOLATION_LEVELS = ['read-committed', 'repeatable-read', 'snapshot'] as const;
export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

/** Options for {@link Database.session}. */
export interface SessionOptions {
  /** The isolation of the session's transactions. @default 'read-committed' */
  readonly isolation?: IsolationLevel;
  /** Aborting cancels the running statement, rolls back an open transaction and ends the session. */
  readonly signal?: AbortSignal;
}

/** What one write of rows did. */
export interface WriteCount {
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
}

/**
 * The writes of a sync: only inside a session, because they need its transaction, its locks and
 * its settings. Values are in exact form, as {@link TableReader} reads them, and go back into their
 * columns' types on the server, so nothing is rounded on the way.
 */
export interface TableWriter {
  /** Deletes the rows with these keys (the table's key columns, in key order). */
  deleteRows(table: TableShape, keys: readonly Key[]): Promise<WriteCount>;
  /** Deletes every row of a key range (the whole table without one). */
  deleteRange(table: TableShape, range?: KeyRange): Promise<WriteCount>;
  /**
   * Writes whole rows (every data column, table order): inserted where the key is new, every
   * column updated where it exists. Identity values are kept, and an identity generator is moved
   * past the highest value written.
   */
  upsertRows(table: TableShape, rows: readonly ExactRow[]): Promise<WriteCount>;
  /** Disables or re-enables the named triggers of a table. */
  setTriggers(table: TableShape, triggers: readonly string[], enabled: boolean): Promise<void>;
  /**
   * Puts the lockout trigger on a table (`on`) or removes it: while it is there, every insert,
   * update and delete by a session that has not called {@link markWriter} fails with an error
   * naming icmsync's sync. Removing a trigger that is not there is not an error.
   */
  setLockout(table: TableShape, on: boolean): Promise<void>;
  /** Marks this session as icmsync's writer, which the lockout triggers let through. */
  markWriter(): Promise<void>;
  /**
   * Takes the application lock `name` for as long as the session lasts; false when another
   * session holds it (it does not wait).
   */
  tryLock(name: string): Promise<boolean>;
}

/** A session on a database, other than the one asking. */
export interface ServerSession {
  readonly id: string;
  readonly login: string | null;
  readonly host: string | null;
  readonly program: string | null;
}

/**
 * One connection held for a piece of work: its transactions, temporary tables, session settings
 * and locks belong to it alone. A session whose connection broke is discarded, never pooled again.
 */
export interface Session extends TableReader, TableWriter {
  readonly side: Side;
  /**
   * Writes every row of `range` of `sourceTable` on `source` into `table`, the same table on this
   * session's side, by the engine's bulk path (PostgreSQL: a binary COPY from server to server, no
   * row parsed in between; SQL Server: pages of exact values through the staging table), keeping
   * identity values and moving identity generators past them. The range must hold no row of
   * `table` yet: replace deletes it first, in the same transaction.
   */
  copyRangeFrom(
    source: Database,
    sourceTable: TableShape,
    table: TableShape,
    range?: KeyRange,
  ): Promise<WriteCount>;
  /**
   * Runs `work` in a transaction of the session's isolation: committed when `work` resolves, rolled
   * back when it throws or the session's signal aborts. Transactions do not nest.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The port: everything the engine asks of a database, shaped by the domain rather than by SQL.
 * One implementation per engine; only those implementations import a driver.
 */
export interface Database extends TableReader {
  readonly side: Side;
  readonly engine: EngineName;
  /** Server, database and engine version. */
  describe(): Promise<DatabaseInfo>;
  /** Tables, columns, keys, foreign keys and triggers of every user table. */
  readCatalog(): Promise<Catalog>;
  /** The other sessions connected to this database (the Logger's own, a DBA's, another icmsync). */
  otherSessions(): Promise<ServerSession[]>;
  /**
   * Read-only facts for `doctor`: the login's grants on `tables`, their sizes, whether the
   * connection is encrypted, whether other sessions are visible, free space and the server's clock.
   * A fact the login may not see comes back as null or false, never as an error.
   */
  probe(tables: readonly TableShape[]): Promise<DatabaseProbe>;
  /** Runs `work` on one connection of its own, released (or discarded, if broken) afterwards. */
  session<T>(work: (session: Session) => Promise<T>, options?: SessionOptions): Promise<T>;
  /** Appends generated rows through the engine's bulk path, one bulk load per batch (the lab). */
  bulkInsert(
    table: TableShape,
    batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  ): Promise<number>;
  /** Runs a script of several statements (schema creation). */
  runScript(script: string): Promise<void>;
  close(): Promise<void>;
}

/** Options for {@link Engine.open}. */
export interface OpenOptions {
  /** Aborting cancels running statements and makes every later one fail as interrupted. */
  readonly signal?: AbortSignal;
}

/** One engine's adapter, loaded on demand so the other driver is never imported. */
export interface Engine {
  readonly name: EngineName;
  /** Writes the engine's fix scripts (SQL text only; applying them is the DBA's step). */
  readonly scriptDialect: ScriptDialect;
  /** Connects to `settings.database` for `side`. */
  open(side: Side, settings: ConnectionSettings, options?: OpenOptions): Promise<Database>;
  /** Connects to the server's maintenance database (`master`, `postgres`). */
  openAdmin(side: Side, settings: ConnectionSettings): Promise<ServerAdmin>;
}
