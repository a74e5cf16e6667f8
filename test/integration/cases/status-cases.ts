import { afterEach, describe, expect, it } from 'vitest';
import { genericProfile } from '../../../src/icm/generic-profile.js';
import { icmProfile } from '../../../src/icm/icm-profile.js';
import { fillLab } from '../../../src/lab/create-lab.js';
import { type Drift, NO_DRIFT, STATE_TRANSFER_DRIFT } from '../../../src/lab/drift.js';
import type { LabOptions } from '../../../src/lab/lab-data.js';
import type { ConnectionSettings } from '../../../src/port/settings.js';
import type { Pair } from '../../../src/port/types.js';
import { readStatus, type StatusReport } from '../../../src/status/status.js';
import { type FreshPair, type PairFixture, withPair } from '../../support/fixtures.js';

const SCALE = 0.5;

/** The config tables the state-transfer drift touches, by construction of the lab. */
export const DRIFTED_TABLES = [
  'Agent',
  'Call_Type',
  'Config_Message_Log',
  'Dialed_Number',
  'Person',
  'Skill_Group',
  'Skill_Group_Member',
];

const differing = (report: StatusReport) =>
  report.tables.filter((t) => t.state !== 'equal').map((t) => t.table.split('.').at(-1));

/** Status on lab pairs built by the lab generator, against a real server of the fixture's engine. */
export function statusCases(fixture: () => PairFixture): void {
  describe('status', () => {
    const fresh: FreshPair[] = [];
    afterEach(async () => {
      await Promise.all(fresh.splice(0).map((f) => f.release()));
    });

    /** A fresh pair filled by the lab: side A with `a`, side B with `b` (default: the same). */
    async function labPair(
      drift: Drift,
      b?: (settings: Pair<ConnectionSettings>) => Promise<void>,
    ) {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      const options: LabOptions = { seed: 3, scale: SCALE, drift };
      await withPair(pair.settings, async (open) => {
        await fillLab(open.a, options);
        if (b) return;
        await fillLab(open.b, options);
      });
      if (b) await b(pair.settings);
      return pair.settings;
    }

    const status = (settings: Pair<ConnectionSettings>, profile = icmProfile) =>
      withPair(settings, (pair) => readStatus(pair, profile, { parallel: 3 }));

    it('says IN SYNC for an identical pair, with equal figures on both sides', async () => {
      const report = await status(await labPair(NO_DRIFT));
      expect(report.verdict).toEqual({ state: 'IN_SYNC', from: null, to: null, reasons: [] });
      expect(report.tables).toHaveLength(10);
      expect(report.tables.every((t) => t.state === 'equal')).toBe(true);
      expect(report.sides.a.configChecksum).toEqual(report.sides.b.configChecksum);
      expect(report.sides.a.lastUpdateKey).toBe(report.sides.b.lastUpdateKey);
      expect(report.sides.a.schemaVersion).toEqual({ major: 77, minor: 4 });
      expect(report.sides.a.growing.map((g) => g.table.split('.').at(-1))).toEqual([
        'Route_Call_Detail',
        'Skill_Group_Interval',
        'Termination_Call_Detail',
      ]);
      expect(report.notCompared.map((n) => n.table.split('.').at(-1))).toEqual([
        'Logger_Admin',
        'Version',
      ]);
    });

    it('says A AHEAD after a failed state transfer, naming exactly the config tables that differ', async () => {
      const report = await status(await labPair(STATE_TRANSFER_DRIFT));
      expect(report.verdict).toMatchObject({ state: 'A_AHEAD', from: 'A', to: 'B' });
      expect(differing(report)).toEqual(DRIFTED_TABLES);
      const { a, b } = report.sides;
      expect(a.lastUpdateKey).toBeGreaterThan(b.lastUpdateKey ?? Number.POSITIVE_INFINITY);
      expect(report.verdict.reasons[0]).toContain(
        `A's LastUpdateKey ${a.lastUpdateKey} is ahead of B's ${b.lastUpdateKey}`,
      );
      for (const [i, growth] of a.growing.entries()) {
        expect(growth.rows - (b.growing[i]?.rows ?? 0)).toBe(STATE_TRANSFER_DRIFT.historyAhead);
      }
      const log = report.tables.find((t) => t.table.endsWith('Config_Message_Log'));
      expect((log?.checksums.a?.rows ?? 0) - (log?.checksums.b?.rows ?? 0)).toBe(
        STATE_TRANSFER_DRIFT.logAhead,
      );
    });

    it('says B AHEAD when A is the side that missed the transfer', async () => {
      const report = await status(await labPair({ ...STATE_TRANSFER_DRIFT, behind: 'A' }));
      expect(report.verdict).toMatchObject({ state: 'B_AHEAD', from: 'B', to: 'A' });
      expect(differing(report)).toEqual(DRIFTED_TABLES);
    });

    it('says DIVERGED when the behind side has configuration changes of its own', async () => {
      const report = await status(await labPair({ ...STATE_TRANSFER_DRIFT, diverge: 5 }));
      expect(report.verdict).toMatchObject({ state: 'DIVERGED', from: null, to: null });
      expect(report.verdict.reasons.join('\n')).toContain('B has configuration changes A lacks');
    });

    it('follows the historical tables alone when configuration agrees', async () => {
      const report = await status(await labPair({ ...NO_DRIFT, historyAhead: 7 }));
      expect(report.verdict.state).toBe('A_AHEAD');
      expect(differing(report)).toEqual([]);
      expect(report.verdict.reasons).toHaveLength(3);
    });

    it('says DIVERGED when configuration changed on one side without a log entry', async () => {
      const report = await status(await labPair({ ...NO_DRIFT, changed: 1 }));
      expect(report.verdict.state).toBe('DIVERGED');
      expect(differing(report)).toEqual(['Agent']);
      expect(report.verdict.reasons[0]).toContain('changed outside the Logger');
    });

    it('reports a table whose shape differs and a table only one side has', async () => {
      const settings = await labPair(NO_DRIFT);
      const q = fixture().quote;
      await withPair(settings, async (pair) => {
        await pair.b.runScript(`ALTER TABLE ${q('Peripheral')} DROP COLUMN ${q('Description')}`);
        await pair.a.runScript(
          `CREATE TABLE ${q('Local_Notes')} (${q('NoteID')} integer NOT NULL PRIMARY KEY)`,
        );
      });
      const report = await status(settings);
      const state = (name: string) => report.tables.find((t) => t.table.endsWith(`.${name}`));
      expect(state('Peripheral')).toMatchObject({
        state: 'shape-differs',
        detail: 'column Description only in A',
      });
      expect(state('Local_Notes')).toMatchObject({
        state: 'only-in-A',
        checksums: { a: { rows: 0 }, b: null },
      });
      expect(report.verdict.state).toBe('DIVERGED');
    });

    it('refuses sides with different schema versions', async () => {
      const settings = await labPair({ ...NO_DRIFT, behindSchema: { major: 77, minor: 3 } });
      await expect(status(settings)).rejects.toMatchObject({
        code: 'REFUSED',
        message:
          'schema versions differ: A is 77.4, B is 77.3 (upgrade the older side first; icmsync compares only equal schemas)',
      });
    });

    it('refuses a side that is not a Logger database, naming the side and the fix', async () => {
      const settings = await labPair(NO_DRIFT, async () => {});
      const error = await status(settings).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NOT_A_LOGGER', side: 'B' });
      expect((error as Error).message).toMatch(
        /^B: .* is not a Logger database: it has no (dbo|public)\.Version table \(point side B at the <instance>_sideB database, or use --profile generic\)$/,
      );
    });

    it('compares every keyed table with the generic profile, with no direction', async () => {
      // Each Logger keeps its own Logger_Admin: the icm profile leaves it out, the generic one cannot know to.
      const same = await status(await labPair(NO_DRIFT), genericProfile);
      expect(same.tables).toHaveLength(14);
      expect(same.notCompared).toEqual([
        {
          table: expect.stringMatching(/\.Version$/),
          reason: 'no primary key or NOT NULL unique key',
        },
      ]);
      expect(differing(same)).toEqual(['Logger_Admin']);
      expect(same.verdict.reasons.at(-1)).toContain('cannot tell which side is newer');
      const drifted = await status(await labPair(STATE_TRANSFER_DRIFT), genericProfile);
      expect(drifted.verdict).toMatchObject({ state: 'DIVERGED', from: null });
      expect(differing(drifted)).toEqual(
        [
          'Logger_Admin',
          'Route_Call_Detail',
          'Skill_Group_Interval',
          'Termination_Call_Detail',
          ...DRIFTED_TABLES,
        ].sort(),
      );
    });
  });
}
