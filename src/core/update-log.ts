import { sameChecksum } from './checksums.js';
import type { Compared } from './compare-table.js';
import type { GrowingTable } from './profile.js';
import { keyColumns } from './table-key.js';
import { otherSide, type Pair, pick, type Side } from './types.js';

/**
 * Where to cut the update log's checksum on the side ahead: at the other side's LastUpdateKey, so
 * that the part below it is compared with the whole log of the side behind, at no extra scan.
 */
export interface LogSplit {
  readonly side: Side;
  readonly upTo: number;
}

/**
 * The cut for a pair of update logs: on the side with the higher LastUpdateKey, at the other's key.
 * Null when the keys are equal or absent, or a log cannot be cut by its key.
 */
export function cutUpdateLog(
  keys: Pair<number | null>,
  logs: Pair<GrowingTable | null>,
): LogSplit | null {
  if (!splittable(logs.a) || !splittable(logs.b)) return null;
  if (keys.a === null || keys.b === null || keys.a === keys.b) return null;
  return { side: keys.a > keys.b ? 'A' : 'B', upTo: Math.min(keys.a, keys.b) };
}

/** The update log's key column, when it is the table's whole key (so a key range is a key-value range). */
function splittable(log: GrowingTable | null): boolean {
  const key = log ? keyColumns(log.table) : [];
  return key.length === 1 && key[0] === log?.keyColumn;
}

/**
 * Whether the update log of the side with the lower key equals the other side's log up to that
 * key: if it does, the lower side is simply behind; if not, it has changes of its own. Null when
 * the keys are equal, or the log cannot be cut by key.
 */
export function logPrefixMatches(
  keys: Pair<number | null>,
  split: LogSplit | null,
  log: Pick<Compared, 'checksums' | 'prefix'> | undefined,
): boolean | null {
  if (keys.a === keys.b) return null;
  if (keys.a === null || keys.b === null) return true;
  if (!split || !log?.prefix) return null;
  return sameChecksum(log.prefix, pick(log.checksums, otherSide(split.side)));
}
