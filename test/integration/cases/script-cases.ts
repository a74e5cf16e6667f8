import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/db/engines.js';
import { type DiffOptions, readDiff } from '../../../src/diff/diff.js';
import type { DiffReport } from '../../../src/diff/diff-report.js';
import { FixScript } from '../../../src/diff/fix-script.js';
import { genericProfile } from '../../../src/icm/generic-profile.js';
import { icmProfile } from '../../../src/icm/icm-profile.js';
import type { Profile } from '../../../src/icm/profile.js';
import { fillLab } from '../../../src/lab/create-lab.js';
import { STATE_TRANSFER_DRIFT } from '../../../src/lab/drift.js';
import type { Database } from '../../../src/port/database.js';
import type { TableShape } from '../../../src/port/shapes.js';
import { type Pair, pick, type Row, type Side } from '../../../src/port/types.js';
import { type FreshPair, type PairFixture, withPair } from '../../support/fixtures.js';

/** Rows written to force several statements and batches even on small tables. */
const SMALL = { statementsPerBatch: 3, rowsPerStatement: 2 };

/** Every table of a report that still differs, with its counts. */
const differing = (report: DiffReport) =>
  report.tables
    .filter((t) => t.state !== 'identical')
    .map((t) => ({ table: t.table, state: t.state, a: t.onlyInA, b: t.onlyInB, c: t.changed }));

