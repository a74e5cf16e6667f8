import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type DiffOptions, readDiff } from '../diff/diff.js';
import type { DiffReport } from '../diff/diff-report.js';
import { ScriptSpool } from '../diff/script-spool.js';
import type { DiffScope } from '../diff/select-tables.js';
import type { DiffTuning } from '../diff/tuning.js';
import type { Profile } from '../icm/profile.js';
import { sameChecksum } from '../port/checksums.js';
import type { Database, WriteCount } from '../port/database.js';
import { IcmsyncError } from '../port/errors.js';
import type { SegmentChecksum, TableShape } from '../port/shapes.js';
import { tableLabel } from '../port/table-key.js';
import { bothSides, type Pair, pick, type Side } from '../port/types.js';
import { readStatus } from '../status/status.js';
import type { Verdict } from '../status/verdict.js';
import {
  applyChanges,
  rangeReplaced,
  removeLeftLockouts,
  restoreLeftTriggers,
  type TableResult,
} from './apply.js';
import { checkGuards, type Refusal } from './guards.js';
import { Journal, journalName, lockoutsLeft, triggersLeftDisabled } from './journal.js';
import {
  TableChanges as Changes,
  DEFAULT_BATCH_SIZE,
  type Direction,
  type RowStore,
  type SyncMode,
  type TableChanges,
  type TablePlan,
} from './plan.js';
import { selfReferences } from './reference-order.js';
import { writeOrder } from './write-order.js';

/** Options of {@link runSync}. */
export interface SyncOptions {
  readonly direction: Direction;
  readonly mode: SyncMode;
  readonly scope?: DiffScope;
  readonly tables?: string;
  readonly batchSize?: number;
  /** Tables written at once, each on a connection of its own (`--concurrency`). @default 1 */
  readonly concurrency?: number;
  readonly journalDir: string;
  readonly allowSessions?: boolean;
  readonly force?: boolean;
  /** Keep every other writer off the run's tables on the target until it ends. */
  readonly lockout?: boolean;
  /** Empty the target's Config_Message_Log instead of copying it (ICMDBA's option). */
  readonly truncateConfigMessageLog?: boolean;
  readonly dryRun?: boolean;
  /** The program names of icmsync's own connections, left out of the session guard. */
  readonly ownPrograms: readonly string[];
  /** When to stop at a batch boundary (`--max-duration`), as `Date.now()` milliseconds. */
  readonly deadline?: number;
  /** Aborted by Ctrl-C: the run stops at the next batch boundary. */
  readonly signal?: AbortSignal;
  /** Asked with the plan before anything is written; false stops the run. */
  readonly confirm?: (plan: readonly TablePlan[]) => Promise<boolean>;
  readonly tuning?: DiffTuning;
  /** The options as given, recorded in the journal for `--resume`. */
  readonly recorded?: Readonly<Record<string, unknown>>;
  readonly onProgress?: (event: { step: string }) => void;
  /** Told after each committed batch; the next batch waits for it. */
  readonly onBatch?: (table: string, written: WriteCount) => void | Promise<void>;
}

/** How a sync ended. */
export type SyncOutcome =
  | 'dry-run'
  | 'declined'
  | 'nothing-to-do'
  | 'done'
  | 'stopped'
  | 'verify-failed';

/** A synced table after the run, checksummed on both sides. */
export interface Verified {
  readonly table: string;
  readonly equal: boolean;
  /** Emptied on the target (`--truncate-config-message-log`): right when the target has no row. */
  readonly truncated: boolean;
  readonly checksums: Pair<SegmentChecksum>;
}

/** A table's checksums before the run, where status computed them (its compared tables). */
export interface Before {
  readonly table: string;
  readonly checksums: Pair<SegmentChecksum | null>;
}

/** Everything a sync reports. */
export interface SyncReport {
  readonly run: string;
  readonly direction: Direction;
  readonly mode: SyncMode;
  readonly verdict: Verdict;
  readonly plan: readonly TablePlan[];
  readonly results: readonly TableResult[];
  readonly verified: readonly Verified[];
  readonly before: readonly Before[];
  /** Triggers a crashed earlier run had left disabled, re-enabled by this one. */
  readonly restoredTriggers: readonly string[];
  /** Tables a crashed earlier run had left locked out, unlocked by this one. */
  readonly removedLockouts: readonly string[];
  readonly outcome: SyncOutcome;
  readonly journal: string;
  readonly ms: number;
}

