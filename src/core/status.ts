import pLimit from 'p-limit';
import type { Database, DatabaseInfo, SegmentChecksum, TableShape } from '../db/database.js';
import { addChecksums, sameChecksum } from './checksums.js';
import { type ConfigChecksum, foldConfigChecksum } from './config-checksum.js';
import { IcmsyncError } from './errors.js';
import type { GrowingTable, Profile, ProfiledSide, ProfileName, SchemaVersion } from './profile.js';
import { compareShapes } from './shape.js';
import { keyColumns, tableLabel } from './table-key.js';
import { bothSides, otherSide, type Pair, pick, type Side } from './types.js';
import { decideVerdict, type GrowthStats, type TableState, type Verdict } from './verdict.js';

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

/** One compared table, both sides. */
export interface TableComparison {
  readonly table: string;
  readonly state: TableState;
  readonly checksums: Pair<SegmentChecksum | null>;
  /** Why a table is `shape-differs`; null otherwise. */
  readonly detail: string | null;
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
}

interface Matched<T> {
  readonly name: string;
  readonly a: T | undefined;
  readonly b: T | undefined;
}

/** Pairs the two sides' tables by name, case-insensitively, in name order. */
function matchByName<T>(
  a: readonly T[],
  b: readonly T[],
  tableOf: (t: T) => TableShape,
): Matched<T>[] {
  const byKey = new Map<string, { name: string; a?: T; b?: T }>();
  for (const [side, list] of [
    ['a', a],
    ['b', b],
  ] as const) {
    for (const item of list) {
      const name = tableLabel(tableOf(item));
      const key = name.toLowerCase();
      const entry = byKey.get(key) ?? { name };
      entry[side] = item;
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()]
    .sort((x, y) => x.name.localeCompare(y.name))
    .map((m) => ({ name: m.name, a: m.a, b: m.b }));
}

function refuseMismatchedVersions(versions: Pair<SchemaVersion | null>): void {
  const { a, b } = versions;
  if (a && b && (a.major !== b.major || a.minor !== b.minor)) {
    throw new IcmsyncError(
      `schema versions differ: A is ${a.major}.${a.minor}, B is ${b.major}.${b.minor} (upgrade the older side first; icmsync compares only equal schemas)`,
      'REFUSED',
    );
  }
}

/**
 * Where to cut the update log's checksum on the side ahead: at the other side's LastUpdateKey, so
 * that the part below it is compared with the whole log of the side behind, at no extra scan.
 */
interface LogSplit {
  readonly side: Side;
  readonly upTo: number;
}

function splitFor(keys: Pair<number | null>): LogSplit | null {
  if (keys.a === null || keys.b === null || keys.a === keys.b) return null;
  return { side: keys.a > keys.b ? 'A' : 'B', upTo: Math.min(keys.a, keys.b) };
}

/** A compared table and, for a split update log, the ahead side's part up to the split. */
interface Compared extends TableComparison {
  readonly prefix: SegmentChecksum | null;
}

async function checksumSide(db: Database, table: TableShape, upTo: number | undefined) {
  if (upTo === undefined) return { whole: await db.checksum(table), prefix: null };
  const [prefix, rest] = await Promise.all([
    db.checksum(table, { upTo: [upTo] }),
    db.checksum(table, { after: [upTo] }),
  ]);
  return { whole: addChecksums(prefix, rest), prefix };
}

async function compareTable(
  pair: Pair<Database>,
  match: Matched<TableShape>,
  split: LogSplit | null,
): Promise<Compared> {
  const sums = await bothSides(async (side: Side) => {
    const table = pick(match, side);
    const upTo = split?.side === side ? split.upTo : undefined;
    return table ? checksumSide(pick(pair, side), table, upTo) : null;
  });
  const checksums = { a: sums.a?.whole ?? null, b: sums.b?.whole ?? null };
  const base = { table: match.name, checksums, prefix: sums.a?.prefix ?? sums.b?.prefix ?? null };
  if (!match.a) return { ...base, state: 'only-in-B', detail: null };
  if (!match.b) return { ...base, state: 'only-in-A', detail: null };
  const shape = compareShapes(match.a, match.b);
  if (shape.length > 0) return { ...base, state: 'shape-differs', detail: shape.join('; ') };
  return {
    ...base,
    state: sameChecksum(checksums.a, checksums.b) ? 'equal' : 'differs',
    detail: null,
  };
}

const toKey = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

async function readGrowth(db: Database, growing: GrowingTable): Promise<GrowthStats> {
  const stats = await db.columnStats(growing.table, growing.keyColumn);
  return { rows: stats.rows, maxKey: toKey(stats.max) };
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
function logPrefixMatches(
  keys: Pair<number | null>,
  split: LogSplit | null,
  log: Compared | undefined,
): boolean | null {
  if (keys.a === keys.b) return null;
  if (keys.a === null || keys.b === null) return true;
  if (!split || !log?.prefix) return null;
  return sameChecksum(log.prefix, pick(log.checksums, otherSide(split.side)));
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
  const updateKeys = await bothSides(async (side) => {
    const log = pick(profiled, side).updateLog;
    return log ? (await readGrowth(pick(pair, side), log)).maxKey : null;
  });
  const logs = { a: profiled.a.updateLog, b: profiled.b.updateLog };
  const split = splittable(logs.a) && splittable(logs.b) ? splitFor(updateKeys) : null;
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
  };
}
