import { describe, expect, it } from 'vitest';
import { requireCredentials, toPoolConfig } from '../../../../src/db/mssql/pool-config.js';
import { isIcmsyncError } from '../../../../src/port/errors.js';
import { Secret } from '../../../../src/port/secret.js';
import type { ConnectionSettings } from '../../../../src/port/settings.js';
import { testSettings } from '../../../support/settings.js';

const settings = testSettings({
  server: 'loggera.example.com',
  password: Secret.of('not-used-here'),
});

describe('toPoolConfig', () => {
  it('maps a SQL login on a port', () => {
    expect(toPoolConfig(settings, 'pw')).toEqual({
      server: 'loggera.example.com',
      port: 1433,
      database: 'ucce_sideA',
      user: 'icmsync',
      password: 'pw',
      connectionTimeout: 15000,
      requestTimeout: 0,
      pool: { max: 4, min: 0 },
      validateConnection: 'socket',
      options: {
        encrypt: true,
        trustServerCertificate: false,
        appName: 'icmsync',
        useUTC: true,
        abortTransactionOnError: true,
      },
    });
  });

  it('checks pooled connections by their socket, without a SELECT 1 per statement', () => {
    expect(toPoolConfig(settings, 'pw').validateConnection).toBe('socket');
  });

  it('leaves the port out for a named instance', () => {
    const config = toPoolConfig({ ...settings, port: 1433, instanceName: 'LOGGERA' }, 'pw');
    expect(config).not.toHaveProperty('port');
    expect(config.options?.instanceName).toBe('LOGGERA');
  });

  it('leaves the port out when none is set, so tedious uses 1433', () => {
    expect(toPoolConfig({ ...settings, port: undefined }, 'pw')).not.toHaveProperty('port');
  });

  it('switches to NTLM when a domain is set', () => {
    const config = toPoolConfig({ ...settings, domain: 'CORP', user: 'svc-icm' }, 'pw');
    expect(config.authentication).toEqual({
      type: 'ntlm',
      options: { userName: 'svc-icm', password: 'pw', domain: 'CORP' },
    });
    expect(config).not.toHaveProperty('user');
    expect(config).not.toHaveProperty('password');
  });

  it('carries TLS settings, timeouts, pool size and program name through', () => {
    const config = toPoolConfig(
      {
        ...settings,
        encrypt: false,
        trustServerCertificate: true,
        connectTimeoutMs: 5000,
        requestTimeoutMs: 60000,
        appName: 'icmsync-lab',
        poolSize: 2,
      },
      'pw',
    );
    expect(config.options).toMatchObject({
      encrypt: false,
      trustServerCertificate: true,
      appName: 'icmsync-lab',
    });
    expect(config).toMatchObject({
      connectionTimeout: 5000,
      requestTimeout: 60000,
      pool: { max: 2, min: 0 },
    });
  });
});

describe('requireCredentials', () => {
  function failure(s: ConnectionSettings): Error {
    try {
      requireCredentials('A', s);
    } catch (error) {
      expect(isIcmsyncError(error, 'CONFIG')).toBe(true);
      return error as Error;
    }
    throw new Error('expected a CONFIG error');
  }

  it('names the user, the server and the variable when the password is missing', () => {
    expect(failure({ ...settings, password: undefined }).message).toBe(
      'A: no password for icmsync@loggera.example.com,1433 (set ICMSYNC_A_PASSWORD)',
    );
  });

  it('asks for a user, since tedious has no integrated authentication', () => {
    expect(failure({ ...settings, user: undefined }).message).toMatch(
      /^A: no user for loggera\.example\.com,1433/,
    );
  });

  it('accepts a user with a password', () => {
    expect(() => requireCredentials('B', settings)).not.toThrow();
  });
});
