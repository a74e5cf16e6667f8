import { createHash } from 'node:crypto';
import type { SegmentChecksum } from '../port/shapes.js';

/** The four figures a Logger traces after its config checksum, computed icmsync's way. */
export interface ConfigChecksum {
  /** Rows in all compared tables. */
  readonly rows: number;
  /** Bytes of their column values. */
  readonly bytes: number;
  /** A 32-bit fold of every table's count and row-hash sum: equal sides give equal numbers. */
  readonly checksum: number;
  /** The side's LastUpdateKey, or null when the profile has none. */
  readonly updateKey: number | null;
}

/**
 * Folds per-table checksums into one set of figures. The fold is order-free across tables (they are
 * sorted by name) but sensitive to which table a row is in.
 */
export function foldConfigChecksum(
  tables: ReadonlyMap<string, SegmentChecksum>,
  updateKey: number | null,
): ConfigChecksum {
  const hash = createHash('sha256');
  let rows = 0;
  let bytes = 0;
  for (const name of [...tables.keys()].sort()) {
    const table = tables.get(name);
    if (!table) continue;
    rows += table.rows;
    bytes += table.bytes;
    hash.update(`${name}\u0000${table.rows}\u0000${table.digest}\n`);
  }
  return { rows, bytes, checksum: hash.digest().readUInt32BE(0), updateKey };
}
