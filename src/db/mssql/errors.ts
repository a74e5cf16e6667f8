import { firstLine, IcmsyncError, interrupted } from '../../port/errors.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';
import { connectErrors } from '../adapter-errors.js';

/** Socket error codes (Node's `net` and `dns`) that mean the host or port cannot be reached. */
const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
};

/** Certificate verification failures, as Node's `tls` reports them (OpenSSL X509 codes). */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Server error numbers of a refused login (18456 login failed, 18452 untrusted domain…). */
const LOGIN_FAILED = new Set([18452, 18456, 18470, 18486, 18487, 18488]);
/** Enough links for mssql → tedious → AggregateError → per-address socket errors. */
const MAX_CHAIN = 16;
/** "Cannot open database requested by the login". */
const DATABASE_UNAVAILABLE = 4060;
/**
 * Server errors after which the same statement may succeed when run again: deadlock victim (1205),
 * lock request timeout (1222), and the transient failures SQL Server documents for Azure SQL and
 * failover (40197, 40501, 40613, 49918, 49919, 49920).
 */
const RETRYABLE = new Set([1205, 1222, 40197, 40501, 40613, 49918, 49919, 49920]);

/**
 * The error and every error it wraps: mssql's `originalError`, standard `cause`s, and the
 * per-address errors of the `AggregateError` tedious throws when no address of a host answers.
 */
function chain(error: unknown): Error[] {
  const links: Error[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && links.length < MAX_CHAIN) {
    const link = pending.shift();
    if (!(link instanceof Error) || links.includes(link)) continue;
    links.push(link);
    const { originalError } = link as { originalError?: unknown };
    pending.push(originalError, link.cause);
    if (link instanceof AggregateError) pending.push(...link.errors);
  }
  return links;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** The first code in the chain that `test` accepts. */
function findCode(error: unknown, test: (code: string) => boolean): string | undefined {
  return chain(error)
    .map(codeOf)
    .find((code) => code !== '' && test(code));
}

/**
 * Explains a failure to connect. tedious reports a refused login as `ELOGIN` with the message of
 * the server's last ERROR token but not its number, and SQL Server sends 4060 ("Cannot open
 * database") followed by 18456 ("Login failed"); so the adapter passes every number it saw in the
 * login's ERROR tokens (`serverErrors`). Without numbers the English message decides.
 */
export function connectError(
  side: Side,
  settings: ConnectionSettings,
  error: unknown,
  serverErrors: readonly number[] = [],
): IcmsyncError {
  if (error instanceof IcmsyncError) return error;
  const text = firstLine(error);
  const code = codeOf(error);
  if (code === 'ELOGIN') {
    if (serverErrors.includes(DATABASE_UNAVAILABLE)) {
      return connectErrors.databaseMissing(side, settings, error);
    }
    if (serverErrors.some((n) => LOGIN_FAILED.has(n))) {
      return connectErrors.loginFailed(side, settings, error);
    }
    if (/^Cannot open database/i.test(text)) {
      return connectErrors.databaseMissing(side, settings, error);
    }
    return connectErrors.loginFailed(side, settings, error);
  }
  if (code === 'ETIMEOUT') return connectErrors.timedOut(side, settings, error);
  if (code === 'EINSTLOOKUP') {
    const detail = `instance ${settings.instanceName ?? ''} not found (is SQL Browser running?)`;
    return connectErrors.unreachable(side, settings, detail, error);
  }
  if (code === 'EENCRYPT') {
    return connectErrors.tlsRequired(side, settings, error);
  }
  const tls = findCode(error, (c) => CERTIFICATE_CODES.has(c) || c.startsWith('ERR_SSL_'));
  if (tls) {
    return connectErrors.tlsFailed(side, settings, `${innermostText(error)} (${tls})`, error);
  }
  const socket = findCode(error, (c) => Object.hasOwn(UNREACHABLE, c));
  if (socket) {
    return connectErrors.unreachable(side, settings, UNREACHABLE[socket] ?? socket, error);
  }
  if (error instanceof TypeError || error instanceof RangeError) {
    return new IcmsyncError(`invalid connection settings: ${text}`, 'CONFIG', {
      side,
      cause: error,
    });
  }
  return new IcmsyncError(`cannot connect: ${text}`, 'CONNECT', { side, cause: error });
}

/** The message of the innermost error, which names the real problem (`self-signed certificate`). */
function innermostText(error: unknown): string {
  const links = chain(error);
  return firstLine(links.at(-1) ?? error);
}

/**
 * Explains a failed statement: `<what> failed: <server message> (error <number>)`. A connection
 * that breaks mid-statement is reported as a connection failure, and a statement cancelled because
 * the run was interrupted as the interruption.
 */
export function queryError(
  side: Side,
  settings: ConnectionSettings,
  what: string,
  error: unknown,
): IcmsyncError {
  if (error instanceof IcmsyncError) return error;
  if (codeOf(error) === 'ECANCEL') return interrupted();
  if (error instanceof Error && error.name === 'ConnectionError') {
    return connectError(side, settings, error);
  }
  // mssql rejects with the last server error and keeps earlier ones; the first names the cause
  // ("Could not create constraint. See previous errors." comes last).
  const preceding = (error as { precedingErrors?: unknown } | null)?.precedingErrors;
  const root = Array.isArray(preceding) && preceding.length > 0 ? preceding[0] : error;
  const number = (root as { number?: unknown } | null)?.number;
  const timedOut = codeOf(error) === 'ETIMEOUT';
  const suffix =
    typeof number === 'number'
      ? ` (error ${number})`
      : timedOut
        ? ` (raise --request-timeout-ms, now ${settings.requestTimeoutMs} ms)`
        : '';
  return new IcmsyncError(`${what} failed: ${firstLine(root)}${suffix}`, 'QUERY', {
    side,
    cause: error,
    ...(typeof number === 'number' ? { serverCode: String(number) } : {}),
    retryable: typeof number === 'number' && RETRYABLE.has(number),
    // 547: the statement conflicted with a FOREIGN KEY (or CHECK) constraint; the text says which.
    foreignKey: number === 547 && /FOREIGN KEY|REFERENCE constraint/i.test(firstLine(root)),
  });
}
