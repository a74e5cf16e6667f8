import { describe, expect, it } from 'vitest';
import {
  LOCKOUT_SQLSTATE,
  lockoutOffSql,
  lockoutOnSql,
  MARK_WRITER_SQL,
  WRITER_SETTING,
} from '../../../../src/db/postgres/lockout-sql.js';
import { isLockoutTrigger, lockoutMessage } from '../../../../src/port/lockout.js';
import { column, table } from '../../../support/shapes.js';

const agent = table([column('id', 'integer')], { schema: 'public', name: 'Agent' });

/** Quotes, a space and a semicolon in both names: none may leave its quotes. */
const hostile = table([column('id', 'integer')], {
  schema: 'we"ird sch',
  name: `Odd "T' able; DROP`,
});

describe('lockoutOnSql', () => {
  it('creates the schema function, then drops and creates the trigger, in one call', () => {
    expect(lockoutOnSql(agent)).toBe(
      `SELECT pg_advisory_xact_lock(hashtextextended('icmsync_lockout', 0));
CREATE OR REPLACE FUNCTION "public"."icmsync_lockout"() RETURNS trigger LANGUAGE plpgsql AS $icmsync_lockout$
BEGIN
  IF current_setting('icmsync.writer', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'icmsync sync in progress: writes to %.% are locked out until it ends (icmsync sync --lockout)', TG_TABLE_SCHEMA, TG_TABLE_NAME
      USING ERRCODE = '55000';
  END IF;
  RETURN NULL;
END
$icmsync_lockout$;
DROP TRIGGER IF EXISTS "icmsync_lockout" ON "public"."Agent";
CREATE TRIGGER "icmsync_lockout" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "public"."Agent"
  FOR EACH STATEMENT EXECUTE FUNCTION "public"."icmsync_lockout"();
ALTER TABLE "public"."Agent" ENABLE ALWAYS TRIGGER "icmsync_lockout"`,
    );
  });

  it('quotes odd schema and table names everywhere they appear', () => {
    const text = lockoutOnSql(hostile);
    expect(text).toContain(
      'CREATE OR REPLACE FUNCTION "we""ird sch"."icmsync_lockout"() RETURNS trigger',
    );
    expect(text).toContain(
      'DROP TRIGGER IF EXISTS "icmsync_lockout" ON "we""ird sch"."Odd ""T\' able; DROP";',
    );
    expect(text).toContain(
      'ON "we""ird sch"."Odd ""T\' able; DROP"\n  FOR EACH STATEMENT EXECUTE FUNCTION "we""ird sch"."icmsync_lockout"();',
    );
    // The names reach the message at run time (TG_TABLE_*), never through the statement text.
    expect(text).toContain(`RAISE EXCEPTION '${lockoutMessage('%.%')}', TG_TABLE_SCHEMA`);
  });

  it('names the trigger so the engine recognises it, and raises a SQLSTATE of its own', () => {
    expect(lockoutOnSql(agent)).toMatch(/CREATE TRIGGER "icmsync_lockout" /);
    expect(isLockoutTrigger('icmsync_lockout')).toBe(true);
    expect(LOCKOUT_SQLSTATE).toBe('55000');
  });
});

describe('lockoutOffSql', () => {
  it('drops the trigger if it is there, and leaves the shared function', () => {
    expect(lockoutOffSql(agent)).toBe(
      'DROP TRIGGER IF EXISTS "icmsync_lockout" ON "public"."Agent"',
    );
    expect(lockoutOffSql(hostile)).toBe(
      'DROP TRIGGER IF EXISTS "icmsync_lockout" ON "we""ird sch"."Odd ""T\' able; DROP"',
    );
  });
});

describe('MARK_WRITER_SQL', () => {
  it('sets the session-level setting the trigger function reads', () => {
    expect(MARK_WRITER_SQL).toBe("SET icmsync.writer = 'on'");
    expect(lockoutOnSql(agent)).toContain(`current_setting('${WRITER_SETTING}', true)`);
  });
});
