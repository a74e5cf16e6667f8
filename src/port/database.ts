import type { ServerAdmin } from './admin.js';
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

/**
 * One connection held for a piece of work: its transactions, temporary tables, session settings
 * and locks belong to it alone. A session whose connection broke is discarded, never pooled again.
 */
export interface Session extends TableReader {
  readonly side: Side;
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
  /** Connects to `settings.database` for `side`. */
  open(side: Side, settings: ConnectionSettings, options?: OpenOptions): Promise<Database>;
  /** Connects to the server's maintenance database (`master`, `postgres`). */
  openAdmin(side: Side, settings: ConnectionSettings): Promise<ServerAdmin>;
}
