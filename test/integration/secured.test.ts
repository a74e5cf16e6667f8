import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icmsync } from '../support/cli.js';
import { type SecuredPostgres, startSecuredPostgres } from '../support/secured-postgres.js';

// A cluster of the test's own that demands SCRAM passwords and offers TLS with a self-signed
// certificate: the machine's PostgreSQL trusts every local login and has no TLS.
describe('PostgreSQL with passwords and TLS', () => {
  let server: SecuredPostgres;
  let env: Record<string, string>;
  const sides = ['--a-database', 'sec_sideA', '--b-database', 'sec_sideB'];

  beforeAll(async () => {
    server = await startSecuredPostgres();
    env = {
      ICMSYNC_ENGINE: 'postgres',
      ICMSYNC_SERVER: '127.0.0.1',
      ICMSYNC_PORT: String(server.port),
      ICMSYNC_USER: 'postgres',
      ICMSYNC_TRUST_SERVER_CERTIFICATE: 'true',
    };
    const built = await icmsync(['lab', 'create', '--instance', 'sec', '--scale', '0.2'], {
      ...env,
      ICMSYNC_PASSWORD: server.password,
    });
    expect(built, built.stderr).toMatchObject({ code: 0 });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('compares over TLS (on by default) with the password from the environment', async () => {
    const result = await icmsync(['status', ...sides], {
      ...env,
      ICMSYNC_PASSWORD: server.password,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('A AHEAD');
  });

  it('takes each side its own password', async () => {
    const result = await icmsync(['status', ...sides], {
      ...env,
      ICMSYNC_A_PASSWORD: server.password,
      ICMSYNC_B_PASSWORD: 'wrong-password',
    });
    expect(result).toMatchObject({
      code: 3,
      stderr: `icmsync: B: login failed for postgres on 127.0.0.1:${server.port} (check the user, and ICMSYNC_B_PASSWORD)\n`,
    });
    expect(result.stderr).not.toContain(server.password);
  });

  it('explains a missing password when there is no terminal to ask on', async () => {
    const result = await icmsync(['status', ...sides], env);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      `icmsync: A: login failed for postgres on 127.0.0.1:${server.port} (check the user, and ICMSYNC_A_PASSWORD)\n`,
    );
  });

  it('refuses a self-signed certificate unless told to trust it', async () => {
    const result = await icmsync(['status', ...sides, '--trust-server-certificate', 'false'], {
      ...env,
      ICMSYNC_PASSWORD: server.password,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      new RegExp(
        `^icmsync: A: TLS to 127\\.0\\.0\\.1:${server.port} failed: self[- ]signed certificate .*set trustServerCertificate for a self-signed lab server\\)\\n$`,
      ),
    );
  });
});