/** A refusal as the error a command exits with (4). */
function refuse(refusals: readonly Refusal[]): IcmsyncError {
  const text = refusals
    .map((r) => (r.override ? `${r.reason} — or add ${r.override}` : r.reason))
    .join('; ');
  return new IcmsyncError(`sync refused: ${text}`, 'REFUSED');
}

/** Collects diff's differing rows per table as changes seen from `direction`, into `store`. */
function collect(
  changes: Map<string, TableChanges>,
  direction: Direction,
  store: RowStore,
  keepRows: (table: string) => boolean,
): NonNullable<DiffOptions['onRows']> {
  return (table, rows, shapes) => {
    if (rows.onlyInA.length + rows.onlyInB.length + rows.changed.length === 0) return;
    let entry = changes.get(table);
    if (!entry) {
      const columns = shapes.a.columns
        .filter((c) => !c.generated && !c.rowVersion)
        .map((c) => c.name);
      const key = shapes.a.primaryKey.map((k) => columns.indexOf(k));
      entry = new Changes(table, shapes, key, store, keepRows(table));
      changes.set(table, entry);
    }
    entry.add(rows, direction);
  };
}

/** A store that keeps nothing: a dry run counts the rows and writes none. */
const DISCARD: RowStore = {
  append() {},
  async *read() {},
};

/**
 * The changes per table diff found, seen from the direction. Merge keeps the rows to write in
 * `store`; replace asks diff for counts only: it reads every row from the source again anyway
 * (see {@link replaceChanges}).
 */
async function gatherChanges(
  pair: Pair<Database>,
  profile: Profile,
  options: SyncOptions,
  store: RowStore,
): Promise<{ report: DiffReport; changes: Map<string, TableChanges> }> {
  const changes = new Map<string, TableChanges>();
  const report = await readDiff(pair, profile, {
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.tables ? { tables: options.tables } : {}),
    maxRows: 0,
    ...(options.tuning ? { tuning: options.tuning } : {}),
    ...(options.mode === 'merge'
      ? { onRows: collect(changes, options.direction, store, () => true) }
      : {}),
  });
  return { report, changes };
}

/** Both sides' catalogs, and a table's shape on each side by its label (null unless on both). */
async function catalogShapes(pair: Pair<Database>) {
  const catalogs = await bothSides((side) => pick(pair, side).readCatalog());
  const find = (side: Side, table: string) =>
    pick(catalogs, side).tables.find(
      (shape) => tableLabel(shape).toLowerCase() === table.toLowerCase(),
    );
  const shapes = (table: string): Pair<TableShape> | null => {
    const a = find('A', table);
    const b = find('B', table);
    return a && b ? { a, b } : null;
  };
  return { catalogs, shapes };
}

/**
 * The Config_Message_Log of the run, to be emptied on the target rather than copied
 * (`--truncate-config-message-log`); refused when the run does not hold it.
 */
async function toEmpty(pair: Pair<Database>, report: DiffReport, to: Side): Promise<TableChanges> {
  const log = report.tables.find(
    (t) =>
      t.table.split('.').at(-1)?.toLowerCase() === 'config_message_log' &&
      (t.state === 'identical' || t.state === 'differs'),
  );
  const shapes = log ? (await catalogShapes(pair)).shapes(log.table) : null;
  if (!log || !shapes)
    throw new IcmsyncError(
      '--truncate-config-message-log: Config_Message_Log is not among the tables of this run (it is in the icm profile with --scope config or all; fix --tables, or leave the flag out)',
      'USAGE',
    );
  const entry = new Changes(log.table, shapes, []);
  entry.emptied = pick(log.rows, to) ?? 0;
  return entry;
}

/**
 * Replace's tables: every table diff compared, differing or not, and which of them are rewritten
 * range by range. Those need nothing more from diff; for the others (rewritten row by row), the
 * keys of the rows only the target has — and for a hierarchy that differs, its differing rows, which
 * it writes as merge does — come from a second diff of just those tables. Asking the
 * first diff for rows would hold them in memory: diff keeps a leaf's rows until the leaf is done,
 * and a table empty on one side is a single leaf.
 */
