import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mssqlEngine } from '../../src/db/mssql/database.js';
import { Secret } from '../../src/port/secret.js';
import { icmsync } from '../support/cli.js';
import { findMssqlTarget, mssqlFixture } from '../support/mssql-fixture.js';
import { column, table } from '../support/shapes.js';
import { adapterCases } from './cases/adapter-cases.js';
import { diffCases } from './cases/diff-cases.js';
import { doctorCases } from './cases/doctor-cases.js';
import { lockoutCases } from './cases/lockout-cases.js';
import { scriptCases } from './cases/script-cases.js';
import { statusCases } from './cases/status-cases.js';
import { syncCases } from './cases/sync-cases.js';

/** Sessions the TLS case holds open at once, so that each runs on a connection of its own. */
const CONCURRENT_SESSIONS = 3;

/** A view of the reading session's own connection: the port reads views as it reads tables. */
const OWN_CONNECTION = table(
  [column('session_id'), column('encrypt_option', 'nvarchar(40)', { kind: 'text', length: 40 })],
  { name: 'own_connection', primaryKey: [] },
);

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
    diffCases(() => fixture);
    syncCases(() => fixture);
    scriptCases(() => fixture);
    doctorCases(() => fixture);
    lockoutCases(() => fixture);

    describe('connection failures', () => {
      const open = (overrides: Parameters<typeof fixture.settings>[1]) =>
        mssqlEngine.open('A', fixture.settings('master', overrides));

      it('explains a wrong password', async () => {
        const { user } = fixture.endpoint();
        await expect(open({ password: Secret.of('not-the-password') })).rejects.toMatchObject({
          code: 'AUTH',
          message: expect.stringMatching(
            new RegExp(
              `^A: login failed for ${user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} on .*,\\d+ \\(check the user, and ICMSYNC_A_PASSWORD\\)$`,
            ),
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

    it('encrypts every connection of the pool, not only the first', async () => {
      const fresh = await fixture.freshPair();
      const db = await mssqlEngine.open('A', {
        ...fresh.settings.a,
        encrypt: true,
        poolSize: CONCURRENT_SESSIONS,
      });
      try {
        await db.runScript(
          `CREATE VIEW dbo.own_connection AS
SELECT session_id, encrypt_option FROM sys.dm_exec_connections WHERE session_id = @@SPID;`,
        );
        let arrived = 0;
        let release = () => {};
        const everyoneRead = new Promise<void>((resolve) => {
          release = resolve;
        });
        const seen = await Promise.all(
          Array.from({ length: CONCURRENT_SESSIONS }, () =>
            db.session(async (session) => {
              const rows = [];
              try {
                for await (const batch of session.readRows(OWN_CONNECTION)) rows.push(...batch);
              } finally {
                arrived += 1;
                if (arrived === CONCURRENT_SESSIONS) release();
              }
              await everyoneRead;
              return rows;
            }),
          ),
        );
        const connections = seen.flat();
        expect(new Set(connections.map(([sessionId]) => sessionId)).size).toBe(CONCURRENT_SESSIONS);
        expect(connections.map(([, encrypted]) => encrypted)).toEqual(
          Array(CONCURRENT_SESSIONS).fill('TRUE'),
        );
      } finally {
        await db.close();
        await fresh.release();
      }
    });

    it('runs lab create and status from the executable', async () => {
      const { host, port, user, password } = fixture.endpoint();
      const env = {
        ICMSYNC_ENGINE: 'mssql',
        ICMSYNC_SERVER: host,
        ICMSYNC_PORT: String(port),
        ICMSYNC_USER: user,
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
