import { createHash } from 'node:crypto';
import { IcmsyncError } from '../../port/errors.js';
import type { ColumnShape, TableShape } from '../../port/shapes.js';
import { dataColumns, findColumn, requireKey, tableLabel } from '../../port/table-key.js';
import type { KeyRange, Side } from '../../port/types.js';
import { exactStyle, unsupportedColumn } from './exact-sql.js';
import { qualifiedName, quoteIdent, type Statement } from './quote.js';
import { rangePredicate } from './rows-sql.js';

/** How every staging table's name starts; the rest is a digest of its columns. */
export const STAGE_PREFIX = '#icmsync_stage_';

/** Hex digits of the column digest in a staging table's name (names may have 116 characters). */
const STAGE_DIGEST_LENGTH = 16;

/** Catalog collation names are letters, digits and underscores; COLLATE takes them unquoted. */
const COLLATION_NAME = /^[A-Za-z0-9_]+$/;

/** sp_getapplock truncates longer resource names, which could make two locks one. */
const MAX_LOCK_NAME_LENGTH = 255;

/** The `@lock_name` parameter of {@link TRY_LOCK_SQL}, an `nvarchar(255)` the writer binds. */
export const LOCK_NAME_PARAM = 'lock_name';

/** One column of a staging table: `c0`, `c1`, … in the order the values arrive. */
export interface StageColumn {
  readonly name: string;
  /** Bytes (`varbinary(max)`) rather than exact text (`nvarchar(max)`). */
  readonly binary: boolean;
}

/**
 * A session's temporary table that holds values in exact form until one statement writes them
 * into the target: the bulk-load path has no parameter limit and never guesses a type.
 */
export interface Stage {
  /** `#icmsync_stage_<digest of the column definitions>`: equal layouts share one table. */
  readonly name: string;
  readonly columns: readonly StageColumn[];
  /**
   * Creates the table, or empties it when this connection has it already. It must run as a plain
   * batch: a temporary table created inside sp_executesql is dropped when that call returns.
   */
  readonly prepare: string;
}

/** A statement that reads a {@link Stage} the caller has filled. */
export interface StagedStatement {
  readonly stage: Stage;
  readonly text: string;
}

/**
 * ` COLLATE <column's collation>` for text: CONVERT keeps its input's collation, and a staged
 * column otherwise takes tempdb's, which may differ from the target's and make `=` fail (error 468)
 * or convert through the wrong code page. Other kinds are converted to non-string types.
 */
function stageCollation(table: TableShape, column: ColumnShape): string {
  if (column.kind !== 'text') return '';
  if (column.collation === null) return ' COLLATE DATABASE_DEFAULT';
  if (!COLLATION_NAME.test(column.collation)) {
    throw new Error(
      `${tableLabel(table)}.${column.name} has collation ${column.collation}, which is not a collation name`,
    );
  }
  return ` COLLATE ${column.collation}`;
}

/** The staging table for values of `columns`, in that order. */
export function stageTable(table: TableShape, columns: readonly ColumnShape[]): Stage {
  const staged = columns.map((column, i) => {
    if (column.kind === 'other') throw unsupportedColumn(table, column);
    return { name: `c${i}`, binary: column.kind === 'binary' };
  });
  const definitions = columns
    .map((column, i) => {
      const type = column.kind === 'binary' ? 'varbinary(max)' : 'nvarchar(max)';
      return `${quoteIdent(`c${i}`)} ${type}${stageCollation(table, column)} NULL`;
    })
    .join(', ');
  const digest = createHash('sha256').update(definitions).digest('hex');
  const name = `${STAGE_PREFIX}${digest.slice(0, STAGE_DIGEST_LENGTH)}`;
  const prepare = [
    `IF OBJECT_ID(N'tempdb..${name}') IS NULL`,
    `  CREATE TABLE ${name} (${definitions});`,
    'ELSE',
    `  TRUNCATE TABLE ${name};`,
  ].join('\n');
  return { name, columns: staged, prepare };
}

/**
 * A staged value turned back into its column's type, as `fromExactText` (exact-sql.ts) does for
 * parameters; bytes are converted too, so that a `binary(n)` key compares as `binary(n)`.
 */
