import type { StorageFacts, StorageFile, StorageRole, TableProbe } from '../port/probe.js';
import type { Side } from '../port/types.js';
import type { SyncMode } from '../sync/plan.js';
import { type Check, type CheckStatus, fail, formatBytes, pass, warn, worst } from './check.js';

/** The work a sync would do on the target, estimated from the sizes the servers report. */
export interface WorkEstimate {
  /** Bytes the tables to write take on the source (rows and indexes); null when not reported. */
  readonly sourceBytes: number | null;
  /** Bytes the same tables take on the target now; null when not reported. */
  readonly targetBytes: number | null;
  /** Bytes of one batch of the widest rows: what SQL Server stages in tempdb at a time. */
  readonly batchBytes: number | null;
}

const sum = (probes: readonly TableProbe[]): number | null =>
  probes.every((p) => p.size !== null)
    ? probes.reduce((n, p) => n + (p.size?.bytes ?? 0), 0)
    : null;

/**
 * The size of the work: the source's bytes of the tables to write (`tables`, labels), the target's
 * bytes of them, and a batch of the source's widest average row.
 */
export function estimateWork(
  tables: readonly string[],
  source: readonly TableProbe[],
  target: readonly TableProbe[],
  batchSize: number,
): WorkEstimate {
  const wanted = new Set(tables.map((t) => t.toLowerCase()));
  const pick = (probes: readonly TableProbe[]) =>
    probes.filter((p) => wanted.has(p.table.toLowerCase()));
  const fromSource = pick(source);
  const complete = fromSource.length === wanted.size;
  const widest = fromSource.reduce(
    (w, p) => (p.size && p.size.rows > 0 ? Math.max(w, p.size.bytes / p.size.rows) : w),
    0,
  );
  return {
    sourceBytes: complete ? sum(fromSource) : null,
    targetBytes: sum(pick(target)),
    batchBytes: complete && sum(fromSource) !== null ? Math.ceil(widest * batchSize) : null,
  };
}

/** Bytes each kind of file must take, and whether falling short fails the check or only warns. */
export interface SpaceNeed {
  readonly role: StorageRole;
  readonly bytes: number;
  /** False for upper bounds: falling short then warns. */
  readonly firm: boolean;
  readonly why: string;
}

/**
 * What the sync needs, per kind of file. Replace writes every source row again while the target's
 * rows are deleted batch by batch, and both are logged: the data files need the source's size (the
 * freed pages come back only after the transactions and ghost cleanup), the log the two together
 * (under FULL recovery it keeps them until the next log backup, so this bound only warns). Merge
 * rewrites only differing rows, which doctor does not count: the data files need the net growth
 * (the target ends as big as the source), the log at most the source's size (a bound: it warns).
 * SQL Server stages one batch at a time in tempdb.
 */
export function spaceNeeds(mode: SyncMode, work: WorkEstimate): SpaceNeed[] | null {
  const { sourceBytes: w, targetBytes: t, batchBytes } = work;
  if (w === null || t === null || batchBytes === null) return null;
  const tempdb: SpaceNeed = {
    role: 'tempdb',
    bytes: batchBytes,
    firm: true,
    why: 'one staged batch',
  };
  return mode === 'replace'
    ? [
        { role: 'data', bytes: w, firm: true, why: 'every source row, written again' },
        { role: 'log', bytes: w + t, firm: false, why: 'deleted and written rows, logged' },
        tempdb,
      ]
    : [
        {
          role: 'data',
          bytes: Math.max(0, w - t),
          firm: true,
          why: 'net growth to the source size',
        },
        { role: 'log', bytes: w, firm: false, why: 'at most every source row, logged' },
        tempdb,
      ];
}

/** Room a kind of file has left: free inside the files, plus growth the volumes can hold. */
export interface Room {
  readonly inFiles: number;
  readonly growth: number;
  /** Some file could grow but its volume's free space is not visible. */
  readonly growthUnknown: boolean;
  /** The volume(s) its growth would land on. */
  readonly volumes: readonly string[];
}

const UNKNOWN_VOLUME = '(unknown volume)';

/** The room the files of one role have: a volume's free space counts once, however many files grow on it. */
export function roomOf(files: readonly StorageFile[]): Room {
  let inFiles = 0;
  let growthUnknown = false;
  const byVolume = new Map<string, { cap: number; free: number | null }>();
  for (const f of files) {
    inFiles += Math.max(0, f.sizeBytes - f.usedBytes);
    const cap =
      f.maxBytes === null ? Number.POSITIVE_INFINITY : Math.max(0, f.maxBytes - f.sizeBytes);
    if (cap === 0) continue;
    const volume = f.volume ?? UNKNOWN_VOLUME;
    const entry = byVolume.get(volume) ?? { cap: 0, free: f.volumeFreeBytes };
    entry.cap += cap;
    if (f.volumeFreeBytes !== null)
      entry.free = Math.min(entry.free ?? f.volumeFreeBytes, f.volumeFreeBytes);
    byVolume.set(volume, entry);
  }
  let growth = 0;
  for (const { cap, free } of byVolume.values()) {
    if (free === null) growthUnknown = true;
    else growth += Math.min(cap, free);
  }
  return { inFiles, growth, growthUnknown, volumes: [...byVolume.keys()] };
}

