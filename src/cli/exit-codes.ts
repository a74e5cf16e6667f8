import type { ErrorCode } from '../port/errors.js';

/** The exit codes of every command, documented in the README. */
export const EXIT = {
  /** Success; for status, the sides are in sync. */
  ok: 0,
  /** The sides differ. */
  differences: 1,
  /** Usage or configuration error. */
  usage: 2,
  /** Cannot connect or authenticate. */
  connect: 3,
  /** Refused by a safety guard. */
  refused: 4,
  /** The run failed or is incomplete (resumable). */
  failed: 5,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_ERROR: Readonly<Record<ErrorCode, ExitCode>> = {
  USAGE: EXIT.usage,
  CONFIG: EXIT.usage,
  NOT_A_LOGGER: EXIT.usage,
  UNSUPPORTED: EXIT.usage,
  CONNECT: EXIT.connect,
  AUTH: EXIT.connect,
  REFUSED: EXIT.refused,
  QUERY: EXIT.failed,
  INTERRUPTED: EXIT.interrupted,
  INTERNAL: EXIT.failed,
};

/** The exit code for an error code; anything unexpected is a failed run. */
export function exitCodeFor(code: ErrorCode | undefined): ExitCode {
  return code ? BY_ERROR[code] : EXIT.failed;
}
