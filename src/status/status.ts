import pLimit from 'p-limit';
import type { Profile, ProfiledSide, ProfileName, SchemaVersion } from '../icm/profile.js';
import { type Matched, matchByName } from '../pair/match-tables.js';
import type { Database } from '../port/database.js';
import { IcmsyncError } from '../port/errors.js';
import type { DatabaseInfo, SegmentChecksum, TableShape } from '../port/shapes.js';
import { tableLabel } from '../port/table-key.js';
import { bothSides, type Pair, pick, type Side } from '../port/types.js';
import { compareTable, type TableComparison } from './compare-table.js';
import { type ConfigChecksum, foldConfigChecksum } from './config-checksum.js';
import { readGrowth } from './growth.js';
import { cutUpdateLog, logPrefixMatches } from './update-log.js';
import { decideVerdict, type GrowthStats, type Verdict } from './verdict.js';

export type { TableComparison };

/** Tables checksummed at the same time on each side. */
export const DEFAULT_PARALLEL = 4;

/** Options for {@link readStatus}. */
export interface StatusOptions {
  /** Tables checksummed at once on each side. @default 4 */
  readonly parallel?: number;
  /** Called as work advances, for a spinner or a log. */
  readonly onProgress?: (event: StatusProgress) => void;
}

/** One step of a status run. */
export interface StatusProgress {
  readonly step: string;
  readonly done: number;
  readonly total: number;
}

/** A growing (historical) table's figures on one side. */
export interface GrowthStatus extends GrowthStats {
  readonly table: string;
}

/** What status learned about one side. */
export interface SideStatus {
  readonly info: DatabaseInfo;
  readonly schemaVersion: SchemaVersion | null;
  readonly configChecksum: ConfigChecksum;
  readonly lastUpdateKey: number | null;
  readonly growing: readonly GrowthStatus[];
}

/** A table left out of the comparison. */
export interface NotCompared {
  readonly table: string;
  readonly reason: string;
}

/** Everything `status` reports. */
export interface StatusReport {
  readonly profile: ProfileName;
  readonly sides: Pair<SideStatus>;
  readonly tables: readonly TableComparison[];
  readonly notCompared: readonly NotCompared[];
  readonly verdict: Verdict;
  /** The table whose highest key is the LastUpdateKey (`schema.name`), when the profile has one. */
  readonly updateLog: string | null;
}

export function refuseMismatchedVersions(versions: Pair<SchemaVersion | null>): void {
  const { a, b } = versions;
  if (a && b && (a.major !== b.major || a.minor !== b.minor)) {
    throw new IcmsyncError(
      `schema versions differ: A is ${a.major}.${a.minor}, B is ${b.major}.${b.minor} (upgrade the older side first; icmsync compares only equal schemas)`,
      'REFUSED',
    );
  }
}

/**
 * Reads both sides, compares them table by table on the servers, and draws the verdict. Only
 * checksums, counts and maxima cross the wire.
 */
export async function readStatus(
  pair: Pair<Database>,
  profile: Profile,
  options: StatusOptions = {},
): Promise<StatusReport> {
  const limit = pLimit(options.parallel ?? DEFAULT_PARALLEL);
  const progress = options.onProgress ?? (() => {});
  progress({ step: 'reading catalogs', done: 0, total: 1 });
  const sides = await bothSides(async (side) => {
    const db = pick(pair, side);
    const [info, catalog] = await Promise.all([db.describe(), db.readCatalog()]);
    return { info, profiled: await profile.inspect(db, info, catalog) };
  });
  const profiled: Pair<ProfiledSide> = { a: sides.a.profiled, b: sides.b.profiled };
  refuseMismatchedVersions({ a: profiled.a.schemaVersion, b: profiled.b.schemaVersion });

  const matched = matchByName(profiled.a.compared, profiled.b.compared, (t) => t);
  const growing = matchByName(profiled.a.growing, profiled.b.growing, (g) => g.table);
  const total = matched.length + growing.length;
  let done = 0;
  const step = <T>(label: string, work: () => Promise<T>) =>
    limit(async () => {
      progress({ step: label, done, total });
      const result = await work();
      done += 1;
      return result;
    });

  // LastUpdateKeys first (an index lookup each): they say where to cut the update log's checksum.
  const updateLogs = await bothSides(async (side) => {
    const log = pick(profiled, side).updateLog;
    return log ? readGrowth(pick(pair, side), log) : null;
  });
  const updateKeys = { a: updateLogs.a?.maxKey ?? null, b: updateLogs.b?.maxKey ?? null };
  const logs = { a: profiled.a.updateLog, b: profiled.b.updateLog };
  const split = cutUpdateLog(updateLogs, logs);
  const isLog = (m: Matched<TableShape>) => m.a === logs.a?.table && m.b === logs.b?.table;

  const [tables, growth] = await Promise.all([
    Promise.all(
      matched.map((m) =>
        step(`checksumming ${m.name}`, () => compareTable(pair, m, isLog(m) ? split : null)),
      ),
    ),
    Promise.all(
      growing.map((g) =>
        step(`counting ${g.name}`, async () => ({
          table: g.name,
          stats: await bothSides(async (side) => {
            const table = pick(g, side);
            return table ? readGrowth(pick(pair, side), table) : null;
          }),
        })),
      ),
    ),
  ]);
  const log = tables[matched.findIndex(isLog)];
  const prefix = logPrefixMatches(updateKeys, split, log);
  const hasUpdateLog = logs.a !== null || logs.b !== null;

  const sideStatus = (side: Side): SideStatus => {
    const checksums = new Map<string, SegmentChecksum>();
    for (const t of tables) {
      const sum = pick(t.checksums, side);
      if (sum) checksums.set(t.table.toLowerCase(), sum);
    }
    const updateKey = pick(updateKeys, side);
    return {
      info: pick(sides, side).info,
      schemaVersion: pick(profiled, side).schemaVersion,
      configChecksum: foldConfigChecksum(checksums, updateKey),
      lastUpdateKey: updateKey,
      growing: growth.flatMap((g) => {
        const stats = pick(g.stats, side);
        return stats ? [{ table: g.table, ...stats }] : [];
      }),
    };
  };

  const skipped = matchByName(profiled.a.skipped, profiled.b.skipped, (s) => s.table);
  return {
    profile: profile.name,
    sides: { a: sideStatus('A'), b: sideStatus('B') },
    tables: tables.map(({ prefix: _, ...table }) => table),
    notCompared: skipped.map((s) => ({ table: s.name, reason: (s.a ?? s.b)?.reason ?? '' })),
    verdict: decideVerdict({
      tables,
      updateKeys: hasUpdateLog ? updateKeys : null,
      logPrefixMatches: prefix,
      growing: growth,
    }),
    updateLog: profiled.a.updateLog ? tableLabel(profiled.a.updateLog.table) : null,
  };
}
