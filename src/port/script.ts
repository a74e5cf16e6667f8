import type { ColumnShape, DatabaseInfo, ForeignKeyShape, TableShape } from './shapes.js';
import type { ExactRow, ExactValue, Key } from './types.js';

/** One column of a row and the value it gets or is matched by. */
export interface ColumnValue {
  readonly column: ColumnShape;
  readonly value: ExactValue;
}

/**
 * How one engine writes a reviewable fix script: pure SQL text, no connection. Values arrive in
 * exact form (the server's own canonical text, or bytes) and go into the text as literals the
 * server turns back into the identical value; names go through the engine's quoting.
 */
export interface ScriptDialect {
  /** A one-line comment (line breaks in `text` are flattened). */
  comment(text: string): string;
  /**
   * Statements at the top of the script: session settings the literals rely on, and a guard that
   * stops the script when it runs on a database other than `target`'s.
   */
  preamble(target: DatabaseInfo): readonly string[];
  /** Opens one batch of statements (a transaction, where the engine runs batch by batch). */
  beginBatch(): readonly string[];
  /** Closes a batch: commits it and, on SQL Server, ends it with `GO`. */
  endBatch(): readonly string[];
  /** How the script's transactions work, for its header, when batches hold `statements` each. */
  describeTransactions(statements: number): string;
  /** The command that applies `file` to `target`, stopping at the first error. */
  applyCommand(target: DatabaseInfo, file: string): string;
  /** Statements before explicit values are inserted into `table`'s identity column. */
  beforeIdentityInsert(table: TableShape): readonly string[];
  /** Statements after them (identity insert off, or the sequence moved past the highest value). */
  afterIdentityInsert(table: TableShape): readonly string[];
  /** Inserts `rows` (values of `columns`, in that order) with one multi-row statement. */
  insertRows(table: TableShape, columns: readonly ColumnShape[], rows: readonly ExactRow[]): string;
  /** Sets `values` on the row whose key columns hold `key`. */
  updateRow(table: TableShape, key: readonly ColumnValue[], values: readonly ColumnValue[]): string;
  /** Deletes the rows whose `keyColumns` hold one of `keys`. */
  deleteRows(table: TableShape, keyColumns: readonly ColumnShape[], keys: readonly Key[]): string;
  /**
   * Stops checking `foreignKey` of `table` for the rest of the run, or null when the engine cannot
   * without superuser rights (PostgreSQL): rows are then ordered instead.
   */
  disableForeignKey(table: TableShape, foreignKey: ForeignKeyShape): string | null;
  /** Checks `foreignKey` again, validating every existing row, so it stays trusted. */
  enableForeignKey(table: TableShape, foreignKey: ForeignKeyShape): string | null;
}
