import { describe, expect, it } from 'vitest';
import {
  deleteRangeSql,
  deleteRowsSql,
  LOCK_NAME_PARAM,
  lockGranted,
  lockName,
  OTHER_SESSIONS_SQL,
  SEES_ALL_SESSIONS_SQL,
  STAGE_PREFIX,
  sessionsHidden,
  setTriggersSql,
  stageTable,
  TRY_LOCK_SQL,
  upsertRowsSql,
} from '../../../../src/db/mssql/write-rows-sql.js';
import { isIcmsyncError } from '../../../../src/port/errors.js';
import { column, table } from './fixtures.js';

const CI = 'Latin1_General_CI_AS';
const CS = 'Latin1_General_100_CS_AS';
const STAGE_NAME = /^#icmsync_stage_[0-9a-f]{16}$/;

/** One-column int key, a text column under a case-insensitive collation, a nullable blob. */
const agent = table(
  'Agent',
  [
    column('SkillTargetID', 'int', 'integer'),
    column('EnterpriseName', 'varchar', 'text', { type: 'varchar(32)', length: 32, collation: CI }),
    column('Photo', 'varbinary', 'binary', { type: 'varbinary(max)', nullable: true }),
  ],
  ['SkillTargetID'],
);

/** Composite (int, datetime2) key, as the Logger's historical tables have. */
const interval = table(
  'Agent_Interval',
  [
    column('DateTime', 'datetime2', 'datetime', { type: 'datetime2(3)', scale: 3 }),
    column('SkillTargetID', 'int', 'integer'),
    column('LoggedOnTime', 'int', 'integer', { nullable: true }),
  ],
  ['DateTime', 'SkillTargetID'],
);

/** An identity key, a computed column and a rowversion, which are never written. */
const recovery = table(
  'Recovery',
  [
    column('RecoveryKey', 'bigint', 'integer', { identity: true }),
    column('Amount', 'decimal', 'decimal', { type: 'decimal(18,4)', precision: 18, scale: 4 }),
    column('Doubled', 'decimal', 'decimal', { type: 'decimal(19,4)', generated: true }),
    column('Version', 'timestamp', 'binary', { type: 'timestamp', rowVersion: true }),
  ],
  ['RecoveryKey'],
);

/** Every data column is a key column: nothing is left to update. */
const member = table(
  'Skill_Group_Member',
  [
    column('SkillGroupSkillTargetID', 'int', 'integer'),
    column('AgentSkillTargetID', 'int', 'integer'),
  ],
  ['SkillGroupSkillTargetID', 'AgentSkillTargetID'],
);

/** Names that would end a bracketed identifier or a string literal if not quoted. */
const hostile = table(
  "we]ird'tab",
  [
    column('k]ey', 'nvarchar', 'text', { type: 'nvarchar(20)', length: 20, collation: CS }),
    column("va'l]", 'int', 'integer', { nullable: true }),
  ],
  ['k]ey'],
  { schema: 'sch]ema' },
);

describe('stageTable', () => {
  it('stages text as nvarchar(max) under the column collation and bytes as varbinary(max)', () => {
    const stage = stageTable(agent, agent.columns);
    expect(stage.name).toMatch(STAGE_NAME);
    expect(stage.columns).toEqual([
      { name: 'c0', binary: false },
      { name: 'c1', binary: false },
      { name: 'c2', binary: true },
    ]);
    expect(stage.prepare).toBe(
      [
        `IF OBJECT_ID(N'tempdb..${stage.name}') IS NULL`,
        `  CREATE TABLE ${stage.name} ([c0] nvarchar(max) NULL, [c1] nvarchar(max) COLLATE ${CI} NULL, [c2] varbinary(max) NULL);`,
        'ELSE',
        `  TRUNCATE TABLE ${stage.name};`,
      ].join('\n'),
    );
  });

  it('names a table after its layout: equal layouts share it, other collations do not', () => {
    const again = stageTable(agent, agent.columns);
    expect(again.name).toBe(stageTable(agent, agent.columns).name);
    const other = table(
      'Agent',
      agent.columns.map((c) => (c.kind === 'text' ? { ...c, collation: CS } : c)),
      ['SkillTargetID'],
    );
    expect(stageTable(other, other.columns).name).not.toBe(again.name);
    expect(again.name.startsWith(STAGE_PREFIX)).toBe(true);
  });

  it('gives text without a catalog collation the database default', () => {
    const plain = table(
      'T',
      [column('id', 'int', 'integer'), column('n', 'varchar', 'text')],
      ['id'],
    );
    expect(stageTable(plain, plain.columns).prepare).toContain(
      '[c1] nvarchar(max) COLLATE DATABASE_DEFAULT NULL',
    );
  });

  it('refuses types icmsync cannot copy and collation names that are not names', () => {
    const spatial = table(
      'T',
      [column('id', 'int', 'integer'), column('g', 'geography', 'other', { nullable: true })],
      ['id'],
    );
    expect(() => stageTable(spatial, spatial.columns)).toThrow(/geography/);
    const odd = table(
      'T',
      [column('id', 'int', 'integer'), column('n', 'varchar', 'text', { collation: 'x; DROP' })],
      ['id'],
    );
    expect(() => stageTable(odd, odd.columns)).toThrow(/not a collation name/);
  });
});