async function replaceChanges(
  pair: Pair<Database>,
  profile: Profile,
  options: SyncOptions,
  report: DiffReport,
  store: RowStore,
): Promise<{ changes: Map<string, TableChanges>; byRange: Set<string> }> {
  const { to } = options.direction;
  const { catalogs, shapes } = await catalogShapes(pair);
  const changes = new Map<string, TableChanges>();
  for (const t of report.tables) {
    if (t.state !== 'identical' && t.state !== 'differs') continue;
    const pairOf = shapes(t.table);
    if (pairOf) changes.set(t.table, new Changes(t.table, pairOf, [], store, false));
  }
  const targetOf = (t: TableChanges) => pick(t.shapes, to);
  const byRange = rangeReplaced([...changes.values()].map(targetOf), pick(catalogs, to).tables);
  // A hierarchy that differs is written as merge writes it: only the rows that differ, parents
  // first. Rewriting it in key order could write a row before the new parent it refers to.
  const hierarchy = (table: string) => {
    const entry = changes.get(table);
    return entry !== undefined && selfReferences(targetOf(entry)).length > 0;
  };
  const again = report.tables.filter((t) => {
    const entry = changes.get(t.table);
    if (!entry || t.state !== 'differs') return false;
    const onlyInTarget = to === 'A' ? t.onlyInA : t.onlyInB;
    const byRows = !byRange.has(tableLabel(targetOf(entry)).toLowerCase());
    return hierarchy(t.table) || (onlyInTarget > 0 && byRows);
  });
  if (again.length > 0) {
    const keyed = new Map<string, TableChanges>();
    await readDiff(pair, profile, {
      tables: again.map((t) => t.table).join(','),
      maxRows: 0,
      ...(options.tuning ? { tuning: options.tuning } : {}),
      onRows: collect(keyed, options.direction, store, hierarchy),
    });
    for (const [table, entry] of keyed) if (changes.has(table)) changes.set(table, entry);
  }
  return { changes, byRange };
}

/**
 * Brings the target side in line with the source: status and diff first (guards, plan), then the
 * writes in batches on one target session under an application lock, then a checksum of every
 * written table on both sides. A plain rerun is always safe: it diffs again and writes only what
 * still differs.
 */
export async function runSync(
  pair: Pair<Database>,
  profile: Profile,
  options: SyncOptions,
): Promise<SyncReport> {
  if (options.dryRun) return syncThrough(pair, profile, options, DISCARD);
  const spool = openSpool(options.journalDir);
  try {
    return await syncThrough(pair, profile, options, spool);
  } finally {
    await spool.remove().catch(() => {});
  }
}

/**
 * The folder a merge's rows wait in between diff and the writes, beside the journal (a folder
 * sync must be able to write anyway, and doctor checks), never the system's temp folder.
 */
function openSpool(journalDir: string): ScriptSpool {
  const dir = join(journalDir, `spool-${randomUUID()}`);
  try {
    return new ScriptSpool(dir);
  } catch (error) {
    throw new IcmsyncError(
      `cannot create ${dir}: ${(error as Error).message} (give --journal-dir a writable folder)`,
      'USAGE',
      { cause: error },
    );
  }
}

