import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mssqlScriptDialect } from '../../../src/db/mssql/script-dialect.js';
import { postgresScriptDialect } from '../../../src/db/postgres/script-dialect.js';
import type { DiffReport, TableDiff } from '../../../src/diff/diff-report.js';
import { FixScript, type FixScriptOptions } from '../../../src/diff/fix-script.js';
import type { LeafDiff } from '../../../src/diff/match-rows.js';
import type { ScriptDialect } from '../../../src/port/script.js';
import type { DatabaseInfo, TableShape } from '../../../src/port/shapes.js';
import type { ExactRow, Side } from '../../../src/port/types.js';
import { column, table } from '../../support/shapes.js';

const info = (side: Side): DatabaseInfo => ({
  server: 'sql1,1433',
  database: `ucce_side${side}`,
  engine: 'mssql',
  engineVersion: 'Microsoft SQL Server 2022',
  defaultSchema: 'dbo',
});

const text = (name: string) =>
  column(name, 'nvarchar(40)', { dataType: 'nvarchar', kind: 'text', nullable: true });

const fk = (name: string, columns: string[], referencedTable: string) => ({
  name,
  columns,
  referencedSchema: 'dbo',
  referencedTable,
  referencedColumns: ['id'],
  enabled: true,
});

const parent = table([column('id', 'int', { identity: true }), text('name')], {
  name: 'Parent',
  triggers: [
    { name: 'trg_audit', enabled: true },
    { name: 'trg_off', enabled: false },
  ],
});
const child = table(
  [
    column('id'),
    column('parentId'),
    column('blob', 'varbinary(max)', { dataType: 'varbinary', kind: 'binary', nullable: true }),
  ],
  { name: 'Child', foreignKeys: [fk('FK_Child_Parent', ['parentId'], 'Parent')] },
);
const tree = table([column('id'), column('up', 'int', { nullable: true })], {
  name: 'Tree',
  foreignKeys: [fk('FK_Tree_Tree', ['up'], 'Tree')],
});

const leaf = (rows: Partial<LeafDiff>): LeafDiff => ({
  onlyInA: [],
  onlyInB: [],
  changed: [],
  ...rows,
});

const tableDiff = (name: string, state: TableDiff['state'], reason: string | null = null) =>
  ({ table: name, state, reason }) as TableDiff;

function report(tables: TableDiff[]): DiffReport {
  const zero = { a: 0, b: 0 };
  return {
    sides: { a: info('A'), b: info('B') },
    profile: 'generic',
    scope: 'config',
    maxRows: 100,
    tables,
    cost: {
      rowsHashed: zero,
      rowsFetched: zero,
      bytesReceived: zero,
      roundTrips: zero,
      phases: [],
    },
  };
}

/** Runs a script through `feed`, returns its text and what is left in its folder. */
async function write(
  to: Side | null,
  feed: (script: FixScript) => void,
  options: Partial<FixScriptOptions> & { dialect?: ScriptDialect } = {},
  tables: TableDiff[] = [],
) {
  const dir = mkdtempSync(join(tmpdir(), 'icmsync-fix-'));
  const path = join(dir, 'fix.sql');
  const script = FixScript.create({
    path,
    to,
    dialect: mssqlScriptDialect,
    now: () => new Date('2026-11-24T10:00:00.000Z'),
    ...options,
  });
  feed(script);
  const summary = await script.finish(report(tables));
  return { summary, text: readFileSync(path, 'utf8'), left: readdirSync(dir) };
}

const both = (shape: TableShape) => ({ a: shape, b: shape });

/** Two parents and two children differing in every way, fed leaf by leaf as diff would. */
function feedFamily(script: FixScript) {
  script.onRows(
    'dbo.Child',
    leaf({
      onlyInA: [['10', '3', new Uint8Array([0, 255])]],
      onlyInB: [['11', '4', null]],
    }),
    both(child),
  );
  script.onRows(
    'dbo.Parent',
    leaf({
      onlyInA: [['3', 'three']],
      onlyInB: [['4', 'four']],
      changed: [
        {
          key: ['1'],
          values: [{ column: 'name', a: "it's A", b: 'B' }],
          rows: { a: ['1', "it's A"], b: ['1', 'B'] },
        },
      ],
    }),
    both(parent),
  );
  script.onRows('dbo.Child', leaf({ onlyInA: [['12', '3', null]] }), both(child));
}

