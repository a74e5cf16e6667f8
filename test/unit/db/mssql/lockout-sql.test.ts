import { describe, expect, it } from 'vitest';
import {
  LOCKOUT_ERROR,
  lockoutOffSql,
  lockoutOnSql,
  lockoutTriggerName,
  lockoutTriggerSql,
  MARK_WRITER_SQL,
  WRITER_KEY,
} from '../../../../src/db/mssql/lockout-sql.js';
import { isLockoutTrigger } from '../../../../src/port/lockout.js';
import { column, table } from './fixtures.js';

const agent = table('Agent', [column('SkillTargetID', 'int', 'integer')], ['SkillTargetID']);

/** A bracket, a quote, a space and a percent sign: none may leave its quotes or its message. */
const hostile = table("we]ird'tab 50%", [column('id', 'int', 'integer')], ['id'], {
  schema: 'sch]ema',
});

/** The statement sp_executesql is given: the N'…' literal of the EXEC line, undone. */
function executed(text: string): string {
  const line = text.split('\n').findIndex((l) => l.startsWith('EXEC sys.sp_executesql N'));
  const rest = text.split('\n').slice(line).join('\n');
  const literal = rest.slice('EXEC sys.sp_executesql N'.length, rest.indexOf("';\nCOMMIT") + 1);
  expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
  return literal.slice(1, -1).replaceAll("''", "'");
}

describe('lockoutTriggerSql', () => {
  it('throws unless the session is marked, naming the table in a literal message', () => {
    expect(lockoutTriggerSql(agent)).toBe(
      `CREATE TRIGGER [dbo].[icmsync_lockout_Agent] ON [dbo].[Agent]
AFTER INSERT, UPDATE, DELETE
AS
BEGIN
  SET NOCOUNT ON;
  IF SESSION_CONTEXT(N'icmsync.writer') IS NULL
  BEGIN
    THROW 50001, N'icmsync sync in progress: writes to dbo.Agent are locked out until it ends (icmsync sync --lockout)', 1;
  END
END`,
    );
  });

  it('quotes odd names, doubles quotes in the message and escapes % for THROW', () => {
    const text = lockoutTriggerSql(hostile);
    expect(text).toContain(
      "CREATE TRIGGER [sch]]ema].[icmsync_lockout_we]]ird'tab 50%] ON [sch]]ema].[we]]ird'tab 50%]",
    );
    expect(text).toContain(
      "THROW 50001, N'icmsync sync in progress: writes to sch]ema.we]ird''tab 50%% are locked out until it ends (icmsync sync --lockout)', 1;",
    );
  });
});

describe('lockoutOnSql', () => {
  it('drops and creates the trigger in one transaction, CREATE TRIGGER in a batch of its own', () => {
    const text = lockoutOnSql(agent);
    expect(text.split('\n').slice(0, 3)).toEqual([
      'SET XACT_ABORT ON;',
      'BEGIN TRANSACTION;',
      'DROP TRIGGER IF EXISTS [dbo].[icmsync_lockout_Agent];',
    ]);
    expect(text).toContain(
      "\nEXEC sys.sp_executesql N'CREATE TRIGGER [dbo].[icmsync_lockout_Agent]",
    );
    expect(text).toContain("IF SESSION_CONTEXT(N''icmsync.writer'') IS NULL");
    expect(text.endsWith("END';\nCOMMIT TRANSACTION;")).toBe(true);
    expect(executed(text)).toBe(lockoutTriggerSql(agent));
  });

  it('keeps odd names inside their quotes through both levels of string literal', () => {
    const text = lockoutOnSql(hostile);
    expect(text).toContain("DROP TRIGGER IF EXISTS [sch]]ema].[icmsync_lockout_we]]ird'tab 50%];");
    expect(text).toContain("writes to sch]ema.we]ird''''tab 50%% are locked out");
    expect(executed(text)).toBe(lockoutTriggerSql(hostile));
  });

  it('does not use CREATE OR ALTER, which SQL Server 2016 RTM lacks', () => {
    expect(lockoutOnSql(agent)).not.toMatch(/CREATE OR ALTER/i);
  });
});

describe('lockoutOffSql', () => {
  it('drops the trigger if it is there', () => {
    expect(lockoutOffSql(agent)).toBe('DROP TRIGGER IF EXISTS [dbo].[icmsync_lockout_Agent];');
    expect(lockoutOffSql(hostile)).toBe(
      "DROP TRIGGER IF EXISTS [sch]]ema].[icmsync_lockout_we]]ird'tab 50%];",
    );
  });
});

describe('lockoutTriggerName', () => {
  it('is the prefix and the table name, which the engine recognises', () => {
    expect(lockoutTriggerName(agent)).toBe('icmsync_lockout_Agent');
    expect(isLockoutTrigger(lockoutTriggerName(hostile))).toBe(true);
  });

  it('stays within 128 characters and unique for long names that share a beginning', () => {
    const long = (end: string) => table(`${'x'.repeat(120)}${end}`, [], []);
    const one = lockoutTriggerName(long('one'));
    const two = lockoutTriggerName(long('two'));
    expect(one.length).toBe(128);
    expect(one).toMatch(/^icmsync_lockout_x+_[0-9a-f]{16}$/);
    expect(one).not.toBe(two);
    expect(lockoutTriggerName(table('y'.repeat(112), [], []))).toBe(
      `icmsync_lockout_${'y'.repeat(112)}`,
    );
  });

  it('never cuts a character in half', () => {
    const name = lockoutTriggerName(table('😀'.repeat(80), [], []));
    expect(name.length).toBeLessThanOrEqual(128);
    expect(name).toMatch(/^icmsync_lockout_(😀)+_[0-9a-f]{16}$/u);
  });
});

describe('MARK_WRITER_SQL', () => {
  it('sets the session-context key the trigger reads, not read-only', () => {
    expect(MARK_WRITER_SQL).toBe(
      "EXEC sys.sp_set_session_context @key = N'icmsync.writer', @value = 1;",
    );
    expect(MARK_WRITER_SQL).not.toContain('read_only');
    expect(lockoutTriggerSql(agent)).toContain(`SESSION_CONTEXT(N'${WRITER_KEY}')`);
    expect(LOCKOUT_ERROR).toBeGreaterThanOrEqual(50000);
  });
});