function fromStage(column: ColumnShape, ref: string): string {
  const style = exactStyle(column);
  return `CONVERT(${column.type}, ${ref}${style === null ? '' : `, ${style}`})`;
}

/** The key columns of `table`, which must all be among `columns` (the staged ones). */
function stagedKey(
  table: TableShape,
  side: Side,
  columns: readonly ColumnShape[],
): readonly ColumnShape[] {
  return requireKey(table, side).map((name) => {
    const column = findColumn(table, name);
    if (!columns.includes(column)) {
      throw new IcmsyncError(
        `${tableLabel(table)}: key column ${column.name} is computed, which icmsync cannot write`,
        'UNSUPPORTED',
        { side },
      );
    }
    return column;
  });
}

/** `t.k1 = CONVERT(…, s.c<i>) AND …` for the key columns at their staged positions. */
function keyMatch(key: readonly ColumnShape[], columns: readonly ColumnShape[]): string {
  return key
    .map((column) => `t.${quoteIdent(column.name)} = ${staged(column, columns)}`)
    .join(' AND ');
}

function staged(column: ColumnShape, columns: readonly ColumnShape[]): string {
  return fromStage(column, `s.${quoteIdent(`c${columns.indexOf(column)}`)}`);
}

/**
 * Writes the staged rows (every data column, table order) in one transaction: UPDATE … FROM a
 * join for keys that exist, then INSERT … SELECT … WHERE NOT EXISTS for the rest (no MERGE).
 * Identity values are inserted as given under IDENTITY_INSERT, which also moves the identity past
 * the highest value inserted; identity columns are never updated (SQL Server refuses, error 8102).
 * Run it through sp_executesql: SET options made inside are restored when the call returns, even
 * after an error, so IDENTITY_INSERT never stays ON. Returns one row, `updated` and `inserted`.
 */
export function upsertRowsSql(table: TableShape, side: Side): StagedStatement {
  const columns = dataColumns(table);
  const stage = stageTable(table, columns);
  const key = stagedKey(table, side, columns);
  const match = keyMatch(key, columns);
  const target = qualifiedName(table);
  const updated = columns.filter((c) => !key.includes(c) && !c.identity);
  const identity = columns.some((c) => c.identity);
  const lines = [
    'SET XACT_ABORT ON;',
    'DECLARE @updated int = 0, @inserted int = 0;',
    'BEGIN TRANSACTION;',
  ];
  if (updated.length > 0) {
    lines.push(
      `UPDATE t SET ${updated.map((c) => `${quoteIdent(c.name)} = ${staged(c, columns)}`).join(', ')}`,
      `FROM ${target} AS t`,
      `JOIN ${stage.name} AS s ON ${match};`,
      'SET @updated = @@ROWCOUNT;',
    );
  }
  if (identity) lines.push(`SET IDENTITY_INSERT ${target} ON;`);
  lines.push(
    `INSERT INTO ${target} (${columns.map((c) => quoteIdent(c.name)).join(', ')})`,
    `SELECT ${columns.map((c) => staged(c, columns)).join(', ')}`,
    `FROM ${stage.name} AS s`,
    `WHERE NOT EXISTS (SELECT 1 FROM ${target} AS t WHERE ${match});`,
    'SET @inserted = @@ROWCOUNT;',
  );
  if (identity) lines.push(`SET IDENTITY_INSERT ${target} OFF;`);
  lines.push('COMMIT TRANSACTION;', 'SELECT @updated AS updated, @inserted AS inserted;');
  return { stage, text: lines.join('\n') };
}

/**
 * Deletes the rows whose keys are staged (key columns, key order), matched by the server under
 * the key columns' collations. Returns one row, `deleted`.
 */
export function deleteRowsSql(table: TableShape, side: Side): StagedStatement {
  const key = requireKey(table, side).map((name) => findColumn(table, name));
  const stage = stageTable(table, key);
  const text = [
    `DELETE t FROM ${qualifiedName(table)} AS t`,
    `WHERE EXISTS (SELECT 1 FROM ${stage.name} AS s WHERE ${keyMatch(key, key)});`,
    'SELECT @@ROWCOUNT AS deleted;',
  ].join('\n');
  return { stage, text };
}