describe('upsertRowsSql', () => {
  it('updates existing keys by a join, then inserts the rest, in one transaction', () => {
    const { stage, text } = upsertRowsSql(agent, 'B');
    const s = stage.name;
    expect(text).toBe(
      [
        'SET XACT_ABORT ON;',
        'DECLARE @updated int = 0, @inserted int = 0;',
        'BEGIN TRANSACTION;',
        'UPDATE t SET [EnterpriseName] = CONVERT(varchar(32), s.[c1]), [Photo] = CONVERT(varbinary(max), s.[c2])',
        'FROM [dbo].[Agent] AS t',
        `JOIN ${s} AS s ON t.[SkillTargetID] = CONVERT(int, s.[c0]);`,
        'SET @updated = @@ROWCOUNT;',
        'INSERT INTO [dbo].[Agent] ([SkillTargetID], [EnterpriseName], [Photo])',
        'SELECT CONVERT(int, s.[c0]), CONVERT(varchar(32), s.[c1]), CONVERT(varbinary(max), s.[c2])',
        `FROM ${s} AS s`,
        'WHERE NOT EXISTS (SELECT 1 FROM [dbo].[Agent] AS t WHERE t.[SkillTargetID] = CONVERT(int, s.[c0]));',
        'SET @inserted = @@ROWCOUNT;',
        'COMMIT TRANSACTION;',
        'SELECT @updated AS updated, @inserted AS inserted;',
      ].join('\n'),
    );
    expect(text).not.toMatch(/MERGE|IDENTITY_INSERT/);
  });

  it('matches every column of a composite key, converting dates with their style', () => {
    const { stage, text } = upsertRowsSql(interval, 'A');
    const match =
      't.[DateTime] = CONVERT(datetime2(3), s.[c0], 121) AND t.[SkillTargetID] = CONVERT(int, s.[c1])';
    expect(text).toContain(`JOIN ${stage.name} AS s ON ${match};`);
    expect(text).toContain(
      `WHERE NOT EXISTS (SELECT 1 FROM [dbo].[Agent_Interval] AS t WHERE ${match});`,
    );
    expect(text).toContain('UPDATE t SET [LoggedOnTime] = CONVERT(int, s.[c2])\n');
    expect(stage.columns.map((c) => c.name)).toEqual(['c0', 'c1', 'c2']);
  });

  it('inserts identity values under IDENTITY_INSERT and never writes computed or rowversion columns', () => {
    const { stage, text } = upsertRowsSql(recovery, 'B');
    expect(stage.columns).toHaveLength(2);
    const lines = text.split('\n');
    const on = lines.indexOf('SET IDENTITY_INSERT [dbo].[Recovery] ON;');
    const insert = lines.indexOf('INSERT INTO [dbo].[Recovery] ([RecoveryKey], [Amount])');
    const inserted = lines.indexOf('SET @inserted = @@ROWCOUNT;');
    const off = lines.indexOf('SET IDENTITY_INSERT [dbo].[Recovery] OFF;');
    expect(on).toBeGreaterThan(lines.indexOf('SET @updated = @@ROWCOUNT;'));
    expect(insert).toBe(on + 1);
    expect(off).toBe(inserted + 1);
    expect(lines[off + 1]).toBe('COMMIT TRANSACTION;');
    expect(text).toContain('UPDATE t SET [Amount] = CONVERT(decimal(18,4), s.[c1])\n');
    expect(text).not.toMatch(/Doubled|Version/);
  });

  it('never updates an identity column that is not the key', () => {
    const logged = table(
      'Event',
      [
        column('EventID', 'int', 'integer', { identity: true }),
        column('Name', 'nvarchar', 'text', { type: 'nvarchar(40)', collation: CI }),
        column('Note', 'nvarchar', 'text', { type: 'nvarchar(40)', collation: CI, nullable: true }),
      ],
      [],
      { uniqueKeys: [['Name']] },
    );
    const { text } = upsertRowsSql(logged, 'A');
    expect(text).toContain('UPDATE t SET [Note] = CONVERT(nvarchar(40), s.[c2])\n');
    expect(text).toContain('ON t.[Name] = CONVERT(nvarchar(40), s.[c1]);');
    expect(text).toContain('SET IDENTITY_INSERT [dbo].[Event] ON;');
  });

  it('only inserts when every column is a key column', () => {
    const { text } = upsertRowsSql(member, 'A');
    expect(text).not.toContain('UPDATE');
    expect(text).toContain('DECLARE @updated int = 0, @inserted int = 0;');
    expect(text).toContain(
      'INSERT INTO [dbo].[Skill_Group_Member] ([SkillGroupSkillTargetID], [AgentSkillTargetID])',
    );
    expect(text.endsWith('SELECT @updated AS updated, @inserted AS inserted;')).toBe(true);
  });

  it('quotes hostile identifiers and never puts a value into the text', () => {
    const { stage, text } = upsertRowsSql(hostile, 'B');
    expect(text).toContain("INSERT INTO [sch]]ema].[we]]ird'tab] ([k]]ey], [va'l]]])");
    expect(text).toContain("UPDATE t SET [va'l]]] = CONVERT(int, s.[c1])");
    expect(text).toContain('t.[k]]ey] = CONVERT(nvarchar(20), s.[c0])');
    expect(stage.prepare).toContain(`[c0] nvarchar(max) COLLATE ${CS} NULL`);
  });

  it('refuses a table without a key, naming the side', () => {
    const keyless = table('Version', [column('Major', 'int', 'integer')], []);
    try {
      upsertRowsSql(keyless, 'B');
      expect.unreachable();
    } catch (error) {
      expect(isIcmsyncError(error, 'UNSUPPORTED')).toBe(true);
      expect((error as Error).message).toMatch(/^B: dbo\.Version has no primary key/);
    }
  });
});

