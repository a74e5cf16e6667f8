import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_WARN_MS, checkClock, clockOffset } from '../../../src/doctor/clock.js';
import { checkSessions, type SessionFacts } from '../../../src/doctor/sessions.js';
import { IcmsyncError } from '../../../src/port/errors.js';

describe('checkSessions', () => {
  const facts = (over: Partial<SessionFacts> = {}): SessionFacts => ({
    side: 'B',
    engine: 'mssql',
    database: 'ucce_sideB',
    login: 'icmsync',
    seesAllSessions: true,
    sessions: [],
    ownPrograms: ['icmsync'],
    ...over,
  });

  it('passes a target nobody else is connected to, icmsync itself aside', () => {
    const own = { id: '55', login: 'icmsync', host: 'dba-pc', program: 'icmsync' };
    expect(checkSessions(facts({ sessions: [own] }))).toMatchObject({
      status: 'PASS',
      message: 'no other program is connected to ucce_sideB',
    });
  });

  it('fails with the list when the Logger is still connected', () => {
    const logger = { id: '61', login: 'NT AUTHORITY\\SYSTEM', host: 'LGRB', program: 'lgr-sideB' };
    expect(checkSessions(facts({ sessions: [logger] }))).toMatchObject({
      status: 'FAIL',
      message: '1 other session on ucce_sideB: lgr-sideB (NT AUTHORITY\\SYSTEM@LGRB, session 61)',
      fix: 'stop the Logger (and every other program) on side B before the sync, then run doctor again',
    });
  });

  it('fails when the login sees only its own sessions, with the grant', () => {
    expect(checkSessions(facts({ seesAllSessions: false }))).toMatchObject({
      status: 'FAIL',
      fix: 'as an administrator: GRANT VIEW SERVER STATE TO [icmsync]',
    });
    expect(checkSessions(facts({ seesAllSessions: false, engine: 'postgres' })).fix).toBe(
      'as an administrator: GRANT pg_read_all_stats TO "icmsync"',
    );
  });

  it('fails with the error when the sessions cannot be listed', () => {
    const error = new IcmsyncError('listing sessions failed: boom (error 297)', 'QUERY', {
      side: 'B',
    });
    expect(checkSessions(facts({ sessions: { error } }))).toMatchObject({
      status: 'FAIL',
      message: 'listing sessions failed: boom',
      fix: 'error 297',
    });
  });
});

describe('checkClock', () => {
  const at = (serverMs: number, sentMs = 1_000_000, receivedMs = sentMs + 10) => ({
    serverMs,
    sentMs,
    receivedMs,
  });

  it('corrects each reading by half its round trip', () => {
    expect(clockOffset(at(1_000_105))).toEqual({ offsetMs: 100, uncertaintyMs: 5 });
  });

  it('passes clocks within the threshold', () => {
    expect(checkClock({ a: at(1_000_005), b: at(1_000_305) })).toMatchObject({
      status: 'PASS',
      message: "the servers' clocks agree within 300 ms (±10 ms)",
    });
  });

  it('warns past the threshold, naming the side ahead', () => {
    const check = checkClock({ a: at(1_000_005 + CLOCK_SKEW_WARN_MS + 2000), b: at(1_000_005) });
    expect(check).toMatchObject({
      status: 'WARN',
      message: "the servers' clocks differ by 7.0 s (±10 ms): A is ahead",
      fix: 'synchronise both servers with the same NTP source',
    });
  });

  it('does not warn when the round trips could explain the difference', () => {
    const slow = at(1_000_000 + CLOCK_SKEW_WARN_MS + 500, 1_000_000, 1_002_000);
    expect(checkClock({ a: slow, b: at(1_000_005) }).status).toBe('PASS');
  });

  it('skips without both readings, and warns on a clock it cannot read', () => {
    expect(checkClock({ a: at(1), b: null }).status).toBe('SKIP');
    expect(checkClock({ a: at(Number.NaN), b: at(1) }).status).toBe('WARN');
  });
});
