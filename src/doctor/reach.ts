import { Socket } from 'node:net';
import type { ConnectionSettings } from '../port/settings.js';
import type { TcpReach } from './connection.js';

/** The ports the adapters connect to when the settings give none. */
const DEFAULT_PORTS = { mssql: 1433, postgres: 5432 } as const;

/** Socket errors, in words. */
const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (nothing listens on that port)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
};

/**
 * Opens and closes a plain TCP connection to the side's host and port: whether anything answers
 * there, before (and apart from) logging in. A named SQL Server instance without a port is left to
 * the driver, which asks SQL Browser for the port.
 */
export function reachTcp(settings: ConnectionSettings): Promise<TcpReach> {
  if (settings.engine === 'mssql' && settings.instanceName !== undefined && !settings.port) {
    return Promise.resolve({
      kind: 'not-probed',
      reason: `named instance ${settings.instanceName}: its port comes from SQL Browser`,
    });
  }
  const port = settings.port ?? DEFAULT_PORTS[settings.engine];
  const address = `${settings.server}:${port}`;
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (result: TcpReach) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(settings.connectTimeoutMs, () =>
      done({
        kind: 'failed',
        address,
        detail: `no answer within ${settings.connectTimeoutMs} ms`,
      }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({
        kind: 'failed',
        address,
        detail: SOCKET_ERRORS[error.code ?? ''] ?? error.message,
      }),
    );
    socket.connect(port, settings.server, () =>
      done({ kind: 'answered', address, ms: Math.round(performance.now() - started) }),
    );
  });
}
