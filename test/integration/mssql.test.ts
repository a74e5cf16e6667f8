import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mssqlEngine } from '../../src/db/mssql/database.js';
import { Secret } from '../../src/port/secret.js';
import { icmsync } from '../support/cli.js';
import { findMssqlTarget, mssqlFixture } from '../support/mssql-fixture.js';
import { adapterCases } from './cases/adapter-cases.js';
import { statusCases } from './cases/status-cases.js';

const target = await findMssqlTarget();
const skipped = target.kind === 'none' ? target.reason : null;
if (skipped) console.warn(`SQL Server suite skipped: ${skipped}`);

// Runs against a server named by ICMSYNC_TEST_MSSQL_HOST, or a testcontainers SQL Server 2022 where a
// container runtime exists; elsewhere it is skipped, and says why.
describe.skipIf(skipped !== null)(
  skipped ? `SQL Server (skipped: ${skipped})` : 'SQL Server',
  () => {
    const fixture = mssqlFixture(target);
    beforeAll(() => fixture.start(), 300_000);
    afterAll(() => fixture.stop());

    adapterCases(() => fixture);
    statusCases(() => fixture);

    describe('connection failures', () => {
      const open = (overrides: Parameters<typeof fixture.settings>[1]) =>
        mssqlEngine.open('A', fixture.settings('master', overrides));

      it('explains a wrong password', async () => {
        await expect(open({ password: Secret.of('not-the-password') })).rejects.toMatchObject({
          code: 'AUTH',
          message: expect.stringMatching(
            /^A: login failed for sa on .*,\d+ \(check the user, and ICMSYNC_A_PASSWORD\)$/,
          ),
        });
      });

      it('explains a missing database', async () => {
        await expect(
          mssqlEngine.open('B', fixture.settings('no_such_logger')),
        ).rejects.toMatchObject({
          code: 'CONNECT',
          message: expect.stringContaining('B: database no_such_logger does not exist on'),
        });
      });

      it('explains a self-signed certificate that is not trusted', async () => {
        await expect(open({ trustServerCertificate: false })).rejects.toMatchObject({
          code: 'CONNECT',
          message: expect.stringMatching(
            /^A: TLS to .* failed: .*set trustServerCertificate for a self-signed lab server\)$/,
          ),
        });
      });

      it('explains a closed port', async () => {
        await expect(open({ port: 1, connectTimeoutMs: 3000 })).rejects.toMatchObject({
          code: 'CONNECT',
        });
      });
    });

    it('runs lab create and status from the executable', async () => {
      const { host, port, password } = fixture.endpoint();
      const env = {
        ICMSYNC_ENGINE: 'mssql',
        ICMSYNC_SERVER: host,
        ICMSYNC_PORT: String(port),
        ICMSYNC_USER: 'sa',
        ICMSYNC_PASSWORD: password,
        ICMSYNC_TRUST_SERVER_CERTIFICATE: 'true',
      };
      expect(
        (
          await icmsync(
            ['lab', 'create', '--instance', 'clilab', '--replace', '--scale', '0.2'],
            env,
          )
        ).code,
      ).toBe(0);
      const status = await icmsync(
        ['status', '--a-database', 'clilab_sideA', '--b-database', 'clilab_sideB'],
        env,
      );
      expect(status.code).toBe(1);
      expect(status.stdout).toContain('A AHEAD: sync from A to B');
      expect(status.stdout).toContain('dbo.Config_Message_Log');
      expect((await icmsync(['lab', 'drop', '--yes', '--instance', 'clilab'], env)).code).toBe(0);
    });
  },
);
