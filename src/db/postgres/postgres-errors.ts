import { IcmsyncError } from '../../core/errors.js';
import type { Side } from '../../core/types.js';
import { connectErrors, firstLine } from '../connect-errors.js';
import type { ConnectionSettings } from '../database.js';

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
  if (UNREACHABLE.has(code)) return connectErrors.unreachable(side, settings, text, error);
  if (code === 'ETIMEDOUT' || /timeout/i.test(text))
    return connectErrors.timedOut(side, settings, error);
  if (/does not support SSL/i.test(text))
    return connectErrors.tlsUnavailable(side, settings, error);
  if (CERTIFICATE_CODES.has(code)) return connectErrors.tlsFailed(side, settings, text, error);
  return new IcmsyncError(`cannot connect: ${text}`, 'CONNECT', { side, cause: error });
}

/** Explains a failed statement: what icmsync was doing, the server's words and its SQLSTATE. */
export function queryError(side: Side, what: string, error: unknown): IcmsyncError {
  if (error instanceof IcmsyncError) return error;
  const code = codeOf(error);
  const state = /^[0-9A-Z]{5}$/.test(code) ? ` (SQLSTATE ${code})` : '';
  return new IcmsyncError(`${what} failed: ${firstLine(error)}${state}`, 'QUERY', {
    side,
    cause: error,
  });
}