describe('FixScript', () => {
  it('writes a header that says what, where, how much, and how to apply it', async () => {
    const { text, summary } = await write('B', feedFamily, {}, [
      tableDiff('dbo.Lonely', 'only-in-A'),
      tableDiff('dbo.Keyless', 'skipped', 'no primary key'),
    ]);
    expect(summary).toMatchObject({ to: 'B', inserted: 3, updated: 1, deleted: 2, tables: 2 });
    const header = text.slice(0, text.indexOf('\nSET NOCOUNT ON;'));
    expect(header).toBe(
      `-- icmsync fix script: makes side B match side A.
-- Written 2026-11-24T10:00:00.000Z by icmsync diff (profile generic, scope config).
-- Source A: ucce_sideA on sql1,1433 (Microsoft SQL Server 2022): read only, never written.
-- Target B: ucce_sideB on sql1,1433 (Microsoft SQL Server 2022): the only database this script changes.
--
-- Changes: 3 rows inserted, 1 updated, 2 deleted, in 2 tables:
--   dbo.Child: 2 inserted, 0 updated, 1 deleted
--   dbo.Parent: 1 inserted, 1 updated, 1 deleted
-- Not covered (fix these by hand; diff keeps reporting them):
--   dbo.Lonely: only-in-A
--   dbo.Keyless: skipped (no primary key)
--
-- Order: deletes first, children before parents; then inserts and updates, parents before
-- children, so every foreign key holds after each statement.
-- Identity values are kept, and each identity generator moves past them: dbo.Parent.
-- Triggers on B fire for these statements (disable them first if they must not):
--   dbo.Parent: trg_audit
-- Transactions: ${mssqlScriptDialect.describeTransactions(100)}.
--
-- Review it, then apply it to B (ucce_sideB) only:
--   sqlcmd -S sql1,1433 -d ucce_sideB -b -f 65001 -i fix.sql   (add -E, or -U <login>)
-- Then run icmsync diff again: it exits 0 when the sides agree.
`,
    );
  });

  it('deletes children first, then writes parents first; identity inserts wrapped; bytes intact', async () => {
    const { text, left } = await write('B', feedFamily);
    const body = text.slice(text.indexOf('\nGO\n') + 4);
    expect(body).toBe(`-- Deletes from dbo.Child: 1 row
-- batch 1
SET XACT_ABORT ON;
BEGIN TRANSACTION;
DELETE FROM [dbo].[Child] WHERE [id] IN (11);
-- Deletes from dbo.Parent: 1 row
DELETE FROM [dbo].[Parent] WHERE [id] IN (4);
-- Inserts into dbo.Parent: 1 row
SET IDENTITY_INSERT [dbo].[Parent] ON;
INSERT INTO [dbo].[Parent] ([id], [name]) VALUES
  (3, N'three');
SET IDENTITY_INSERT [dbo].[Parent] OFF;
-- Updates of dbo.Parent: 1 row
UPDATE [dbo].[Parent] SET [name] = N'it''s A' WHERE [id] = 1;
-- Inserts into dbo.Child: 2 rows
INSERT INTO [dbo].[Child] ([id], [parentId], [blob]) VALUES
  (10, 3, 0x00FF),
  (12, 3, NULL);
COMMIT TRANSACTION;
GO

-- end of script
`);
    // The spool and the temporary file are gone; only the script is left.
    expect(left).toEqual(['fix.sql']);
  });

  it('writes the mirror for A: rows only in B inserted, rows only in A deleted, B values set', async () => {
    const { text, summary } = await write('A', feedFamily);
    expect(summary).toMatchObject({ to: 'A', inserted: 2, updated: 1, deleted: 3 });
    expect(text).toContain('makes side A match side B');
    expect(text).toContain("IF DB_NAME() <> N'ucce_sideA'");
    expect(text).toContain('DELETE FROM [dbo].[Child] WHERE [id] IN (10, 12);');
    expect(text).toContain("UPDATE [dbo].[Parent] SET [name] = N'B' WHERE [id] = 1;");
    expect(text).toContain('  (11, 4, NULL);');
  });

  it('cuts statements and batches at their sizes, every batch one transaction ended by GO', async () => {
    const rows: ExactRow[] = Array.from({ length: 25 }, (_, i) => [String(i + 100), `r${i}`]);
    const { text, summary } = await write(
      'B',
      (script) => script.onRows('dbo.Parent', leaf({ onlyInA: rows }), both(parent)),
      { statementsPerBatch: 2, rowsPerStatement: 4 },
    );
    expect(summary).toMatchObject({ statements: 7, batches: 4 });
    const count = (re: RegExp) => text.match(re)?.length ?? 0;
    expect(count(/^BEGIN TRANSACTION;$/gm)).toBe(4);
    expect(count(/^COMMIT TRANSACTION;$/gm)).toBe(4);
    expect(count(/^GO$/gm)).toBe(5);
    // Identity insert is on exactly around the inserts of each batch.
    expect(count(/IDENTITY_INSERT \[dbo\]\.\[Parent\] ON;/g)).toBe(4);
    expect(count(/IDENTITY_INSERT \[dbo\]\.\[Parent\] OFF;/g)).toBe(4);
    expect(text.indexOf('OFF;\nCOMMIT TRANSACTION;')).toBeGreaterThan(0);
  });

  it('orders the rows of a self-referencing table, inserts up the tree and deletes down it', async () => {
    const { text } = await write(
      'B',
      (script) =>
        script.onRows(
          'dbo.Tree',
          leaf({
            // Inserted: 7 → 8 → 9 → 1 (1 exists); deleted: 20 ← 21 ← 22.
            onlyInA: [
              ['7', '8'],
              ['8', '9'],
              ['9', '1'],
            ],
            onlyInB: [
              ['20', '1'],
              ['21', '20'],
              ['22', '21'],
            ],
          }),
          both(tree),
        ),
      { dialect: postgresScriptDialect },
    );
    expect(text).toContain('go in reference order: dbo.Tree.');
    const statements = text.split('\n').filter((l) => /^(DELETE|INSERT| {2}\()/.test(l));
    expect(statements).toEqual([
      'DELETE FROM "dbo"."Tree" WHERE "id" IN (22);',
      'DELETE FROM "dbo"."Tree" WHERE "id" IN (21);',
      'DELETE FROM "dbo"."Tree" WHERE "id" IN (20);',
      'INSERT INTO "dbo"."Tree" ("id", "up") VALUES',
      '  (9, 1);',
      'INSERT INTO "dbo"."Tree" ("id", "up") VALUES',
      '  (8, 9);',
      'INSERT INTO "dbo"."Tree" ("id", "up") VALUES',
      '  (7, 8);',
    ]);
  });

  it('switches a loop of rows off WITH CHECK on SQL Server, and warns on PostgreSQL', async () => {
    const loop = (script: FixScript) =>
      script.onRows(
        'dbo.Tree',
        leaf({
          onlyInA: [
            ['1', '2'],
            ['2', '1'],
          ],
        }),
        both(tree),
      );
    const mssql = (await write('B', loop)).text;
    expect(mssql).toContain('checked again WITH CHECK at the end: dbo.Tree.FK_Tree_Tree.');
    expect(mssql).toContain(
      '--   ALTER TABLE [dbo].[Tree] WITH CHECK CHECK CONSTRAINT [FK_Tree_Tree];',
    );
    const off = mssql.indexOf('\nALTER TABLE [dbo].[Tree] NOCHECK CONSTRAINT [FK_Tree_Tree];');
    const insert = mssql.indexOf('\nINSERT INTO [dbo].[Tree]');
    const on = mssql.indexOf(
      '\nALTER TABLE [dbo].[Tree] WITH CHECK CHECK CONSTRAINT [FK_Tree_Tree];',
    );
    expect(off).toBeGreaterThan(0);
    expect(off).toBeLessThan(insert);
    expect(insert).toBeLessThan(on);
    const postgres = (await write('B', loop, { dialect: postgresScriptDialect })).text;
    expect(postgres).toContain('in a loop through dbo.Tree.FK_Tree_Tree: the script');
    expect(postgres).not.toContain('NOCHECK');
  });

  it('refuses to change an identity value, naming the table, the column and the row', async () => {
    await expect(
      write('B', (script) =>
        script.onRows(
          'dbo.Other',
          leaf({
            changed: [
              {
                key: ['x'],
                values: [{ column: 'seq', a: '1', b: '2' }],
                rows: { a: ['x', '1'], b: ['x', '2'] },
              },
            ],
          }),
          both(
            table([text('k'), column('seq', 'int', { identity: true })], {
              name: 'Other',
              primaryKey: ['k'],
            }),
          ),
        ),
      ),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message:
        'dbo.Other: identity column seq differs for key (x), and a script cannot change identity values (fix that row by hand, or leave the table out)',
    });
  });

  it('writes a script that changes nothing when there is no side to write and nothing differs', async () => {
    const { text, summary } = await write(null, () => {});
    expect(summary).toMatchObject({ to: null, statements: 0 });
    expect(text).toMatch(/^-- icmsync fix script: the sides already agree/);
    expect(text).not.toContain('DB_NAME');
  });
});
