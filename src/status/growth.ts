import type { GrowingTable } from '../icm/profile.js';
import type { TableReader } from '../port/database.js';
import type { ExactValue } from '../port/types.js';
import type { GrowthStats } from './verdict.js';

/** A growing table's figures, with its highest key also in exact form (to cut a range at it). */
export interface Growth extends GrowthStats {
  readonly exactMax: ExactValue;
}

/**
 * Row count and highest key of a growing table (an update log or a historical table). RecoveryKeys
 * are floats (DBFLT8), so a JS number holds the highest one exactly.
 */
export async function readGrowth(db: TableReader, growing: GrowingTable): Promise<Growth> {
  const stats = await db.columnStats(growing.table, growing.keyColumn);
  const max = stats.max;
  return {
    rows: stats.rows,
    maxKey: max === null ? null : Number(typeof max === 'string' ? max : Number.NaN),
    exactMax: max,
  };
}
