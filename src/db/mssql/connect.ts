import type { ConnectionPool } from 'mssql';
import type { IcmsyncError } from '../../port/errors.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';
import { connectErrors } from '../adapter-errors.js';
import { connectError } from './errors.js';
import { requireCredentials, toPoolConfig } from './pool-config.js';
import { TlsGuard } from './tls-guard.js';
import { TlsGuardedPool } from './tls-guarded-pool.js';

/**
 * What the pool's connections showed while logging in: the server error numbers of the logins
 * (tedious drops them from login errors), and the refusal that holds for the whole pool once a
 * connection came up without TLS.
 */
export interface LoginWatch {
  readonly serverErrors: number[];
  refusal: IcmsyncError | null;
}

/** The events icmsync listens to on a tedious connection while it logs in. */
interface LoginEvents {
  on(event: 'errorMessage', listener: (token: { number: number }) => void): unknown;
  once(event: 'connect', listener: () => void): unknown;
  removeListener(event: 'errorMessage', listener: (token: { number: number }) => void): unknown;
}

/** Collects the server error numbers each login of the pool receives, until it has connected. */
function collectLoginErrors(watch: LoginWatch) {
  return (connection: LoginEvents) => {
    const onError = (token: { number: number }) => {
      watch.serverErrors.push(token.number);
    };
    connection.on('errorMessage', onError);
    connection.once('connect', () => connection.removeListener('errorMessage', onError));
  };
}

/**
 * The guard over the pool's connections: with `encrypt`, each must prove it set up TLS. The first
 * refusal also becomes the pool's, so statements fail with it rather than with "connection closed".
 */
function tlsGuard(side: Side, settings: ConnectionSettings, watch: LoginWatch): TlsGuard {
  if (!settings.encrypt) return new TlsGuard(null);
  return new TlsGuard(() => {
    watch.refusal ??= connectErrors.tlsUnavailable(side, settings, undefined);
    return watch.refusal;
  });
}

/** An open pool and the watch over its logins. */
export interface OpenedPool {
  readonly pool: ConnectionPool;
  readonly watch: LoginWatch;
}

/** Opens one pool for one side, with every failure explained once. */
export async function connectPool(side: Side, settings: ConnectionSettings): Promise<OpenedPool> {
  requireCredentials(side, settings);
  const password = (await settings.password?.reveal()) ?? '';
  const watch: LoginWatch = { serverErrors: [], refusal: null };
  const pool = new TlsGuardedPool(
    { ...toPoolConfig(settings, password), beforeConnect: collectLoginErrors(watch) },
    tlsGuard(side, settings, watch),
  );
  // Every failure also rejects the request or connect() it belongs to; without a listener, an
  // 'error' event the pool re-emits would crash the process instead.
  pool.on('error', () => undefined);
  try {
    await pool.connect();
  } catch (error) {
    throw connectError(side, settings, error, watch.serverErrors);
  }
  return { pool, watch };
}
