import type { SchemaVersion } from '../icm/profile.js';
import type { Side } from '../port/types.js';

/**
 * How the lab makes the two sides drift, the way a failed state transfer leaves them: the side
 * that was down (`behind`) misses configuration changes, Config_Message_Log entries and
 * historical rows that the running side has.
 */
export interface Drift {
  /** The side whose state transfer failed. @default 'B' */
  readonly behind: Side;
  /** Configuration rows the ahead side has and the behind side lacks. */
  readonly missing: number;
  /** Configuration rows only the behind side still has (deleted on the ahead side since). */
  readonly extra: number;
  /** Configuration rows whose behind-side version is older. */
  readonly changed: number;
  /** Config_Message_Log entries only the ahead side has. */
  readonly logAhead: number;
  /** Rows per historical table only the ahead side has. */
  readonly historyAhead: number;
  /** Config_Message_Log entries only the behind side has: its own changes, which make the pair diverge. */
  readonly diverge: number;
  /** A different schema version for the behind side; null keeps both equal. */
  readonly behindSchema: SchemaVersion | null;
}

/** Two identical databases. */
export const NO_DRIFT: Drift = Object.freeze({
  behind: 'B',
  missing: 0,
  extra: 0,
  changed: 0,
  logAhead: 0,
  historyAhead: 0,
  diverge: 0,
  behindSchema: null,
});

/** The seed case: B's Logger could not receive A's state, and A went on taking changes and calls. */
export const STATE_TRANSFER_DRIFT: Drift = Object.freeze({
  ...NO_DRIFT,
  missing: 3,
  extra: 2,
  changed: 4,
  logAhead: 200,
  historyAhead: 500,
});