/** `icmsync diff --script` on an open pair, then the script applied to its target as a DBA would. */
export function scriptCases(fixture: () => PairFixture): void {
  describe('fix script', () => {
    const fresh: FreshPair[] = [];
    afterEach(async () => {
      await Promise.all(fresh.splice(0).map((f) => f.release()));
    });

    async function freshPair() {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      return pair.settings;
    }

    /** Diffs, writes the script for `to`, applies it to `to`, and diffs again. */
    async function fixAndDiff(
      pair: Pair<Database>,
      to: Side,
      profile: Profile,
      options: DiffOptions,
      sizes: { statementsPerBatch?: number; rowsPerStatement?: number } = {},
    ) {
      const path = join(mkdtempSync(join(tmpdir(), 'icmsync-script-')), 'fix.sql');
      const dialect = (await loadEngine(fixture().engine)).scriptDialect;
      const script = FixScript.create({ path, to, dialect, ...sizes });
      const before = await readDiff(pair, profile, { ...options, onRows: script.onRows });
      const summary = await script.finish(before);
      const text = readFileSync(path, 'utf8');
      await pick(pair, to).runScript(text);
      const after = await readDiff(pair, profile, options);
      return { before, summary, text, after };
    }

    it('makes B match A on a drifted lab pair, every table: a following diff finds nothing', async () => {
      const options = { seed: 7, scale: 0.3, drift: STATE_TRANSFER_DRIFT };
      await withPair(await freshPair(), async (pair) => {
        await Promise.all([fillLab(pair.a, options), fillLab(pair.b, options)]);
        const { before, summary, text, after } = await fixAndDiff(pair, 'B', icmProfile, {
          scope: 'all',
        });
        expect(differing(before).length).toBeGreaterThan(5);
        const count = (k: 'onlyInA' | 'onlyInB' | 'changed') =>
          before.tables.reduce((n, t) => n + t[k], 0);
        expect(summary).toMatchObject({
          to: 'B',
          inserted: count('onlyInA'),
          deleted: count('onlyInB'),
          updated: count('changed'),
        });
        expect(text).toContain('makes side B match side A');
        // Parents before children: Call_Type's update before Dialed_Number's inserts; Agent's and
        // Skill_Group's updates before Skill_Group_Member's insert; the one delete phase first.
        const at = (section: string, table: string) =>
          text.search(new RegExp(`^-- ${section} \\w+\\.${table}:`, 'm'));
        expect(at('Deletes from', 'Dialed_Number')).toBeGreaterThan(0);
        expect(at('Deletes from', 'Dialed_Number')).toBeLessThan(at('Updates of', 'Call_Type'));
        expect(at('Updates of', 'Call_Type')).toBeLessThan(at('Inserts into', 'Dialed_Number'));
        for (const parent of ['Agent', 'Skill_Group'])
          expect(at('Updates of', parent)).toBeLessThan(at('Inserts into', 'Skill_Group_Member'));
        expect(differing(after)).toEqual([]);
      });
    });

    it('keeps identity values and puts self-referencing rows in order, both ways', async () => {
      // Keys run against the tree: a child has a smaller id than its parent, so key order is wrong.
      const a: [number, number | null, string][] = [
        [1, null, 'root'],
        [9, 1, 'nine'],
        [8, 9, 'eight'],
        [7, 8, 'seven'],
        [5, 1, 'five'],
      ];
      const b: [number, number | null, string][] = [
        [1, null, 'root'],
        [5, 1, 'FIVE'],
        [20, 1, 'only B'],
        [21, 20, 'only B, child'],
        [22, 21, 'only B, grandchild'],
      ];
      const q = fixture().quote;
      await withPair(await freshPair(), async (pair) => {
        await pair.a.runScript(fixture().ddl.tree('Tree', a));
        await pair.b.runScript(fixture().ddl.tree('Tree', b));
        const { before, text, after } = await fixAndDiff(
          pair,
          'B',
          genericProfile,
          { tables: 'Tree' },
          { rowsPerStatement: 1 },
        );
        expect(differing(before)).toEqual([
          { table: expect.stringMatching(/Tree$/), state: 'differs', a: 3, b: 3, c: 1 },
        ]);
        expect(text).toMatch(/go in reference order: .*Tree/);
        expect(differing(after)).toEqual([]);
        // The identity generator moved past the highest id written: the next row gets a new one.
        await pair.b.runScript(`INSERT INTO ${q('Tree')} (${q('name')}) VALUES ('next')`);
        const shape = (await pair.b.readCatalog()).tables.find(
          (t) => t.name === 'Tree',
        ) as TableShape;
        const ids: number[] = [];
        for await (const batch of pair.b.readRows(shape))
          ids.push(...batch.map((r) => Number(r[0])));
        expect(Math.max(...ids)).toBeGreaterThan(9);
        // And back: A is made to match B (which now has one more row).
        const back = await fixAndDiff(pair, 'A', genericProfile, { tables: 'Tree' });
        expect(back.summary).toMatchObject({ to: 'A', inserted: 1, updated: 0, deleted: 0 });
        expect(differing(back.after)).toEqual([]);
      });
    });

    it('writes back every exact value: decimals past 2^53, every time digit, offsets, GUIDs, money', async () => {
      const q = fixture().quote;
      await withPair(await freshPair(), async (pair) => {
        await pair.a.runScript(fixture().ddl.exactTypes('Exact'));
        await pair.b.runScript(fixture().ddl.exactTypes('Exact'));
        await pair.a.runScript(`DELETE FROM ${q('Exact')} WHERE ${q('id')} = 1`);
        await pair.a.runScript(
          `UPDATE ${q('Exact')} SET ${q('big')} = 0, ${q('g')} = NULL WHERE ${q('id')} = 2`,
        );
        await pair.a.runScript(`INSERT INTO ${q('Exact')} (${q('id')}) VALUES (4)`);
        // A is written from B here: the mirror direction.
        const { before, summary, after } = await fixAndDiff(pair, 'A', genericProfile, {
          tables: 'Exact',
        });
        expect(differing(before)).toEqual([
          { table: expect.stringMatching(/Exact$/), state: 'differs', a: 1, b: 1, c: 1 },
        ]);
        expect(summary).toMatchObject({ inserted: 1, updated: 1, deleted: 1 });
        expect(differing(after)).toEqual([]);
      });
    });

    it('writes back awkward text, floats and bytes exactly, in many small batches', async () => {
      const rows: Row[] = [
        [1, '', 0.1, Buffer.alloc(0), new Date('2026-11-24T10:00:00.010Z')],
        [2, null, 1 / 3, null, null],
        [3, "O'Brien said ''hi''", 1e-300, Buffer.from([0, 1, 2, 255]), null],
        [4, '😀 outside the BMP, ü, 漢字', 1.7976931348623157e308, null, null],
        [5, 'line one\r\nline two\ttab\u0001bell\\back', -2.5, null, null],
        [
          6,
          `${"'".repeat(3)}${'x'.repeat(5000)}\nGO\n`,
          123456789.125,
          Buffer.alloc(3000, 7),
          null,
        ],
        [7, 'GO', 0, null, null],
      ];
      await withPair(await freshPair(), async (pair) => {
        const make = async (db: Database, data: readonly Row[]) => {
          await db.runScript(fixture().ddl.values('Awkward', 'txt'));
          const shape = (await db.readCatalog()).tables.find(
            (t) => t.name === 'Awkward',
          ) as TableShape;
          if (data.length > 0) await db.bulkInsert(shape, [data]);
        };
        await make(pair.a, rows);
        await make(pair.b, [
          [3, 'stale', 0, null, null],
          [8, 'only in B', 1, null, null],
        ]);
        const { before, summary, after } = await fixAndDiff(
          pair,
          'B',
          genericProfile,
          { tables: 'Awkward' },
          SMALL,
        );
        expect(differing(before)).toEqual([
          { table: expect.stringMatching(/Awkward$/), state: 'differs', a: 6, b: 1, c: 1 },
        ]);
        expect(summary.batches).toBeGreaterThan(1);
        expect(differing(after)).toEqual([]);
      });
    });

    it('updates a key that differs only in case under a case-insensitive collation', async () => {
      await withPair(await freshPair(), async (pair) => {
        await pair.a.runScript(
          fixture().ddl.caseInsensitiveKey('Names', ['alpha', 'Beta', 'gamma']),
        );
        await pair.b.runScript(
          fixture().ddl.caseInsensitiveKey('Names', ['ALPHA', 'beta', 'delta']),
        );
        const { after } = await fixAndDiff(pair, 'B', genericProfile, { tables: 'Names' });
        expect(differing(after)).toEqual([]);
      });
    });
  });
}
