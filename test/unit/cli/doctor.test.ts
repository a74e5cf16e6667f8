import { describe, expect, it } from 'vitest';
import {
  doctorDocument,
  doctorExitCode,
  flagDirection,
  renderDoctor,
} from '../../../src/cli/commands/doctor.js';
import { makeStyle } from '../../../src/cli/style.js';
import { fail, pass, skip, warn } from '../../../src/doctor/check.js';
import type { DoctorReport } from '../../../src/doctor/doctor.js';

const report: DoctorReport = {
  direction: { from: 'A', to: 'B' },
  directionSource: 'status',
  directionReason: "A's LastUpdateKey 310466685004 is ahead of B's 309975091099",
  mode: 'merge',
  sides: {
    a: { server: 'lgra,1433', database: 'ucce_sideA', engine: 'mssql' },
    b: { server: 'lgrb,1433', database: 'ucce_sideB', engine: 'mssql' },
  },
  checks: [
    pass('reachable', 'A', 'lgra:1433 answered in 1 ms'),
    pass('reachable', 'B', 'lgrb:1433 answered in 2 ms'),
    fail(
      'sessions',
      'B',
      '1 other session on ucce_sideB: lgr-sideB (sa@LGRB, session 61)',
      'stop the Logger',
    ),
    warn('clock', null, "the servers' clocks differ by 7.0 s", 'synchronise both servers'),
    skip('temp-folder', null, 'not asked'),
  ],
};

describe('flagDirection', () => {
  it('takes one flag as enough, and none as "ask status"', () => {
    expect(flagDirection({ to: 'A' })).toEqual({ from: 'B', to: 'A' });
    expect(flagDirection({ from: 'A' })).toEqual({ from: 'A', to: 'B' });
    expect(flagDirection({})).toBeUndefined();
    expect(() => flagDirection({ from: 'A', to: 'A' })).toThrow('must name different sides');
  });
});

describe('the doctor report', () => {
  it('exits 4 when a check fails and 0 otherwise, warnings included', () => {
    expect(doctorExitCode(report)).toBe(4);
    expect(doctorExitCode({ checks: report.checks.filter((c) => c.status !== 'FAIL') })).toBe(0);
  });

  it('is one versioned JSON document with every check', () => {
    const doc = doctorDocument(report, 4);
    expect(doc).toMatchObject({
      kind: 'icmsync.doctor',
      version: 1,
      direction: { from: 'A', to: 'B' },
      directionSource: 'status',
      mode: 'merge',
      sides: { A: { database: 'ucce_sideA' }, B: { database: 'ucce_sideB' } },
      summary: { PASS: 2, WARN: 1, FAIL: 1, SKIP: 1 },
      exitCode: 4,
    });
    expect(doc.checks[2]).toEqual({
      id: 'sessions',
      side: 'B',
      status: 'FAIL',
      message: '1 other session on ucce_sideB: lgr-sideB (sa@LGRB, session 61)',
      fix: 'stop the Logger',
    });
  });

  it('reads aligned per side, each fix under its finding', () => {
    expect(renderDoctor(report, makeStyle(false))).toBe(
      `icmsync doctor · merge from side A to side B, as status says: side B is written
  A's LastUpdateKey 310466685004 is ahead of B's 309975091099

Side A  lgra,1433 ucce_sideA (source)
  PASS  reachable    lgra:1433 answered in 1 ms

Side B  lgrb,1433 ucce_sideB (target)
  PASS  reachable    lgrb:1433 answered in 2 ms
  FAIL  sessions     1 other session on ucce_sideB: lgr-sideB (sa@LGRB, session 61)
                     fix: stop the Logger

Both sides and this machine
  WARN  clock        the servers' clocks differ by 7.0 s
                     fix: synchronise both servers
  SKIP  temp-folder  not asked

1 FAIL: fix them before the sync (2 PASS, 1 WARN, 1 FAIL, 1 SKIP)
`,
    );
  });

  it('says when no direction was given and both sides were checked as targets', () => {
    const text = renderDoctor(
      {
        ...report,
        direction: null,
        directionSource: 'none',
        directionReason: 'status says the sides are in sync',
        checks: [],
      },
      makeStyle(false),
    );
    expect(text.split('\n')[0]).toBe(
      'icmsync doctor · merge, no direction given (status says the sides are in sync): both sides checked as possible targets',
    );
  });
});
