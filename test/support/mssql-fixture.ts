import { mssqlEngine } from '../../src/db/mssql/database.js';
import { firstLine } from '../../src/port/errors.js';
import { Secret } from '../../src/port/secret.js';
import type { ConnectionSettings } from '../../src/port/settings.js';
import { adminPair, decimalKeyed, type PairFixture, parentChild } from './fixtures.js';
import { testSettings } from './settings.js';

/** The image the suite starts when it has a container runtime (the one testcontainers' own module tests use). */
export const MSSQL_IMAGE =
  process.env.ICMSYNC_TEST_MSSQL_IMAGE ?? 'mcr.microsoft.com/mssql/server:2022-CU13-ubuntu-22.04';
const CONTAINER_PASSWORD = 'Icmsync-Test-2026!';

/** Where the SQL Server suite runs: a server named by ICMSYNC_TEST_MSSQL_*, a container, or nowhere (and why). */
export type MssqlTarget =
  | {
      readonly kind: 'server';
      readonly host: string;
      readonly port: number;
      readonly user: string;
      readonly password: string;
    }
  | { readonly kind: 'container' }
  | { readonly kind: 'none'; readonly reason: string };

/** Decides where the suite can run; fails fast (about 0.4 s) when there is no container runtime. */
export async function findMssqlTarget(): Promise<MssqlTarget> {
  const env = process.env;
  if (env.ICMSYNC_TEST_MSSQL_HOST) {
    return {
      kind: 'server',
      host: env.ICMSYNC_TEST_MSSQL_HOST,
      port: Number(env.ICMSYNC_TEST_MSSQL_PORT ?? 1433),
      user: env.ICMSYNC_TEST_MSSQL_USER ?? 'sa',
      password: env.ICMSYNC_TEST_MSSQL_PASSWORD ?? '',
    };
  }
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return { kind: 'container' };
  } catch (error) {
    return {
      kind: 'none',
      reason: `no container runtime (${firstLine(error)}) and ICMSYNC_TEST_MSSQL_HOST is not set`,
    };
  }
}

/** A SQL Server reachable by the suite: host, port and sa credentials. */
interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** How long a fresh container may refuse logins after "Recovery is complete" (script upgrade mode, error 18401). */
const LOGIN_GRACE_MS = 60_000;

const quote = (name: string) => `[${name.replaceAll(']', ']]')}]`;

