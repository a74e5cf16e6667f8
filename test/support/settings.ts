import type { ConnectionSettings } from '../../src/db/database.js';

/** Settings for a side on the test PostgreSQL server (ICMSYNC_TEST_PG_* override the defaults). */
export function postgresSettings(
  database: string,
  overrides: Partial<ConnectionSettings> = {},
): ConnectionSettings {
  const env = process.env;
  return Object.freeze({
    engine: 'postgres',
    server: env.ICMSYNC_TEST_PG_HOST ?? '127.0.0.1',
    port: Number(env.ICMSYNC_TEST_PG_PORT ?? 5432),
    instanceName: undefined,
    database,
    user: env.ICMSYNC_TEST_PG_USER ?? 'postgres',
    password: undefined,
    domain: undefined,
    encrypt: false,
    trustServerCertificate: false,
    connectTimeoutMs: 10_000,
    requestTimeoutMs: 0,
    appName: 'icmsync-test',
    poolSize: 4,
    ...overrides,
  });
}

/** A database name no other test run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
