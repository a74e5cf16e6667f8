import { SIDE_DEFAULTS } from '../../src/cli/config.js';
import type { ConnectionSettings } from '../../src/port/settings.js';

/** Connection settings for tests: a SQL Server side A with the documented defaults, then `overrides`. */
export function testSettings(overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return Object.freeze({
    ...SIDE_DEFAULTS,
    server: 'loggera',
    port: 1433,
    instanceName: undefined,
    database: 'ucce_sideA',
    user: 'icmsync',
    password: undefined,
    domain: undefined,
    ...overrides,
  });
}

/** Settings for a side on the test PostgreSQL server (ICMSYNC_TEST_PG_* override the defaults). */
export function postgresSettings(
  database: string,
  overrides: Partial<ConnectionSettings> = {},
): ConnectionSettings {
  const env = process.env;
  return testSettings({
    engine: 'postgres',
    server: env.ICMSYNC_TEST_PG_HOST ?? '127.0.0.1',
    port: Number(env.ICMSYNC_TEST_PG_PORT ?? 5432),
    database,
    user: env.ICMSYNC_TEST_PG_USER ?? 'postgres',
    encrypt: false,
    connectTimeoutMs: 10_000,
    appName: 'icmsync-test',
    ...overrides,
  });
}

/** A database name no other test run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
