import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { connectErrors } from '../../../src/db/adapter-errors.js';
import type { TcpReach } from '../../../src/doctor/connection.js';
import { runDoctor } from '../../../src/doctor/doctor.js';
import { genericProfile } from '../../../src/icm/generic-profile.js';
import type { Database, ServerSession } from '../../../src/port/database.js';
import { IcmsyncError } from '../../../src/port/errors.js';
import type { DatabaseProbe } from '../../../src/port/probe.js';
import type { TableShape } from '../../../src/port/shapes.js';
import type { Side } from '../../../src/port/types.js';
import { testSettings } from '../../support/settings.js';
import { column, table } from '../../support/shapes.js';

const agent = table([column('id')], { name: 'Agent' });
const settings = {
  a: testSettings({ server: 'lgra', database: 'ucce_sideA', encrypt: true }),
  b: testSettings({ server: 'lgrb', database: 'ucce_sideB', encrypt: true }),
};
const answered = async (): Promise<TcpReach> => ({ kind: 'answered', address: 'x:1433', ms: 1 });

const probeOf = (tables: readonly TableShape[]): DatabaseProbe => ({
  user: 'icmsync',
  encrypted: true,
  encryption: null,
  seesAllSessions: true,
  tables: tables.map((t) => ({
    table: `${t.schema}.${t.name}`,
    grants: {
      select: true,
      insert: true,
      update: true,
      delete: true,
      disableTriggers: true,
      keepIdentity: true,
    },
    size: { bytes: 8192, rows: 1 },
  })),
  storage: {
    files: [
      {
        role: 'data',
        name: 'd',
        sizeBytes: 1e9,
        usedBytes: 1e6,
        maxBytes: null,
        volume: 'D:\\',
        volumeFreeBytes: 1e10,
      },
      {
        role: 'log',
        name: 'l',
        sizeBytes: 1e9,
        usedBytes: 1e6,
        maxBytes: null,
        volume: 'L:\\',
        volumeFreeBytes: 1e10,
      },
    ],
    unknown: null,
    location: null,
  },
  clock: { serverMs: 1000, sentMs: 990, receivedMs: 1010 },
});

/** A database that answers what doctor asks; `probe` may fail on purpose. */
function fakeDatabase(
  side: Side,
  options: { sessions?: ServerSession[]; probeFails?: boolean } = {},
): Database & { closed: boolean } {
  const db = {
    side,
    engine: 'mssql' as const,
    closed: false,
    describe: async () => ({
      server: side === 'A' ? 'lgra,1433' : 'lgrb,1433',
      database: `ucce_side${side}`,
      engine: 'mssql' as const,
      engineVersion: 'SQL Server 2022',
      defaultSchema: 'dbo',
    }),
    readCatalog: async () => ({ tables: [agent] }),
    otherSessions: async () => options.sessions ?? [],
    probe: async (tables: readonly TableShape[]) => {
      if (options.probeFails)
        throw new IcmsyncError(
          'reading the grants on the tables failed: boom (error 229)',
          'QUERY',
          {
            side,
          },
        );
      return probeOf(tables);
    },
    close: async () => {
      db.closed = true;
    },
  };
  return db as unknown as Database & { closed: boolean };
}

const base = {
  settings,
  profile: genericProfile,
  mode: 'merge' as const,
  ownPrograms: ['icmsync'],
  folders: [{ role: 'temp' as const, path: tmpdir() }],
  reach: answered,
};

describe('runDoctor', () => {
  it('checks the direction it is given, the target for room and sessions, and closes both sides', async () => {
    const dbs = { A: fakeDatabase('A'), B: fakeDatabase('B') };
    const report = await runDoctor({
      ...base,
      open: async (side) => dbs[side],
      direction: { from: 'B', to: 'A' },
    });
    expect(report).toMatchObject({ direction: { from: 'B', to: 'A' }, directionSource: 'options' });
    expect(report.checks.map((c) => `${c.side ?? '-'} ${c.id} ${c.status}`)).toEqual([
      'A reachable PASS',
      'A tls PASS',
      'A login PASS',
      'A permissions PASS',
      'A free-space PASS',
      'A sessions PASS',
      'B reachable PASS',
      'B tls PASS',
      'B login PASS',
      'B permissions PASS',
      '- schema-version SKIP',
      '- table-shapes PASS',
      '- temp-folder PASS',
      '- clock PASS',
    ]);
    expect(dbs.A.closed && dbs.B.closed).toBe(true);
  });

  it('fails the login of a side it cannot open, and checks the other as a possible target', async () => {
    const a = fakeDatabase('A');
    const report = await runDoctor({
      ...base,
      open: async (side) => {
        if (side === 'B') throw connectErrors.loginFailed('B', settings.b, null);
        return a;
      },
    });
    expect(report.direction).toBeNull();
    expect(report.directionReason).toBe('status needs both sides connected and readable');
    const of = (side: Side | null, id: string) =>
      report.checks.find((c) => c.side === side && c.id === id)?.status;
    expect(of('B', 'login')).toBe('FAIL');
    expect(of('B', 'permissions')).toBe('SKIP');
    expect(of('A', 'permissions')).toBe('PASS');
    expect(of('A', 'free-space')).toBe('SKIP');
    expect(of(null, 'table-shapes')).toBe('SKIP');
    expect(a.closed).toBe(true);
  });

  it('turns a failed probe into a permissions failure instead of an exception', async () => {
    const report = await runDoctor({
      ...base,
      open: async (side) => fakeDatabase(side, { probeFails: side === 'B' }),
      direction: { from: 'A', to: 'B' },
    });
    const b = report.checks.filter((c) => c.side === 'B' && c.status !== 'PASS');
    expect(b.map((c) => [c.id, c.status, c.message])).toEqual([
      [
        'permissions',
        'FAIL',
        'probing side B failed: reading the grants on the tables failed: boom',
      ],
      ['free-space', 'SKIP', 'probing side B failed'],
      ['sessions', 'SKIP', 'probing side B failed'],
    ]);
  });

  it('reports a Logger still connected to the target, and leaves icmsync out', async () => {
    const sessions = [
      { id: '51', login: 'icmsync', host: 'dba', program: 'icmsync' },
      { id: '61', login: 'sa', host: 'LGRB', program: 'lgr-sideB' },
    ];
    const report = await runDoctor({
      ...base,
      open: async (side) => fakeDatabase(side, side === 'B' ? { sessions } : {}),
      direction: { from: 'A', to: 'B' },
    });
    expect(report.checks.find((c) => c.id === 'sessions')).toMatchObject({
      side: 'B',
      status: 'FAIL',
      message: '1 other session on ucce_sideB: lgr-sideB (sa@LGRB, session 61)',
    });
  });
});
