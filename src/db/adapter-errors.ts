import { IcmsyncError } from '../port/errors.js';
import { serverLabel } from '../port/server-label.js';
import type { ConnectionSettings } from '../port/settings.js';
import type { Side } from '../port/types.js';

/**
 * The connection failures both adapters report, worded once so that every engine names the side,
 * the server and the fix the same way. Adapters classify their driver's error, then call one.
 */
export const connectErrors = {
  unreachable(side: Side, settings: ConnectionSettings, detail: string, cause: unknown) {
    return new IcmsyncError(
      `cannot reach ${serverLabel(settings)}: ${detail} (check server, port and firewall)`,
      'CONNECT',
      { side, cause },
    );
  },
  timedOut(side: Side, settings: ConnectionSettings, cause: unknown) {
    return new IcmsyncError(
      `no answer from ${serverLabel(settings)} within ${settings.connectTimeoutMs} ms (check server and port, or raise connectTimeoutMs)`,
      'CONNECT',
      { side, cause },
    );
  },
  loginFailed(side: Side, settings: ConnectionSettings, cause: unknown) {
    const who = settings.domain
      ? `${settings.domain}\\${settings.user ?? ''}`
      : (settings.user ?? '(no user)');
    return new IcmsyncError(
      `login failed for ${who} on ${serverLabel(settings)} (check the user, and ICMSYNC_${side}_PASSWORD)`,
      'AUTH',
      { side, cause },
    );
  },
  databaseMissing(side: Side, settings: ConnectionSettings, cause: unknown) {
    return new IcmsyncError(
      `database ${settings.database} does not exist on ${serverLabel(settings)}, or ${settings.user ?? 'this login'} may not open it (check database)`,
      'CONNECT',
      { side, cause },
    );
  },
  tlsFailed(side: Side, settings: ConnectionSettings, detail: string, cause: unknown) {
    return new IcmsyncError(
      `TLS to ${serverLabel(settings)} failed: ${detail} (install the server's CA, or set trustServerCertificate for a self-signed lab server)`,
      'CONNECT',
      { side, cause },
    );
  },
  tlsRequired(side: Side, settings: ConnectionSettings, cause: unknown) {
    return new IcmsyncError(
      `${serverLabel(settings)} requires TLS but encrypt is false for this side (set encrypt true)`,
      'CONNECT',
      { side, cause },
    );
  },
  tlsUnavailable(side: Side, settings: ConnectionSettings, cause: unknown) {
    return new IcmsyncError(
      `${serverLabel(settings)} does not offer TLS (enable TLS on the server, or set encrypt false for this side)`,
      'CONNECT',
      { side, cause },
    );
  },
} as const;

/** Runs a pure statement builder, giving an error it raised without a side this adapter's side. */
export function onSide<T>(side: Side, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof IcmsyncError && error.side === undefined) {
      throw new IcmsyncError(error.message, error.code, { side, cause: error });
    }
    throw error;
  }
}
