import type { config as PoolConfig } from 'mssql';
import { IcmsyncError } from '../../port/errors.js';
import { serverLabel } from '../../port/server-label.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';

/** The database an admin connection opens: every server has it, and it can never be dropped. */
export const ADMIN_DATABASE = 'master';

/**
 * The mssql pool configuration for one side. Pure: the password is passed in, revealed by the
 * caller right before connecting.
 */
export function toPoolConfig(settings: ConnectionSettings, password: string): PoolConfig {
  const user = settings.user ?? '';
  const ntlm = settings.domain !== undefined;
  return {
    server: settings.server,
    // tedious refuses a port next to an instance name: the instance's port comes from SQL Browser.
    ...(settings.instanceName === undefined && settings.port !== undefined
      ? { port: settings.port }
      : {}),
    database: settings.database,
    ...(ntlm
      ? {
          authentication: {
            type: 'ntlm' as const,
            options: { userName: user, password, domain: settings.domain ?? '' },
          },
        }
      : { user, password }),
    connectionTimeout: settings.connectTimeoutMs,
    // tedious disables the timer for 0.
    requestTimeout: settings.requestTimeoutMs,
    pool: { max: settings.poolSize, min: 0 },
    // A pooled connection is checked by its state and socket when it is handed out, not with a
    // `SELECT 1` round trip before every statement (mssql's 'socket' mode, in 12.7.14 and later).
    validateConnection: 'socket',
    options: {
      encrypt: settings.encrypt,
      trustServerCertificate: settings.trustServerCertificate,
      ...(settings.instanceName === undefined ? {} : { instanceName: settings.instanceName }),
      appName: settings.appName,
      // Dates are read and written as UTC instants on both sides, whatever the client's zone.
      useUTC: true,
      // SET XACT_ABORT ON: a failed statement rolls its whole transaction back.
      abortTransactionOnError: true,
    },
  };
}

/**
 * The user to log in as. tedious has no Windows integrated authentication, so a SQL login or an
 * NTLM user (with `domain`) and a password are always needed.
 */
export function requireCredentials(side: Side, settings: ConnectionSettings): void {
  if (settings.user === undefined || settings.user === '') {
    throw new IcmsyncError(
      `no user for ${serverLabel(settings)} (set a SQL login, or a Windows user and its domain)`,
      'CONFIG',
      { side },
    );
  }
  if (settings.password === undefined) {
    throw new IcmsyncError(
      `no password for ${settings.user}@${serverLabel(settings)} (set ICMSYNC_${side}_PASSWORD)`,
      'CONFIG',
      { side },
    );
  }
}