/** What doctor knows about the target's room and the work. */
export interface SpaceFacts {
  readonly side: Side;
  readonly mode: SyncMode;
  readonly storage: StorageFacts;
  readonly work: WorkEstimate;
}

/**
 * Whether the target's data and log files (and SQL Server's tempdb) can take the sync's writes,
 * counting autogrowth up to each file's limit and its volume's free space. A shortfall of a firm
 * need fails; of an upper bound, or where the free space cannot be seen, it warns.
 */
export function checkFreeSpace(facts: SpaceFacts): Check {
  const { side, storage, work } = facts;
  const needs = spaceNeeds(facts.mode, work);
  const writes =
    work.sourceBytes === null ? 'an unknown amount' : `about ${formatBytes(work.sourceBytes)}`;
  if (storage.unknown !== null || storage.files.length === 0) {
    const where = storage.location
      ? `the filesystem holding ${storage.location}`
      : "the filesystem of the server's data directory (SHOW data_directory)";
    const need = needs
      ? Math.max(...needs.filter((n) => n.role !== 'tempdb').map((n) => n.bytes))
      : null;
    return warn(
      'free-space',
      side,
      `cannot tell: ${storage.unknown ?? 'the server reported no files'}; the sync writes ${writes}`,
      `on the server, check that ${where} has ${need === null ? 'room for the tables' : `more than ${formatBytes(need)}`} free (df -h)`,
    );
  }
  if (needs === null) {
    return warn(
      'free-space',
      side,
      'cannot estimate the work: the source or target login may not read table sizes',
      'grant VIEW DATABASE STATE on both databases to the login, or compare sizes by hand',
    );
  }
  const parts: string[] = [];
  const statuses: CheckStatus[] = [];
  const shortfalls = new Map<string, { bytes: number; firm: boolean; roles: string[] }>();
  let fix: string | null = null;
  for (const need of needs) {
    const files = storage.files.filter((f) => f.role === need.role);
    if (files.length === 0) continue;
    const room = roomOf(files);
    const available = room.inFiles + room.growth;
    const short = need.bytes > available;
    const unseen = room.growthUnknown ? ' (plus growth on drives it may not see)' : '';
    parts.push(
      `${need.role} needs ${formatBytes(need.bytes)} (${need.why}), has ${formatBytes(available)}${unseen}`,
    );
    const status: CheckStatus = !short
      ? 'PASS'
      : need.firm && !room.growthUnknown
        ? 'FAIL'
        : 'WARN';
    statuses.push(status);
    if (short && fix === null) {
      fix = room.growthUnknown
        ? 'grant VIEW SERVER STATE so doctor can see drive free space, or check the drives by hand'
        : `free ${formatBytes(need.bytes - available)} for the ${need.role} files (grow them, raise their MAXSIZE, or free their drive)`;
    }
    // Growth the files of several roles would take from one volume must fit it together.
    const shortfall = Math.max(0, need.bytes - room.inFiles);
    const [volume] = room.volumes;
    if (
      shortfall > 0 &&
      room.volumes.length === 1 &&
      volume !== undefined &&
      volume !== UNKNOWN_VOLUME
    ) {
      const entry = shortfalls.get(volume) ?? { bytes: 0, firm: false, roles: [] };
      entry.bytes += shortfall;
      entry.firm ||= need.firm;
      entry.roles.push(need.role);
      shortfalls.set(volume, entry);
    }
  }
  for (const [volume, entry] of shortfalls) {
    if (entry.roles.length < 2) continue;
    const free = Math.min(
      ...storage.files
        .filter((f) => f.volume === volume && f.volumeFreeBytes !== null)
        .map((f) => f.volumeFreeBytes as number),
    );
    if (entry.bytes > free) {
      parts.push(
        `${entry.roles.join(' and ')} together need ${formatBytes(entry.bytes)} more on ${volume}, which has ${formatBytes(free)} free`,
      );
      statuses.push(entry.firm ? 'FAIL' : 'WARN');
      fix ??= `free ${formatBytes(entry.bytes - free)} on ${volume}`;
    }
  }
  const status = worst(statuses);
  const head = `${facts.mode} writes ${writes}`;
  const message = `${head}: ${parts.join('; ')}`;
  if (status === 'FAIL') return fail('free-space', side, message, fix);
  if (status === 'WARN') return warn('free-space', side, message, fix);
  return pass('free-space', side, message);
}