describe('deleteRowsSql', () => {
  it('stages only the key columns, in key order', () => {
    const { stage, text } = deleteRowsSql(interval, 'A');
    expect(stage.columns).toEqual([
      { name: 'c0', binary: false },
      { name: 'c1', binary: false },
    ]);
    expect(text).toBe(
      [
        'DELETE t FROM [dbo].[Agent_Interval] AS t',
        `WHERE EXISTS (SELECT 1 FROM ${stage.name} AS s WHERE t.[DateTime] = CONVERT(datetime2(3), s.[c0], 121) AND t.[SkillTargetID] = CONVERT(int, s.[c1]));`,
        'SELECT @@ROWCOUNT AS deleted;',
      ].join('\n'),
    );
  });

  it('matches one-column and hostile keys', () => {
    expect(deleteRowsSql(agent, 'A').text).toContain('t.[SkillTargetID] = CONVERT(int, s.[c0])');
    const { stage, text } = deleteRowsSql(hostile, 'B');
    expect(text).toContain("DELETE t FROM [sch]]ema].[we]]ird'tab] AS t");
    expect(stage.prepare).toContain(`([c0] nvarchar(max) COLLATE ${CS} NULL)`);
  });
});

describe('deleteRangeSql', () => {
  it('deletes the whole table without a range', () => {
    expect(deleteRangeSql(agent, 'A')).toEqual({
      text: 'DELETE FROM [dbo].[Agent];\nSELECT @@ROWCOUNT AS deleted;',
      params: [],
    });
  });

  it('binds the range bounds as exact parameters', () => {
    const statement = deleteRangeSql(agent, 'A', { after: ['10'], upTo: ['20'] });
    expect(statement.text).toBe(
      [
        'DELETE FROM [dbo].[Agent]',
        'WHERE ([SkillTargetID] > CONVERT(int, @a0))',
        '  AND ([SkillTargetID] < CONVERT(int, @u0) OR [SkillTargetID] = CONVERT(int, @u0));',
        'SELECT @@ROWCOUNT AS deleted;',
      ].join('\n'),
    );
    expect(statement.params.map((p) => [p.name, p.value])).toEqual([
      ['a0', '10'],
      ['u0', '20'],
    ]);
  });
});

