import sql from 'mssql';
import type { TlsConnection, TlsGuard } from './tls-guard.js';

/**
 * mssql's tedious pool with the method that opens connections, which its type declarations leave
 * out (lib/tedious/connection-pool.js): it resolves with a tedious connection once it has logged in.
 */
type PoolWithCreate = new (
  config: sql.config,
) => sql.ConnectionPool & { _poolCreate(): Promise<TlsConnection> };

const Pool = sql.ConnectionPool as unknown as PoolWithCreate;

/**
 * An mssql pool that uses no connection the guard has not admitted. mssql opens every connection
 * through `_poolCreate`: the probe of `connect()`, and each one its tarn pool creates later; tarn
 * (with mssql's `propagateCreateError`) fails the waiting acquire, and so the request, with the
 * refusal. A refused connection never reaches tarn, so not even its validation runs on it.
 */
export class TlsGuardedPool extends Pool {
  readonly #guard: TlsGuard;

  constructor(config: sql.config, guard: TlsGuard) {
    super({
      ...config,
      beforeConnect: (connection) => {
        guard.watch(connection);
        config.beforeConnect?.(connection);
      },
    });
    this.#guard = guard;
  }

  override async _poolCreate(): Promise<TlsConnection> {
    return this.#guard.admit(await super._poolCreate());
  }
}
