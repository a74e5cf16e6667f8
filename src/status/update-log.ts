import type { GrowingTable } from '../icm/profile.js';
import { sameChecksum } from '../port/checksums.js';
import type { SegmentChecksum } from '../port/shapes.js';
import { keyColumns } from '../port/table-key.js';
import { type Key, otherSide, type Pair, pick, type Side } from '../port/types.js';
import type { Growth } from './growth.js';

/**
 * Where to cut the update log's checksum on the side ahead: at the other side's LastUpdateKey, so
 * that the part below it is compared with the whole log of the side behind, at no extra scan.
 */
export interface LogSplit {
  readonly side: Side;
  /** The other side's LastUpdateKey, in exact form. */
  readonly upTo: Key;
}

/**
 * The cut for a pair of update logs: on the side with the higher LastUpdateKey, at the other's key.
 * Null when the keys are equal or absent, or a log cannot be cut by its key.
 */
export function cutUpdateLog(
  keys: Pair<Growth | null>,
  logs: Pair<GrowingTable | null>,
): LogSplit | null {
  if (!splittable(logs.a) || !splittable(logs.b)) return null;
  const a = keys.a?.maxKey ?? null;
  const b = keys.b?.maxKey ?? null;
  if (a === null || b === null || a === b) return null;
  const behind = a > b ? keys.b : keys.a;
  return { side: a > b ? 'A' : 'B', upTo: [behind?.exactMax ?? null] };
}

/** The update log's key column, when it is the table's whole key (so a key range is a key-value range). */
function splittable(log: GrowingTable | null): boolean {
  const key = log ? keyColumns(log.table) : [];
  return key.length === 1 && key[0] === log?.keyColumn;
}

/** The update log's checksums: whole on each side, and the ahead side's part up to the cut. */
export interface LogChecksums {
  readonly checksums: Pair<SegmentChecksum | null>;
  readonly prefix: SegmentChecksum | null;
}

/**
 * Whether the update log of the side with the lower key equals the other side's log up to that
 * key: if it does, the lower side is simply behind; if not, it has changes of its own. Null when
 * the keys are equal, or the log cannot be cut by key.
 */
export function logPrefixMatches(
  keys: Pair<number | null>,
  split: LogSplit | null,
  log: LogChecksums | undefined,
): boolean | null {
  if (keys.a === keys.b) return null;
  if (keys.a === null || keys.b === null) return true;
  if (!split || !log?.prefix) return null;
  return sameChecksum(log.prefix, pick(log.checksums, otherSide(split.side)));
}
