import type { Side } from './types.js';

/** Every way icmsync can fail; the CLI maps each to one exit code. */
export const ERROR_CODES = [
  /** Flags or arguments that make no sense. */
  'USAGE',
  /** Configuration that is missing, malformed or contradictory. */
  'CONFIG',
  /** The database is reachable but is not what the profile expects (no Version table). */
  'NOT_A_LOGGER',
  /** The server cannot be reached, or the database cannot be opened. */
  'CONNECT',
  /** The server rejected the credentials. */
  'AUTH',
  /** The sides cannot be compared or written safely (schema versions differ, a guard refused). */
  'REFUSED',
  /** A column type or table shape icmsync does not handle. */
  'UNSUPPORTED',
  /** A statement failed on a server. */
  'QUERY',
  /** The user interrupted the run. */
  'INTERRUPTED',
  /** A defect in icmsync itself: the message asks for a report. */
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options for {@link IcmsyncError}. */
export interface IcmsyncErrorOptions {
  /** The side the error belongs to; it prefixes the message. */
  readonly side?: Side;
  /** The error this one explains (driver error, parse error). */
  readonly cause?: unknown;
  /** The server's own error number or SQLSTATE, when a server raised it. */
  readonly serverCode?: string;
  /** Whether running the same work again may succeed (a broken connection, a deadlock, a timeout). */
  readonly retryable?: boolean;
  /** Whether the statement was refused by a foreign key (a row still referred to, or a parent missing). */
  readonly foreignKey?: boolean;
}

/**
 * The one error type of icmsync. Its message is a single line that names the side, the object and
 * the fix: `B: cannot read dbo.Agent: permission denied (grant SELECT on it)`.
 */
export class IcmsyncError extends Error {
  override readonly name = 'IcmsyncError';
  readonly code: ErrorCode;
  readonly side: Side | undefined;
  readonly serverCode: string | undefined;
  readonly retryable: boolean;
  readonly foreignKey: boolean;

  constructor(message: string, code: ErrorCode, options: IcmsyncErrorOptions = {}) {
    super(options.side ? `${options.side}: ${message}` : message, { cause: options.cause });
    this.code = code;
    this.side = options.side;
    this.serverCode = options.serverCode;
    this.retryable = options.retryable ?? false;
    this.foreignKey = options.foreignKey ?? false;
  }
}

/** True when `error` is an {@link IcmsyncError}, optionally with `code`. */
export function isIcmsyncError(error: unknown, code?: ErrorCode): error is IcmsyncError {
  return error instanceof IcmsyncError && (code === undefined || error.code === code);
}

/** The first line of an error's message, for wrapping other errors into one-line messages. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim();
}

/** The error an aborted signal stands for: the user interrupted the run. */
export function interrupted(what = 'interrupted'): IcmsyncError {
  return new IcmsyncError(what, 'INTERRUPTED');
}