/** The SQL Server fixture: two databases per test on one server (a container or a named server). */
export function mssqlFixture(target: MssqlTarget) {
  let endpoint: Endpoint | undefined;
  let stopContainer: (() => Promise<unknown>) | undefined;

  const settings = (
    database: string,
    overrides: Partial<ConnectionSettings> = {},
  ): ConnectionSettings => {
    if (!endpoint) throw new Error('SQL Server fixture not started');
    return testSettings({
      server: endpoint.host,
      port: endpoint.port,
      database,
      user: endpoint.user,
      password: Secret.of(endpoint.password),
      // The container's certificate is self-signed.
      trustServerCertificate: true,
      appName: 'icmsync-test',
      ...overrides,
    });
  };

  /** Retries a login until the server accepts it: the image reports ready a moment before it does. */
  const waitForLogins = async () => {
    const deadline = Date.now() + LOGIN_GRACE_MS;
    for (;;) {
      try {
        await (await mssqlEngine.openAdmin('A', settings('master'))).close();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };

  const fixture: PairFixture & {
    start(): Promise<void>;
    stop(): Promise<void>;
    settings: typeof settings;
    endpoint(): Endpoint;
  } = {
    engine: 'mssql',
    quote,
    ddl: {
      features: (t) => `CREATE TABLE ${quote(t)} (
  id int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  qty int NOT NULL,
  doubled AS (qty * 2),
  note varchar(20) NULL,
  rv rowversion
);
GO
CREATE TRIGGER ${quote(`${t}_trg`)} ON ${quote(t)} AFTER INSERT AS BEGIN SET NOCOUNT ON; END;`,
      values: (t, text) => `CREATE TABLE ${quote(t)} (
  id int NOT NULL PRIMARY KEY,
  ${quote(text)} nvarchar(max) NULL,
  f float NULL,
  b varbinary(max) NULL,
  d datetime NULL
);`,
      instant: (t, literal) => `CREATE TABLE ${quote(t)} (
  id int NOT NULL PRIMARY KEY,
  t datetimeoffset(7) NOT NULL
);
GO
INSERT INTO ${quote(t)} VALUES (1, '${literal}');`,
      caseInsensitiveKey: (t, names) => `CREATE TABLE ${quote(t)} (
  name varchar(20) COLLATE Latin1_General_CI_AS NOT NULL PRIMARY KEY,
  v int NOT NULL
);
GO
INSERT INTO ${quote(t)} VALUES ${names.map((n) => `('${n}', 1)`).join(', ')};`,
      guarded: (t, rows) => `CREATE TABLE ${quote(t)} (
  id int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  qty int NOT NULL
);
GO
SET IDENTITY_INSERT ${quote(t)} ON;
INSERT INTO ${quote(t)} (id, qty) VALUES ${rows.map(([id, qty]) => `(${id}, ${qty})`).join(', ')};
SET IDENTITY_INSERT ${quote(t)} OFF;
GO
CREATE TRIGGER ${quote(`${t}_guard`)} ON ${quote(t)} AFTER INSERT, UPDATE, DELETE AS BEGIN THROW 50000, 'writes to ${t} are refused', 1; END;`,
      tree: (t, rows) => `CREATE TABLE ${quote(t)} (
  id int IDENTITY(1,1) NOT NULL PRIMARY KEY,
  parent int NULL REFERENCES ${quote(t)} (id),
  name nvarchar(40) NOT NULL
);
GO
SET IDENTITY_INSERT ${quote(t)} ON;
${rows.map(([id, parent, name]) => `INSERT INTO ${quote(t)} (id, parent, name) VALUES (${id}, ${parent ?? 'NULL'}, N'${name.replaceAll("'", "''")}');`).join('\n')}
SET IDENTITY_INSERT ${quote(t)} OFF;`,
      exactTypes: (t) => `CREATE TABLE ${quote(t)} (
  id int NOT NULL PRIMARY KEY,
  dec decimal(38,10) NULL,
  ts datetime2(7) NULL,
  tz datetimeoffset(7) NULL,
  g uniqueidentifier NULL,
  flag bit NULL,
  big bigint NULL,
  m money NULL
);
GO
INSERT INTO ${quote(t)} VALUES
  (1, 1234567890123456789012345678.0123456789, '2026-11-24 10:00:00.1234567', '2026-11-24 10:00:00.1234567 +05:30', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 1, 9223372036854775807, 1234567.8912),
  (2, -0.0000000001, '1900-01-01 00:00:00', '1999-12-31 23:59:59.9999999 -08:00', '00000000-0000-0000-0000-000000000001', 0, -9223372036854775808, -0.0001),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`,
      decimalKeyed: (t, keys) => decimalKeyed(quote)(t, keys),
      // One batch: CREATE TABLE and INSERT may share it (no GO needed).
      parentChild: parentChild(quote),
    },
    async terminate(database, program) {
      const admin = await mssqlEngine.open('A', settings('master'));
      try {
        // KILL takes no variable: build one KILL per session and run them.
        await admin.runScript(`DECLARE @kill nvarchar(max) = N'';
SELECT @kill += N'KILL ' + CAST(session_id AS nvarchar(10)) + N';'
FROM sys.dm_exec_sessions
WHERE database_id = DB_ID(N'${database}') AND program_name = N'${program}' AND session_id <> @@SPID;
EXEC (@kill);`);
      } finally {
        await admin.close();
      }
    },
    keepsOffsets: true,
    settings,
    endpoint: () => {
      if (!endpoint) throw new Error('SQL Server fixture not started');
      return endpoint;
    },
    async start() {
      if (target.kind === 'server') {
        endpoint = target;
        return;
      }
      const { MSSQLServerContainer } = await import('@testcontainers/mssqlserver');
      const container = await new MSSQLServerContainer(MSSQL_IMAGE)
        .acceptLicense()
        .withPassword(CONTAINER_PASSWORD)
        .start();
      stopContainer = () => container.stop();
      endpoint = {
        host: container.getHost(),
        port: container.getPort(),
        user: 'sa',
        password: CONTAINER_PASSWORD,
      };
      await waitForLogins();
    },
    async stop() {
      await stopContainer?.();
    },
    freshPair: () => adminPair('mssql', (database) => settings(database)),
  };
  return fixture;
}