/** Deletes a key range (the whole table when `range` is absent). Returns one row, `deleted`. */
export function deleteRangeSql(table: TableShape, side: Side, range?: KeyRange): Statement {
  const where = range
    ? rangePredicate(table, requireKey(table, side), range)
    : { text: '', params: [] };
  const text = [`DELETE FROM ${qualifiedName(table)}`, where.text]
    .filter((line) => line !== '')
    .join('\n');
  return { text: `${text};\nSELECT @@ROWCOUNT AS deleted;`, params: where.params };
}

/**
 * Disables or enables the named triggers of a table in one statement. A DML trigger belongs to
 * its table's schema, so its name is qualified with it.
 */
export function setTriggersSql(
  table: TableShape,
  triggers: readonly string[],
  enabled: boolean,
): string {
  if (triggers.length === 0) throw new Error('setting triggers needs at least one trigger name');
  const names = triggers.map((name) => `${quoteIdent(table.schema)}.${quoteIdent(name)}`);
  return `${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER ${names.join(', ')} ON ${qualifiedName(table)};`;
}

/**
 * Takes the exclusive application lock `@lock_name` for the session, without waiting, and returns
 * sp_getapplock's return code as `result`. A session-owned lock is released when the session logs
 * out, which a connection reset simulates.
 */
export const TRY_LOCK_SQL = `DECLARE @result int;
EXEC @result = sp_getapplock @Resource = @${LOCK_NAME_PARAM}, @LockMode = 'Exclusive',
  @LockOwner = 'Session', @LockTimeout = 0;
SELECT @result AS result;`;

/** What sp_getapplock's failure codes mean (the codes other than 0, 1 and -1). */
const LOCK_FAILURES: Readonly<Record<number, string>> = {
  [-2]: 'the lock request was cancelled',
  [-3]: 'the lock request was chosen as a deadlock victim',
  [-999]: 'parameter validation or other call error',
};

/** The lock name, refused when sp_getapplock would truncate it. */
export function lockName(name: string): string {
  if (name.length === 0 || name.length > MAX_LOCK_NAME_LENGTH) {
    throw new Error(`application lock name must have 1 to ${MAX_LOCK_NAME_LENGTH} characters`);
  }
  return name;
}

/**
 * Whether sp_getapplock granted the lock: 0 (at once) or 1 (after waiting) is granted, -1 (timed
 * out, i.e. held elsewhere with a timeout of 0) is not; any other code is an error.
 */
export function lockGranted(code: number, name: string, side: Side): boolean {
  if (code === 0 || code === 1) return true;
  if (code === -1) return false;
  const meaning = LOCK_FAILURES[code] ?? 'unknown return code';
  throw new IcmsyncError(
    `taking the application lock ${name} failed: sp_getapplock returned ${code} (${meaning})`,
    'QUERY',
    { side, serverCode: String(code), retryable: code === -2 || code === -3 },
  );
}

/**
 * Whether this login sees every session (1) or only its own (0) in sys.dm_exec_sessions:
 * VIEW SERVER STATE up to SQL Server 2019, VIEW SERVER PERFORMANCE STATE (which VIEW SERVER STATE
 * implies) from 2022. HAS_PERMS_BY_NAME gives NULL for a permission the server does not know.
 */
export const SEES_ALL_SESSIONS_SQL = `SELECT CASE
  WHEN HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') = 1
    OR HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER PERFORMANCE STATE') = 1
  THEN 1 ELSE 0 END AS sees_all;`;

/** The other user sessions whose current database is this one. */
export const OTHER_SESSIONS_SQL = `SELECT CONVERT(nvarchar(10), s.session_id) AS id, s.login_name AS login,
  NULLIF(s.host_name, N'') AS host, NULLIF(s.program_name, N'') AS program
FROM sys.dm_exec_sessions AS s
WHERE s.database_id = DB_ID() AND s.session_id <> @@SPID AND s.is_user_process = 1
ORDER BY s.session_id;`;

/** The refusal when the login cannot see other sessions, so an empty list would prove nothing. */
export function sessionsHidden(side: Side, database: string): IcmsyncError {
  return new IcmsyncError(
    `cannot list the other sessions on ${database}: this login sees only its own (grant it VIEW SERVER STATE, or VIEW SERVER PERFORMANCE STATE on SQL Server 2022 and later; or skip the check with --allow-sessions)`,
    'REFUSED',
    { side },
  );
}
