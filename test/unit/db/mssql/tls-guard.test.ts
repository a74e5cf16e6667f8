import { EventEmitter } from 'node:events';
import type { Connection } from 'tedious';
import tedious from 'tedious';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectPool } from '../../../../src/db/mssql/connect.js';
import { TlsGuard } from '../../../../src/db/mssql/tls-guard.js';
import { IcmsyncError } from '../../../../src/port/errors.js';
import { Secret } from '../../../../src/port/secret.js';
import { testSettings } from '../../../support/settings.js';

const settings = testSettings({ server: 'loggera', password: Secret.of('pw'), encrypt: true });
const TLS_REFUSED = /^A: loggera,1433 does not offer TLS \(enable TLS on the server/;

/** A connection as the guard sees it: events, and a close that is only recorded. */
class FakeConnection extends EventEmitter {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

/** Logs a fake connection in, through TLS or not, the way tedious reports it. */
function logIn(guard: TlsGuard, secured: boolean): FakeConnection {
  const connection = new FakeConnection();
  guard.watch(connection);
  if (secured) connection.emit('secure');
  connection.emit('connect');
  return connection;
}

describe('TlsGuard', () => {
  const refusal = new Error('no TLS');
  const required = () => new TlsGuard(() => refusal);

  it('closes and refuses every connection that logged in without TLS, not only the first', () => {
    const guard = required();
    for (let n = 1; n <= 3; n++) {
      const connection = logIn(guard, false);
      expect(() => guard.admit(connection), `connection ${n}`).toThrow(refusal);
      expect(connection.closed, `connection ${n}`).toBe(true);
    }
  });

  it('admits a connection that set up TLS, and leaves it open', () => {
    const guard = required();
    logIn(guard, false);
    const secured = logIn(guard, true);
    expect(guard.admit(secured)).toBe(secured);
    expect(secured.closed).toBe(false);
  });

  it('refuses a connection whose TLS was on a socket it left to follow a routing token', () => {
    const guard = required();
    const connection = new FakeConnection();
    guard.watch(connection);
    connection.emit('secure');
    connection.emit('rerouting');
    connection.emit('connect');
    expect(() => guard.admit(connection)).toThrow(refusal);
  });

  it('checks nothing when TLS is not required', () => {
    const guard = new TlsGuard(null);
    const connection = logIn(guard, false);
    expect(connection.listenerCount('secure')).toBe(0);
    expect(guard.admit(connection)).toBe(connection);
    expect(connection.closed).toBe(false);
  });
});

/** The parts of mssql's pool these tests drive that its type declarations leave out. */
interface PoolInternals {
  acquire(requester: unknown): Promise<unknown>;
  _poolCreate(): Promise<unknown>;
}

/**
 * Replaces tedious' network login: the nth connection mssql opens reports `script[n]` (whether its
 * prelogin set up TLS) and then 'connect'. Returns the connections opened so far.
 */
function serve(script: boolean[]): Connection[] {
  const opened: Connection[] = [];
  vi.spyOn(tedious.Connection.prototype, 'connect').mockImplementation(function (
    this: Connection,
    listener?: (error?: Error) => void,
  ) {
    opened.push(this);
    const secured = script.shift();
    if (listener) this.once('connect', listener);
    setImmediate(() => {
      if (secured) EventEmitter.prototype.emit.call(this, 'secure');
      const error = secured === undefined ? new Error('no connection scripted') : undefined;
      EventEmitter.prototype.emit.call(this, 'connect', error);
    });
  });
  return opened;
}

describe('connectPool over tedious', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('refuses the second and third connection too when they come up without TLS', async () => {
    const opened = serve([true, false, false]);
    const { pool, watch } = await connectPool('A', settings);
    try {
      const internals = pool as unknown as PoolInternals;
      for (const n of [2, 3]) {
        const failure = await internals.acquire(pool).then(
          () => null,
          (error: unknown) => error,
        );
        expect(failure, `connection ${n}`).toBeInstanceOf(IcmsyncError);
        expect((failure as IcmsyncError).message).toMatch(TLS_REFUSED);
        expect(opened[n - 1]?.closed, `connection ${n}`).toBe(true);
      }
      expect(watch.refusal?.message).toMatch(TLS_REFUSED);
    } finally {
      await pool.close();
    }
  });

  it('hands out a later connection that set up TLS', async () => {
    const opened = serve([true, true]);
    const { pool, watch } = await connectPool('A', settings);
    try {
      const connection = await (pool as unknown as PoolInternals)._poolCreate();
      expect(connection).toBe(opened[1]);
      expect(opened[1]?.closed).toBe(false);
      expect(watch.refusal).toBeNull();
    } finally {
      await pool.close();
    }
  });

  it('refuses to open when the first connection comes up without TLS', async () => {
    const opened = serve([false]);
    await expect(connectPool('A', settings)).rejects.toThrow(TLS_REFUSED);
    expect(opened[0]?.closed).toBe(true);
  });

  it('checks nothing when encrypt is off', async () => {
    serve([false, false]);
    const { pool, watch } = await connectPool('A', { ...settings, encrypt: false });
    try {
      await expect((pool as unknown as PoolInternals)._poolCreate()).resolves.toBeDefined();
      expect(watch.refusal).toBeNull();
    } finally {
      await pool.close();
    }
  });
});
