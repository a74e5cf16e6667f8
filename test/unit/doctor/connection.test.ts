import { describe, expect, it } from 'vitest';
import { connectErrors } from '../../../src/db/adapter-errors.js';
import {
  type ConnectionFacts,
  connectionChecks,
  openStage,
  splitFix,
} from '../../../src/doctor/connection.js';
import { IcmsyncError } from '../../../src/port/errors.js';
import { testSettings } from '../../support/settings.js';

const settings = testSettings({ server: 'loggerb', database: 'ucce_sideB' });

const facts = (over: Partial<ConnectionFacts> = {}): ConnectionFacts => ({
  side: 'B',
  server: 'loggerb,1433',
  database: 'ucce_sideB',
  user: 'icmsync',
  encrypt: true,
  trustServerCertificate: false,
  tcp: { kind: 'answered', address: 'loggerb:1433', ms: 3 },
  openError: null,
  session: { user: 'icmsync', encrypted: true, encryption: 'TLSv1.3 TLS_AES_256_GCM_SHA384' },
  ...over,
});

const statuses = (over: Partial<ConnectionFacts>) =>
  connectionChecks(facts(over)).map((c) => [c.id, c.status]);

describe('openStage', () => {
  it('sorts every connection failure the adapters word into reach, TLS or login', () => {
    expect(openStage(connectErrors.unreachable('B', settings, 'refused', null))).toBe('reach');
    expect(openStage(connectErrors.timedOut('B', settings, null))).toBe('reach');
    expect(openStage(connectErrors.loginFailed('B', settings, null))).toBe('login');
    expect(openStage(connectErrors.databaseMissing('B', settings, null))).toBe('login');
    expect(openStage(connectErrors.tlsFailed('B', settings, 'self-signed', null))).toBe('tls');
    expect(openStage(connectErrors.tlsRequired('B', settings, null))).toBe('tls');
    expect(openStage(connectErrors.tlsUnavailable('B', settings, null))).toBe('tls');
    expect(openStage(new IcmsyncError('no password', 'CONFIG', { side: 'B' }))).toBe('login');
    expect(openStage(new Error('odd'))).toBe('login');
  });
});

describe('splitFix', () => {
  it('splits the parenthesised fix off an icmsync message, without the side prefix', () => {
    expect(splitFix(connectErrors.loginFailed('B', settings, null), 'B')).toEqual({
      message: 'login failed for icmsync on loggerb,1433',
      fix: 'check the user, and ICMSYNC_B_PASSWORD',
    });
    expect(splitFix(new Error('plain words'), 'B')).toEqual({ message: 'plain words', fix: null });
  });
});

describe('connectionChecks', () => {
  it('passes an encrypted, verified connection and names the protocol', () => {
    const checks = connectionChecks(facts());
    expect(checks.map((c) => c.status)).toEqual(['PASS', 'PASS', 'PASS']);
    expect(checks[0]?.message).toBe('loggerb:1433 answered in 3 ms');
    expect(checks[1]?.message).toBe(
      "encrypted (TLSv1.3 TLS_AES_256_GCM_SHA384); the server's certificate is verified",
    );
    expect(checks[2]?.message).toBe('logged in to ucce_sideB as icmsync');
  });

  it('fails reachable when nothing answers, and skips the rest with the reason', () => {
    const checks = connectionChecks(
      facts({ tcp: { kind: 'failed', address: 'loggerb:1433', detail: 'connection refused' } }),
    );
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['reachable', 'FAIL'],
      ['tls', 'SKIP'],
      ['login', 'SKIP'],
    ]);
    expect(checks[0]).toMatchObject({
      message: 'loggerb:1433: connection refused',
      fix: expect.stringContaining('firewall'),
    });
    expect(checks[1]?.message).toBe('loggerb,1433 cannot be reached');
  });

  it('fails reachable on a timeout the driver reports after the port answered', () => {
    expect(
      statuses({ openError: connectErrors.timedOut('B', settings, null), session: null }),
    ).toEqual([
      ['reachable', 'FAIL'],
      ['tls', 'SKIP'],
      ['login', 'SKIP'],
    ]);
  });

  it('warns when encrypt is off, whatever the rest', () => {
    const [, tls] = connectionChecks(facts({ encrypt: false, session: null }));
    expect(tls).toMatchObject({
      status: 'WARN',
      message: 'encrypt is off: the login and every row cross the network in clear text',
      fix: expect.stringContaining('ICMSYNC_B_ENCRYPT=true'),
    });
  });

  it('warns when the certificate is trusted blindly', () => {
    const [, tls] = connectionChecks(facts({ trustServerCertificate: true }));
    expect(tls?.status).toBe('WARN');
    expect(tls?.message).toContain('not verified (trustServerCertificate is on)');
  });

  it('fails TLS with the adapter words when the handshake fails, and skips the login', () => {
    const error = connectErrors.tlsFailed('B', settings, 'self-signed certificate', null);
    const checks = connectionChecks(facts({ openError: error, session: null }));
    expect(checks.map((c) => c.status)).toEqual(['PASS', 'FAIL', 'SKIP']);
    expect(checks[1]).toMatchObject({
      message: 'TLS to loggerb,1433 failed: self-signed certificate',
      fix: "install the server's CA, or set trustServerCertificate for a self-signed lab server",
    });
  });

  it('fails the login with its fix, and cannot vouch for TLS then', () => {
    const error = connectErrors.loginFailed('B', settings, null);
    const checks = connectionChecks(facts({ openError: error, session: null }));
    expect(checks.map((c) => c.status)).toEqual(['PASS', 'SKIP', 'FAIL']);
    expect(checks[2]?.fix).toBe('check the user, and ICMSYNC_B_PASSWORD');
  });

  it('fails TLS when the server says the connection is in clear text though encrypt is on', () => {
    expect(statuses({ session: { user: 'x', encrypted: false, encryption: null } })[1]).toEqual([
      'tls',
      'FAIL',
    ]);
  });

  it('passes a named instance it could not probe by port once the driver connected', () => {
    const [reachable] = connectionChecks(
      facts({ server: 'loggerb\\ICM', tcp: { kind: 'not-probed', reason: 'named instance ICM' } }),
    );
    expect(reachable).toMatchObject({
      status: 'PASS',
      message: 'loggerb\\ICM answered (named instance ICM)',
    });
  });
});
