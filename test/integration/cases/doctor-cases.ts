import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/db/engines.js';
import type { Check, CheckId } from '../../../src/doctor/check.js';
import { type DoctorOptions, type DoctorReport, runDoctor } from '../../../src/doctor/doctor.js';
import { icmProfile } from '../../../src/icm/icm-profile.js';
import { fillLab } from '../../../src/lab/create-lab.js';
import { type Drift, NO_DRIFT, STATE_TRANSFER_DRIFT } from '../../../src/lab/drift.js';
import type { ConnectionSettings } from '../../../src/port/settings.js';
import { type Pair, pick, type Side } from '../../../src/port/types.js';
import { loginWithoutInsert, readOnlyFolder } from '../../support/doctor-fixtures.js';
import { type FreshPair, type PairFixture, withPair } from '../../support/fixtures.js';

/** The application names the fixtures' settings give icmsync's own connections. */
const OWN_PROGRAMS = ['icmsync', 'icmsync-test'];

const journalDir = () => mkdtempSync(join(tmpdir(), 'icmsync-doctor-journal-'));

/** Runs doctor against a pair as the CLI would, through each side's engine. */
function doctor(settings: Pair<ConnectionSettings>, options: Partial<DoctorOptions> = {}) {
  return runDoctor({
    settings,
    open: async (side) => {
      const s = pick(settings, side);
      return (await loadEngine(s.engine)).open(side, s);
    },
    profile: icmProfile,
    mode: 'merge',
    ownPrograms: OWN_PROGRAMS,
    folders: [
      { role: 'journal', path: journalDir() },
      { role: 'temp', path: tmpdir() },
    ],
    ...options,
  });
}

const find = (report: DoctorReport, id: CheckId, side: Side | null = null): Check => {
  const check = report.checks.find((c) => c.id === id && c.side === side);
  if (!check) throw new Error(`no ${id} check for ${side ?? 'both sides'} in the report`);
  return check;
};
const failing = (report: DoctorReport) =>
  report.checks
    .filter((c) => c.status === 'FAIL')
    .map((c) => `${c.side ?? '-'} ${c.id}: ${c.message}`);

