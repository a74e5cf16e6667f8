import { createHash } from 'node:crypto';
import { LOCKOUT_TRIGGER_PREFIX, lockoutMessage } from '../../port/lockout.js';
import type { TableShape } from '../../port/shapes.js';
import { tableLabel } from '../../port/table-key.js';
import { nstring, qualifiedName, quoteIdent } from './quote.js';

/** The session-context key that marks a session as icmsync's writer. */
export const WRITER_KEY = 'icmsync.writer';

/** The error number the lockout trigger throws (THROW takes 50000 to 2147483647). */
export const LOCKOUT_ERROR = 50001;

/** SQL Server names (sysname) hold at most 128 UTF-16 code units. */
const MAX_NAME_LENGTH = 128;

/** Hex digits of the table-name digest that keeps a shortened trigger name unique. */
const NAME_DIGEST_LENGTH = 16;

/**
 * Marks the session as icmsync's writer in its session context, which the lockout triggers read.
 * Not read-only (`@read_only = 1` forbids a change "on this logical connection"), so marking
 * twice is no error. The mark must not outlive the session: a session that succeeded resets its
 * connection before the pool has it back (tedious's reset sets TDS RESETCONNECTION, which per
 * MS-TDS 2.2.3.1.2 cleans the connection up "effectively simulating a logout and a subsequent
 * login"; no Microsoft page we found names session context among what a reset clears, so the
 * SQL Server suite checks it), and one that failed closes its connection. The mssql pool resets
 * nothing when a connection comes back (node-mssql issue #1483), so only sessions may mark. Sent
 * as a plain batch, so no call scope stands between it and the session.
 */
export const MARK_WRITER_SQL = `EXEC sys.sp_set_session_context @key = ${nstring(WRITER_KEY)}, @value = 1;`;

/**
 * `icmsync_lockout_<table name>`: DML trigger names are unique per schema, so each table's lockout
 * trigger carries the table's name. A name past 128 characters is cut and ends in a digest of the
 * whole table name, so two long names that share a beginning still differ.
 */
export function lockoutTriggerName(table: TableShape): string {
  const full = `${LOCKOUT_TRIGGER_PREFIX}_${table.name}`;
  if (full.length <= MAX_NAME_LENGTH) return full;
  const digest = createHash('sha256').update(table.name).digest('hex').slice(0, NAME_DIGEST_LENGTH);
  const room = MAX_NAME_LENGTH - LOCKOUT_TRIGGER_PREFIX.length - NAME_DIGEST_LENGTH - 2;
  let kept = '';
  for (const char of table.name) {
    if (kept.length + char.length > room) break;
    kept += char; // whole code points only: never half a surrogate pair
  }
  return `${LOCKOUT_TRIGGER_PREFIX}_${kept}_${digest}`;
}

/** `[schema].[icmsync_lockout_…]`: a DML trigger belongs to its table's schema. */
function qualifiedTrigger(table: TableShape): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(lockoutTriggerName(table))}`;
}

/**
 * The lockout trigger's definition: AFTER INSERT, UPDATE, DELETE, it throws unless the session
 * carries {@link WRITER_KEY}. XACT_ABORT is ON by default inside a trigger, so the THROW rolls the
 * writer's whole transaction back and ends its batch. THROW's message must be a literal or a
 * variable, so the table's name is written into the text here; `%` is reserved in THROW's message
 * and is doubled.
 */
export function lockoutTriggerSql(table: TableShape): string {
  const message = lockoutMessage(tableLabel(table)).replaceAll('%', '%%');
  return `CREATE TRIGGER ${qualifiedTrigger(table)} ON ${qualifiedName(table)}
AFTER INSERT, UPDATE, DELETE
AS
BEGIN
  SET NOCOUNT ON;
  IF SESSION_CONTEXT(${nstring(WRITER_KEY)}) IS NULL
  BEGIN
    THROW ${LOCKOUT_ERROR}, ${nstring(message)}, 1;
  END
END`;
}

/**
 * Puts the lockout trigger on a table, dropping it first if there, in one transaction: putting it
 * on twice is no error, and other writers never see the table without it while it is renewed.
 * CREATE OR ALTER needs SQL Server 2016 SP1 (KB3190548) and icmsync supports 2016 RTM, so it is
 * DROP TRIGGER IF EXISTS (2016) and CREATE TRIGGER; CREATE TRIGGER must open its batch, so it runs
 * through sp_executesql. TRUNCATE TABLE fires no DML trigger, so it is not locked out.
 */
export function lockoutOnSql(table: TableShape): string {
  return [
    'SET XACT_ABORT ON;',
    'BEGIN TRANSACTION;',
    `DROP TRIGGER IF EXISTS ${qualifiedTrigger(table)};`,
    `EXEC sys.sp_executesql ${nstring(lockoutTriggerSql(table))};`,
    'COMMIT TRANSACTION;',
  ].join('\n');
}

/** Removes the lockout trigger from a table, if there. */
export function lockoutOffSql(table: TableShape): string {
  return `DROP TRIGGER IF EXISTS ${qualifiedTrigger(table)};`;
}
