import type { ConnectionPool } from 'mssql';
import sql from 'mssql';
import type { IcmsyncError } from '../../port/errors.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';
import { connectErrors } from '../adapter-errors.js';
import { connectError } from './errors.js';
import { requireCredentials, toPoolConfig } from './pool-config.js';

/**
 * What the pool's connections showed while logging in: the server error numbers of the last login
 * (tedious drops them from login errors), and the refusal that holds for the whole pool once a
 * connection came up without TLS.
 */
export interface LoginWatch {
  readonly serverErrors: number[];
  refusal: IcmsyncError | null;
}

/** The events icmsync listens to on a tedious connection. */
interface TediousConnection {
  on(event: 'errorMessage', listener: (token: { number: number }) => void): unknown;
  on(event: 'secure', listener: () => void): unknown;
  once(event: 'connect', listener: (error?: Error) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  close(): void;
}

/**
 * Watches every connection the pool opens. tedious 19 carries on in clear text when `encrypt` is
 * true but the server's prelogin says it cannot encrypt, so each connection must prove it set up
 * TLS ('secure') before it logged in; one that did not is closed before any statement is written
 * to it, and the pool refuses all further work with the reason.
 */
function watchLogins(side: Side, settings: ConnectionSettings, watch: LoginWatch) {
  return (connection: TediousConnection) => {
    let secured = false;
    const onError = (token: { number: number }) => {
      watch.serverErrors.push(token.number);
    };
    const onSecure = () => {
      secured = true;
    };
    connection.on('errorMessage', onError);
    connection.on('secure', onSecure);
    // mssql hands the connection out from its own 'connect' listener, which runs first; but the
    // request it was opened for starts only after this synchronous emit has finished.
    connection.once('connect', (error?: Error) => {
      connection.removeListener('errorMessage', onError);
      connection.removeListener('secure', onSecure);
      if (!error && settings.encrypt && !secured) {
        watch.refusal ??= connectErrors.tlsUnavailable(side, settings, undefined);
        connection.close();
      }
    });
  };
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
  const pool = new sql.ConnectionPool({
    ...toPoolConfig(settings, password),
    beforeConnect: watchLogins(side, settings, watch) as unknown as (
      connection: Parameters<NonNullable<sql.config['beforeConnect']>>[0],
    ) => void,
  });
  // Every failure also rejects the request or connect() it belongs to; without a listener, an
  // 'error' event the pool re-emits would crash the process instead.
  pool.on('error', () => undefined);
  try {
    await pool.connect();
  } catch (error) {
    throw connectError(side, settings, error, watch.serverErrors);
  }
  if (watch.refusal) {
    await pool.close();
    throw watch.refusal;
  }
  return { pool, watch };
}
