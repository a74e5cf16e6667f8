import { LOCKOUT_TRIGGER_PREFIX, lockoutMessage } from '../../port/lockout.js';
import type { TableShape } from '../../port/shapes.js';
import { qualifiedName, quoteIdent } from './quote.js';

/**
 * The setting that marks a session as icmsync's writer. A custom (dotted) setting needs no
 * privilege to SET, and DISCARD ALL, which every session runs before its client goes back to the
 * pool, resets it.
 */
export const WRITER_SETTING = 'icmsync.writer';

/** What {@link WRITER_SETTING} holds in a marked session. */
const WRITER_MARK = 'on';

/**
 * Marks the session as icmsync's writer. Session-level, but like any SET it is undone if the
 * transaction it ran in rolls back: run it outside a transaction.
 */
export const MARK_WRITER_SQL = `SET ${WRITER_SETTING} = '${WRITER_MARK}'`;

/** SQLSTATE of the lockout error: `object_not_in_prerequisite_state`, as a locked table gives. */
export const LOCKOUT_SQLSTATE = '55000';

/**
 * The trigger's name on every table (PostgreSQL scopes trigger names to their table), and the
 * trigger function's name in each schema.
 */
const LOCKOUT_NAME = quoteIdent(LOCKOUT_TRIGGER_PREFIX);

/** Serialises the lockout DDL of concurrent sessions: two CREATE OR REPLACE FUNCTION at once fail. */
const LOCKOUT_DDL_LOCK = `SELECT pg_advisory_xact_lock(hashtextextended('${LOCKOUT_TRIGGER_PREFIX}', 0))`;

/** `"schema".icmsync_lockout`, the trigger function of the table's schema. */
function lockoutFunction(table: TableShape): string {
  return `${quoteIdent(table.schema)}.${LOCKOUT_NAME}`;
}

/**
 * Puts the lockout trigger on a table, in one simple-query call (one implicit transaction): the
 * schema's trigger function is (re)created, then the trigger is dropped if there and created, so
 * putting it on twice is not an error. The function raises unless the writing session set
 * {@link WRITER_SETTING}; its message names the table at run time, so one function serves every
 * table of the schema. The trigger is statement-level, BEFORE, and covers TRUNCATE too; ENABLE
 * ALWAYS makes it fire even for sessions in `session_replication_role = replica`, which skip
 * ordinary triggers.
 */
export function lockoutOnSql(table: TableShape): string {
  const fn = lockoutFunction(table);
  const target = qualifiedName(table);
  return `${LOCKOUT_DDL_LOCK};
CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $icmsync_lockout$
BEGIN
  IF current_setting('${WRITER_SETTING}', true) IS DISTINCT FROM '${WRITER_MARK}' THEN
    RAISE EXCEPTION '${lockoutMessage('%.%')}', TG_TABLE_SCHEMA, TG_TABLE_NAME
      USING ERRCODE = '${LOCKOUT_SQLSTATE}';
  END IF;
  RETURN NULL;
END
$icmsync_lockout$;
DROP TRIGGER IF EXISTS ${LOCKOUT_NAME} ON ${target};
CREATE TRIGGER ${LOCKOUT_NAME} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${target}
  FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
ALTER TABLE ${target} ENABLE ALWAYS TRIGGER ${LOCKOUT_NAME}`;
}

/**
 * Removes the lockout trigger from a table, if there. The schema's trigger function stays: other
 * tables' triggers may still use it (dropping it would fail then), and it is harmless alone.
 */
export function lockoutOffSql(table: TableShape): string {
  return `DROP TRIGGER IF EXISTS ${LOCKOUT_NAME} ON ${qualifiedName(table)}`;
}