/** Doctor against a real server of the fixture's engine: every check, and each made to fail. */
export function doctorCases(fixture: () => PairFixture): void {
  describe('doctor', () => {
    const fresh: FreshPair[] = [];
    afterEach(async () => {
      await Promise.all(fresh.splice(0).map((f) => f.release()));
    });

    async function labPair(drift: Drift = STATE_TRANSFER_DRIFT, behind?: Drift) {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      await withPair(pair.settings, (open) =>
        Promise.all([
          fillLab(open.a, { seed: 5, scale: 0.2, drift }),
          fillLab(open.b, { seed: 5, scale: 0.2, drift: behind ?? drift }),
        ]),
      );
      return pair.settings;
    }

    it('reports every check on a good lab pair, in the direction status gives, and nothing fails', async () => {
      const report = await doctor(await labPair());
      expect(report).toMatchObject({
        direction: { from: 'A', to: 'B' },
        directionSource: 'status',
        mode: 'merge',
      });
      expect(failing(report)).toEqual([]);
      const passing: [CheckId, Side | null][] = [
        ['reachable', 'A'],
        ['login', 'A'],
        ['permissions', 'A'],
        ['reachable', 'B'],
        ['login', 'B'],
        ['permissions', 'B'],
        ['sessions', 'B'],
        ['schema-version', null],
        ['table-shapes', null],
        ['journal-folder', null],
        ['temp-folder', null],
        ['clock', null],
      ];
      for (const [id, side] of passing) expect(find(report, id, side).status, id).toBe('PASS');
      // The lab's settings: TLS off on PostgreSQL, a trusted self-signed certificate on SQL Server.
      expect(['PASS', 'WARN']).toContain(find(report, 'tls', 'A').status);
      expect(find(report, 'permissions', 'B').message).toMatch(/may read and write the 10 tables/);
      expect(find(report, 'schema-version').message).toBe('both sides are at schema version 77.4');
      // Only the target is checked for room and for a Logger still connected.
      expect(report.checks.filter((c) => c.id === 'free-space').map((c) => c.side)).toEqual(['B']);
      expect(report.checks.some((c) => c.id === 'sessions' && c.side === 'A')).toBe(false);
      const space = find(report, 'free-space', 'B');
      if (fixture().engine === 'postgres') {
        expect(space).toMatchObject({
          status: 'WARN',
          message: expect.stringMatching(
            /^cannot tell: PostgreSQL does not report free disk space/,
          ),
        });
      } else {
        expect(space.status).toBe('PASS');
        expect(space.message).toMatch(/data needs .* log needs .* tempdb needs/);
      }
    });

    it('checks both sides as possible targets when status gives no direction', async () => {
      const report = await doctor(await labPair(NO_DRIFT));
      expect(report).toMatchObject({
        direction: null,
        directionSource: 'none',
        directionReason: 'status says the sides are in sync',
      });
      expect(failing(report)).toEqual([]);
      for (const side of ['A', 'B'] as const) {
        expect(find(report, 'sessions', side).status).toBe('PASS');
        expect(find(report, 'permissions', side).message).toContain('as a possible target');
      }
    });

    it('fails permissions for a login without INSERT on a table, with the grant', async () => {
      const settings = await labPair();
      const login = await loginWithoutInsert(fixture().engine, settings, 'Agent');
      try {
        const report = await doctor(login.settings);
        const permissions = find(report, 'permissions', 'B');
        expect(permissions.status).toBe('FAIL');
        expect(permissions.message).toMatch(/lacks INSERT on (public|dbo)\.Agent/);
        expect(permissions.fix).toMatch(/GRANT INSERT ON .*Agent/);
        // Reading is all the source needs, and that is granted.
        expect(find(report, 'permissions', 'A').status).toBe('PASS');
      } finally {
        await login.drop();
      }
    });

    it('fails a journal folder it cannot write', async () => {
      const folder = await readOnlyFolder();
      try {
        const report = await doctor(await labPair(), {
          folders: [{ role: 'journal', path: folder.path }],
        });
        expect(find(report, 'journal-folder'), folder.how).toMatchObject({
          status: 'FAIL',
          message: expect.stringContaining('cannot create a file there'),
          fix: expect.stringContaining('--journal-dir'),
        });
        expect(failing(report)).toHaveLength(1);
      } finally {
        await folder.release();
      }
    });

    it('fails different schema versions', async () => {
      const report = await doctor(
        await labPair(STATE_TRANSFER_DRIFT, {
          ...STATE_TRANSFER_DRIFT,
          behindSchema: { major: 77, minor: 3 },
        }),
      );
      expect(find(report, 'schema-version')).toMatchObject({
        status: 'FAIL',
        message: 'schema versions differ: A is 77.4, B is 77.3',
      });
      // Status refuses different schemas, so no direction comes from it.
      expect(report.direction).toBeNull();
    });

    it('fails a target a Logger is still connected to, naming it', async () => {
      const settings = await labPair();
      const logger: ConnectionSettings = { ...settings.b, appName: 'lgr-sideB' };
      await withPair({ a: settings.a, b: logger }, (other) =>
        // Holds a session open on B, as a running Logger would.
        other.b.session(async () => {
          const report = await doctor(settings);
          expect(find(report, 'sessions', 'B')).toMatchObject({
            status: 'FAIL',
            message: expect.stringMatching(/^1 other session on .*: lgr-sideB \(/),
            fix: expect.stringContaining('stop the Logger'),
          });
        }),
      );
    });

    it('fails reachable on a closed port and skips what needs the connection', async () => {
      const settings = await labPair(NO_DRIFT);
      const report = await doctor({
        a: settings.a,
        b: { ...settings.b, port: 1, connectTimeoutMs: 3000 },
      });
      expect(find(report, 'reachable', 'B')).toMatchObject({
        status: 'FAIL',
        message: expect.stringContaining(':1: connection refused'),
      });
      for (const id of ['tls', 'login', 'permissions', 'free-space', 'sessions'] as const)
        expect(find(report, id, 'B').status, id).toBe('SKIP');
      expect(find(report, 'clock').status).toBe('SKIP');
      expect(find(report, 'login', 'A').status).toBe('PASS');
    });
  });
}
