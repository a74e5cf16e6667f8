import { describe, expect, it } from 'vitest';
import { toPoolConfig } from '../../../../src/db/postgres/connect.js';
import { connectError } from '../../../../src/db/postgres/errors.js';
import { testSettings } from '../../../support/settings.js';

const serverError = (code: string, message: string) => Object.assign(new Error(message), { code });
const settings = testSettings({
  engine: 'postgres',
  server: 'lgrb',
  port: 5432,
  requestTimeoutMs: 1,
});

describe('connectError', () => {
  it('reports a first statement past statement_timeout as the timeout it is, not as no answer', () => {
    const error = connectError(
      'B',
      settings,
      serverError('57014', 'canceling statement due to statement timeout'),
    );
    expect(error).toMatchObject({ code: 'QUERY', side: 'B' });
    expect(error.message).toBe(
      'B: asking the server its version failed: canceling statement due to statement timeout (raise --request-timeout-ms, now 1 ms)',
    );
  });

  it('still reports a connection that times out as no answer, naming host and port', () => {
    const error = connectError('A', settings, serverError('ETIMEDOUT', 'connect ETIMEDOUT'));
    expect(error).toMatchObject({ code: 'CONNECT' });
    expect(error.message).toContain('no answer from lgrb:5432');
  });
});

describe('toPoolConfig', () => {
  it('keeps idle connections alive at the TCP level, as tedious does, so a waiting sync session is not dropped', () => {
    expect(toPoolConfig(settings, 'ucce_sideB')).toMatchObject({
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
      application_name: settings.appName,
    });
  });
});
