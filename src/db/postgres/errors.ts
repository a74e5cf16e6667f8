import { firstLine, IcmsyncError, interrupted } from '../../port/errors.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';
import { connectErrors } from '../adapter-errors.js';

/** Node socket errors that mean the host or port cannot be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNRESET',
]);

/** TLS verification failures reported by Node's `tls` module. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * SQLSTATEs after which the same statement may succeed when run again: a lost connection (class
 * 08), a serialization failure or deadlock (40001, 40P01), and an administrator's cancel or
 * shutdown (57P01 to 57P03).
 */
const RETRYABLE = /^(08...|40001|40P01|57P0[1-3])$/;

/** `foreign_key_violation`. */
const FOREIGN_KEY_VIOLATION = '23503';

/** `query_canceled`: icmsync cancelled the statement because the run was interrupted. */
const QUERY_CANCELED = '57014';

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Explains a failure to connect, in the words every adapter uses. */
export function connectError(
  side: Side,
  settings: ConnectionSettings,
  error: unknown,
): IcmsyncError {
  if (error instanceof IcmsyncError) return error;
  const code = codeOf(error);
  const text = firstLine(error);
  if (
    code === '28P01' ||
    code === '28000' ||
    /password must be a string|no password supplied/i.test(text)
  ) {
    return connectErrors.loginFailed(side, settings, error);
  }
  if (code === '3D000') return connectErrors.databaseMissing(side, settings, error);
  // The first statement ran past statement_timeout: the connection is fine, the limit is not.
  if (code === QUERY_CANCELED)
    return queryError(side, 'asking the server its version', error, settings);
  if (UNREACHABLE.has(code)) return connectErrors.unreachable(side, settings, text, error);
  if (code === 'ETIMEDOUT' || /timeout/i.test(text))
    return connectErrors.timedOut(side, settings, error);
  if (/does not support SSL/i.test(text))
    return connectErrors.tlsUnavailable(side, settings, error);
  if (CERTIFICATE_CODES.has(code)) return connectErrors.tlsFailed(side, settings, text, error);
  return new IcmsyncError(`cannot connect: ${text}`, 'CONNECT', { side, cause: error });
}

/**
 * Explains a failed statement: what icmsync was doing, the server's words and its SQLSTATE. A
 * statement cancelled because the run was interrupted is reported as the interruption.
 */
export function queryError(
  side: Side,
  what: string,
  error: unknown,
  settings?: ConnectionSettings,
): IcmsyncError {
  if (error instanceof IcmsyncError) return error;
  const code = codeOf(error);
  // statement_timeout cancels with the same SQLSTATE as an interrupted run: only its words differ.
  const timeout = /statement timeout/i.test(firstLine(error)) && settings;
  if (code === QUERY_CANCELED && !timeout) return interrupted();
  if (settings && UNREACHABLE.has(code)) return connectError(side, settings, error);
  const sqlState = /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const suffix = timeout
    ? ` (raise --request-timeout-ms, now ${settings.requestTimeoutMs} ms)`
    : sqlState
      ? ` (SQLSTATE ${sqlState})`
      : '';
  return new IcmsyncError(`${what} failed: ${firstLine(error)}${suffix}`, 'QUERY', {
    side,
    cause: error,
    ...(sqlState ? { serverCode: sqlState } : {}),
    retryable: sqlState !== undefined && RETRYABLE.test(sqlState),
    foreignKey: sqlState === FOREIGN_KEY_VIOLATION,
  });
}
