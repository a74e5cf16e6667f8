import type { Database } from '../db/database.js';
import type { GrowingTable } from './profile.js';
import type { GrowthStats } from './verdict.js';

const toKey = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** Row count and highest key of a growing table (an update log or a historical table). */
export async function readGrowth(db: Database, growing: GrowingTable): Promise<GrowthStats> {
  const stats = await db.columnStats(growing.table, growing.keyColumn);
  return { rows: stats.rows, maxKey: toKey(stats.max) };
}