describe('setTriggersSql', () => {
  it('disables and enables the named triggers, qualified with the table schema', () => {
    expect(setTriggersSql(agent, ['trg_a', 'trg_b'], false)).toBe(
      'DISABLE TRIGGER [dbo].[trg_a], [dbo].[trg_b] ON [dbo].[Agent];',
    );
    expect(setTriggersSql(hostile, ["t]r'g"], true)).toBe(
      "ENABLE TRIGGER [sch]]ema].[t]]r'g] ON [sch]]ema].[we]]ird'tab];",
    );
    expect(() => setTriggersSql(agent, [], true)).toThrow(/at least one/);
  });
});

describe('the sync lock', () => {
  it('asks sp_getapplock for an exclusive session lock without waiting', () => {
    expect(TRY_LOCK_SQL).toContain(`EXEC @result = sp_getapplock @Resource = @${LOCK_NAME_PARAM}`);
    expect(TRY_LOCK_SQL).toContain("@LockMode = 'Exclusive'");
    expect(TRY_LOCK_SQL).toContain("@LockOwner = 'Session', @LockTimeout = 0;");
    expect(TRY_LOCK_SQL.endsWith('SELECT @result AS result;')).toBe(true);
  });

  it('reads the return code: granted, held elsewhere, or an error', () => {
    expect(lockGranted(0, 'icmsync', 'A')).toBe(true);
    expect(lockGranted(1, 'icmsync', 'A')).toBe(true);
    expect(lockGranted(-1, 'icmsync', 'A')).toBe(false);
    for (const [code, retryable] of [
      [-2, true],
      [-3, true],
      [-999, false],
    ] as const) {
      try {
        lockGranted(code, 'icmsync', 'B');
        expect.unreachable();
      } catch (error) {
        expect(isIcmsyncError(error, 'QUERY')).toBe(true);
        expect((error as Error).message).toMatch(
          new RegExp(
            `^B: taking the application lock icmsync failed: sp_getapplock returned ${code} \\(`,
          ),
        );
        expect((error as { retryable: boolean }).retryable).toBe(retryable);
      }
    }
  });

  it('refuses names sp_getapplock would truncate', () => {
    expect(lockName('icmsync')).toBe('icmsync');
    expect(() => lockName('')).toThrow();
    expect(() => lockName('x'.repeat(256))).toThrow(/255/);
  });
});

describe('other sessions', () => {
  it('lists user sessions of this database other than its own', () => {
    expect(OTHER_SESSIONS_SQL).toContain('FROM sys.dm_exec_sessions AS s');
    expect(OTHER_SESSIONS_SQL).toContain(
      'WHERE s.database_id = DB_ID() AND s.session_id <> @@SPID AND s.is_user_process = 1',
    );
    for (const alias of ['AS id', 'AS login', 'AS host', 'AS program']) {
      expect(OTHER_SESSIONS_SQL).toContain(alias);
    }
  });

  it('checks both permissions that show every session', () => {
    expect(SEES_ALL_SESSIONS_SQL).toContain(
      "HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') = 1",
    );
    expect(SEES_ALL_SESSIONS_SQL).toContain(
      "HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER PERFORMANCE STATE') = 1",
    );
  });

  it('refuses in one line that names the grant and the way around it', () => {
    const error = sessionsHidden('A', 'icm_sideA');
    expect(isIcmsyncError(error, 'REFUSED')).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(/^A: cannot list the other sessions on icm_sideA: /);
    expect(error.message).toContain('VIEW SERVER STATE');
    expect(error.message).toContain('--allow-sessions');
  });
});