async function syncThrough(
  pair: Pair<Database>,
  profile: Profile,
  options: SyncOptions,
  store: RowStore,
): Promise<SyncReport> {
  const started = Date.now();
  const { from, to } = options.direction;
  if (from === to) throw new IcmsyncError('--from and --to must name different sides', 'USAGE');
  const progress = options.onProgress ?? (() => {});
  progress({ step: 'reading status' });
  const status = await readStatus(pair, profile);
  const sessions = (await pick(pair, to).otherSessions()).filter(
    (s) => !options.ownPrograms.some((own) => s.program === own),
  );
  progress({ step: 'finding the rows that differ' });
  const { report, changes: found } = await gatherChanges(pair, profile, options, store);
  const refusals = checkGuards({
    direction: options.direction,
    schemaVersions: { a: status.sides.a.schemaVersion, b: status.sides.b.schemaVersion },
    shapeDiffers: report.tables
      .filter((t) => t.state === 'shape-differs')
      .map((t) => ({ table: t.table, detail: t.reason ?? '' })),
    targetSessions: sessions,
    verdict: status.verdict,
    knowsDirection: status.profile === 'icm',
    allowSessions: options.allowSessions === true,
    force: options.force === true,
  });
  const oneSided = report.tables.filter((t) => t.state === 'only-in-A' || t.state === 'only-in-B');
  for (const t of oneSided)
    refusals.push({
      reason: `${t.table} exists on one side only (create it on both first)`,
      override: null,
    });
  if (refusals.length > 0) throw refuse(refusals);

  // Replace writes every selected table, differing or not; merge only what differs.
  const replacing =
    options.mode === 'replace' ? await replaceChanges(pair, profile, options, report, store) : null;
  const changes = replacing?.changes ?? found;
  if (options.truncateConfigMessageLog) {
    const log = await toEmpty(pair, report, to);
    changes.set(log.table, log);
    replacing?.byRange.delete(tableLabel(pick(log.shapes, to)).toLowerCase());
  }
  const written = writeOrder([...changes.values()], to, status.updateLog);
  const order = written.order;
  const plan = order.map((t): TablePlan => {
    if (!replacing || t.emptied !== null || t.keepsRows) return t.plan();
    const d = report.tables.find((x) => x.table === t.table);
    const onlyIn = (side: Side) => (d ? (side === 'A' ? d.onlyInA : d.onlyInB) : 0);
    const rows = (d ? pick(d.rows, from) : 0) ?? 0;
    return { ...t.plan(), insert: onlyIn(from), update: rows - onlyIn(from), delete: onlyIn(to) };
  });
  const base = {
    run: randomUUID(),
    direction: options.direction,
    mode: options.mode,
    verdict: status.verdict,
    plan,
    results: [] as TableResult[],
    verified: [] as Verified[],
    before: order.map((t): Before => {
      const seen = status.tables.find((x) => x.table.toLowerCase() === t.table.toLowerCase());
      return { table: t.table, checksums: seen?.checksums ?? { a: null, b: null } };
    }),
    restoredTriggers: [] as string[],
    removedLockouts: [] as string[],
    journal: '',
  };
  const journal = await Journal.open(
    options.journalDir,
    journalName(pick(report.sides, to).server, pick(report.sides, to).database),
  );
  const entries = await journal.entries();
  const left = triggersLeftDisabled(entries);
  const locked = lockoutsLeft(entries);
  const finish = (outcome: SyncOutcome, extra: Partial<SyncReport> = {}): SyncReport => ({
    ...base,
    journal: journal.path,
    ...extra,
    outcome,
    ms: Date.now() - started,
  });
  if (options.dryRun) return finish('dry-run');
  if (plan.length === 0 && left.size === 0 && locked.length === 0) return finish('nothing-to-do');
  if (options.confirm && !(await options.confirm(plan))) return finish('declined');

  const target = pick(pair, to);
  // Read before the session: a one-connection pool (the embedded lab) has nothing left inside it.
  const shapes = new Map(
    (await target.readCatalog()).tables.map((t) => [tableLabel(t).toLowerCase(), t]),
  );
  const applied = await target.session(async (session) => {
    if (!(await session.tryLock(`icmsync sync into ${pick(report.sides, to).database}`))) {
      throw new IcmsyncError(
        `another icmsync sync is writing side ${to} (wait for it to finish)`,
        'REFUSED',
      );
    }
    await journal.append({
      event: 'start',
      run: base.run,
      at: new Date().toISOString(),
      options: options.recorded ?? {},
    });
    const restored = await restoreLeftTriggers(session, left, shapes, journal, base.run);
    const unlocked = await removeLeftLockouts(session, locked, shapes, journal, base.run);
    progress({ step: 'writing' });
    const result = await applyChanges(pick(pair, from), target, session, {
      direction: options.direction,
      mode: options.mode,
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      order: written,
      concurrency: options.concurrency ?? 1,
      journal,
      run: base.run,
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      reenabled: new Map([...left].map(([table, triggers]) => [table.toLowerCase(), triggers])),
      byRange: replacing?.byRange ?? new Set(),
      lockout: options.lockout === true,
      shouldStop: () =>
        options.signal?.aborted === true ||
        (options.deadline !== undefined && Date.now() >= options.deadline),
    });
    await journal.append({ event: 'end', run: base.run, outcome: result.outcome });
    return { ...result, restored, unlocked };
  });
  const cleaned = { restoredTriggers: applied.restored, removedLockouts: applied.unlocked };
  if (applied.outcome === 'stopped')
    return finish('stopped', { results: applied.results, ...cleaned });

  progress({ step: 'verifying' });
  const verified = await Promise.all(
    order.map(async (t): Promise<Verified> => {
      const checksums = await bothSides((side) => pick(pair, side).checksum(pick(t.shapes, side)));
      const equal = sameChecksum(checksums.a, checksums.b);
      return { table: t.table, equal, truncated: t.emptied !== null, checksums };
    }),
  );
  const right = (v: Verified) => (v.truncated ? pick(v.checksums, to).rows === 0 : v.equal);
  return finish(verified.every(right) ? 'done' : 'verify-failed', {
    results: applied.results,
    verified,
    ...cleaned,
  });
}
