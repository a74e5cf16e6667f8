import { bucketRanges } from '../diff/segments.js';
import type { Database, Session, WriteCount } from '../port/database.js';
import { IcmsyncError, isIcmsyncError } from '../port/errors.js';
import { isLockoutTrigger, LOCKOUT_TRIGGER_PREFIX } from '../port/lockout.js';
import type { TableShape } from '../port/shapes.js';
import { dataColumns, tableLabel } from '../port/table-key.js';
import type { ExactRow } from '../port/types.js';
import { pick } from '../port/types.js';
import type { Journal } from './journal.js';
import type { Direction, SyncMode, TableChanges } from './plan.js';
import { inDependencyOrder, type WriteOrder } from './write-order.js';

/** What was written to one table. */
export interface TableResult extends WriteCount {
  readonly table: string;
}

/** How applying ended. */
export type ApplyOutcome = 'done' | 'stopped';

/** Options of {@link applyChanges}. */
export interface ApplyOptions {
  readonly direction: Direction;
  readonly mode: SyncMode;
  readonly batchSize: number;
  /** The tables, parents before children (inserts); deletes run the other way. */
  readonly order: WriteOrder;
  /**
   * Tables written at once (`--concurrency`), each on a session of its own from `target`; with 1,
   * everything runs on the run's session.
   */
  readonly concurrency: number;
  readonly journal: Journal;
  readonly run: string;
  /** True when the run must stop at the next batch boundary (Ctrl-C, --max-duration). */
  readonly shouldStop: () => boolean;
  readonly onBatch?: (table: string, done: WriteCount) => void | Promise<void>;
  /** Triggers re-enabled before the run (a crashed run had left them disabled), by table label. */
  readonly reenabled: ReadonlyMap<string, readonly string[]>;
  /** Replace: the tables rewritten range by range ({@link rangeReplaced}), by lower-case label. */
  readonly byRange: ReadonlySet<string>;
  /** `--lockout`: every other writer kept off the run's tables until it ends. */
  readonly lockout: boolean;
}

/**
 * The tables of a replace that are rewritten range by range (each range deleted, then copied by
 * the engine's bulk path), by lower-case label: those no foreign key of the target references —
 * deleting a referenced row fails, or cascades, even when the same row comes back in the same
 * transaction — and whose own foreign keys reference no table of the run, since rows only the
 * target has must then go before that parent's, in the delete phase. The others are rewritten row
 * by row, as merge writes.
 */
export function rangeReplaced(
  run: readonly TableShape[],
  catalog: readonly TableShape[],
): Set<string> {
  const label = (t: { schema: string; name: string }) => tableLabel(t).toLowerCase();
  const referenced = new Set(
    catalog.flatMap((t) =>
      t.foreignKeys.map((fk) => label({ schema: fk.referencedSchema, name: fk.referencedTable })),
    ),
  );
  const inRun = new Set(run.map(label));
  return new Set(
    run
      .filter(
        (t) =>
          !referenced.has(label(t)) &&
          !t.foreignKeys.some((fk) =>
            inRun.has(label({ schema: fk.referencedSchema, name: fk.referencedTable })),
          ),
      )
      .map(label),
  );
}

const add = (x: WriteCount, y: WriteCount): WriteCount => ({
  inserted: x.inserted + y.inserted,
  updated: x.updated + y.updated,
  deleted: x.deleted + y.deleted,
});
const NONE: WriteCount = { inserted: 0, updated: 0, deleted: 0 };

/**
 * Writes the changes on one target session: triggers of the written tables disabled by name for
 * the run (recorded in the journal first, restored in every case), deletes children first, then
 * writes parents first, each batch one transaction recorded in the journal once committed. Stops
 * cleanly at a batch boundary when asked.
 */
export async function applyChanges(
  source: Database,
  target: Database,
  session: Session,
  options: ApplyOptions,
): Promise<{ outcome: ApplyOutcome; results: TableResult[] }> {
  const { journal, run } = options;
  const tables = options.order.order;
  const totals = new Map<string, WriteCount>(tables.map((t) => [t.table, NONE]));
  const targetOf = (t: TableChanges) => pick(t.shapes, options.direction.to);
  const disabled: { table: TableShape; label: string; triggers: string[] }[] = [];
  const record = async (t: TableChanges, phase: 'delete' | 'write', done: WriteCount) => {
    totals.set(t.table, add(totals.get(t.table) ?? NONE, done));
    await journal.append({ event: 'batch', run, table: t.table, phase, ...done });
    await options.onBatch?.(t.table, done);
  };
  const lockedOut: TableChanges[] = [];
  let outcome: ApplyOutcome = 'done';
  let failure: unknown = null;
  try {
    if (options.lockout) {
      await session.markWriter();
      // Recorded before it is put on, so a crash in between still gets it taken off.
      for (const t of tables) {
        await journal.append({ event: 'lockout-on', run, table: t.table });
        lockedOut.push(t);
        await session.setLockout(targetOf(t), true);
      }
    }
    for (const t of tables) {
      const shape = targetOf(t);
      // Enabled ones, and those a crashed run had left disabled (re-enabled just before this run);
      // never a lockout trigger, which must hold for the whole run.
      const triggers = [
        ...new Set([
          ...shape.triggers
            .filter((tr) => tr.enabled && !isLockoutTrigger(tr.name))
            .map((tr) => tr.name),
          ...(options.reenabled.get(t.table.toLowerCase()) ?? []),
        ]),
      ];
      if (triggers.length === 0) continue;
      await journal.append({ event: 'triggers-disabled', run, table: t.table, triggers });
      await session.setTriggers(shape, triggers, false);
      disabled.push({ table: shape, label: t.table, triggers });
    }
    outcome = await writeBatches(source, target, session, options, record);
  } catch (error) {
    failure = error;
  }
  // Restored in every case; one that cannot be (the connection died) stays in the journal, and
  // the next sync into this database re-enables it before anything else.
  const left: string[] = [];
  for (const d of disabled.reverse()) {
    try {
      await session.setTriggers(d.table, d.triggers, true);
      await journal.append({
        event: 'triggers-restored',
        run,
        table: d.label,
        triggers: d.triggers,
      });
    } catch {
      left.push(`${d.label} (${d.triggers.join(', ')})`);
    }
  }
  const stillLocked: string[] = [];
  for (const t of lockedOut.reverse()) {
    try {
      await session.setLockout(targetOf(t), false);
      await journal.append({ event: 'lockout-off', run, table: t.table });
    } catch {
      stillLocked.push(t.table);
    }
  }
  if (failure || left.length > 0 || stillLocked.length > 0) {
    const note = [
      left.length > 0
        ? `; triggers left disabled: ${left.join('; ')} (the next icmsync sync into this database re-enables them; or ENABLE them by hand)`
        : '',
      stillLocked.length > 0
        ? `; lockout left on: ${stillLocked.join(', ')} (the next icmsync sync into this database takes it off; or drop the ${LOCKOUT_TRIGGER_PREFIX} triggers by hand)`
        : '',
    ].join('');
    if (isIcmsyncError(failure))
      throw new IcmsyncError(`${failure.message}${note}`, failure.code, { cause: failure });
    throw failure ?? new IcmsyncError(`sync stopped${note}`, 'QUERY');
  }
  return {
    outcome,
    results: tables.map((t) => ({ table: t.table, ...(totals.get(t.table) ?? NONE) })),
  };
}

/**
 * Deletes children first, then writes parents first, one transaction per batch, then tries again
 * the batches a foreign key refused; stops when asked. With a concurrency above 1, tables whose
 * foreign keys allow it are written at the same time, each on a session of its own.
 */
async function writeBatches(
  source: Database,
  target: Database,
  session: Session,
  options: ApplyOptions,
  record: (t: TableChanges, phase: 'delete' | 'write', done: WriteCount) => Promise<void>,
): Promise<ApplyOutcome> {
  const { order, parents, children, last } = options.order;
  const targetOf = (t: TableChanges) => pick(t.shapes, options.direction.to);
  const onSession = (work: (s: Session) => Promise<ApplyOutcome>) =>
    options.concurrency > 1
      ? target.session(async (s) => {
          if (options.lockout) await s.markWriter();
          return work(s);
        })
      : work(session);
  // The update log is kept for the very end (see WriteOrder.last).
  const tables = order.filter((t) => t !== last);
  const phase = async (
    waitsFor: ReadonlyMap<TableChanges, readonly TableChanges[]>,
    write: (s: Session, t: TableChanges, stop: () => boolean) => Promise<ApplyOutcome>,
  ) => {
    const outcomes = await inDependencyOrder(tables, waitsFor, options.concurrency, (t, failed) =>
      onSession((s) => write(s, t, () => failed() || options.shouldStop())),
    );
    return outcomes.includes('stopped') ? 'stopped' : 'done';
  };

  // A batch a foreign key refuses waits and is tried again once the others are in: a delete, for
  // the writes (a row the source changed may refer to the deleted row until then; deleting after
  // the writes instead would break unique keys a deleted row still holds); a write, for the rest of
  // the writes (tables that refer to each other in a cycle, a parent in a later batch).
  const refusedDeletes: Refused[] = [];
  const refusedWrites: Refused[] = [];
  const attempt = async (
    list: Refused[],
    on: Session,
    t: TableChanges,
    phase: 'delete' | 'write',
    write: (on: Session) => Promise<WriteCount>,
  ) => {
    try {
      await record(t, phase, await write(on));
    } catch (error) {
      if (!isIcmsyncError(error) || !error.foreignKey) throw error;
      list.push({ t, phase, write, error });
    }
  };
  const deletes = async (s: Session, t: TableChanges, stop: () => boolean) => {
    if (t.emptied !== null)
      return emptyByRanges(s, targetOf(t), options.batchSize, stop, (done) =>
        record(t, 'delete', done),
      );
    for await (const keys of t.deleteBatches(options.batchSize, options.direction.to)) {
      if (stop()) return 'stopped';
      await attempt(refusedDeletes, s, t, 'delete', (on) =>
        on.transaction(() => on.deleteRows(targetOf(t), keys)),
      );
    }
    return 'done';
  };
  const writes = async (s: Session, t: TableChanges, stop: () => boolean) => {
    if (t.emptied !== null) return 'done';
    if (options.mode === 'replace' && options.byRange.has(tableLabel(targetOf(t)).toLowerCase()))
      return replaceByRanges(source, s, t, options, stop, record);
    for await (const rows of rowsToWrite(source, t, options)) {
      if (stop()) return 'stopped';
      await attempt(refusedWrites, s, t, 'write', (on) =>
        on.transaction(() => on.upsertRows(targetOf(t), rows)),
      );
    }
    return 'done';
  };

  // On the run's own session: the tables' sessions are closed by now.
  const retry = async () => {
    for (const refused of [refusedWrites.splice(0), refusedDeletes.splice(0)])
      if ((await tryAgain(refused, session, options.shouldStop, record)) === 'stopped')
        return 'stopped';
    return 'done';
  };
  if ((await phase(children, deletes)) === 'stopped') return 'stopped';
  if ((await phase(parents, writes)) === 'stopped') return 'stopped';
  if ((await retry()) === 'stopped') return 'stopped';
  if (!last) return 'done';
  if ((await deletes(session, last, options.shouldStop)) === 'stopped') return 'stopped';
  if ((await writes(session, last, options.shouldStop)) === 'stopped') return 'stopped';
  return retry();
}

/** A batch a foreign key refused, to be tried again. */
interface Refused {
  readonly t: TableChanges;
  readonly phase: 'delete' | 'write';
  readonly write: (on: Session) => Promise<WriteCount>;
  readonly error: unknown;
}

/**
 * Tries refused batches again, in the order they were refused, pass after pass while a pass gets
 * at least one in; a pass that gets none in throws the first one's error (rows that refer to each
 * other in a loop, or to a row neither side has).
 */
async function tryAgain(
  refused: readonly Refused[],
  session: Session,
  shouldStop: () => boolean,
  record: (t: TableChanges, phase: 'delete' | 'write', done: WriteCount) => Promise<void>,
): Promise<ApplyOutcome> {
  let pending = refused;
  while (pending.length > 0) {
    const still: Refused[] = [];
    for (const r of pending) {
      if (shouldStop()) return 'stopped';
      try {
        await record(r.t, r.phase, await r.write(session));
      } catch (error) {
        if (!isIcmsyncError(error) || !error.foreignKey) throw error;
        still.push({ ...r, error });
      }
    }
    if (still.length === pending.length) throw (still[0] as Refused).error;
    pending = still;
  }
  return 'done';
}

/**
 * What replacing a key range did, from the rows deleted and the rows copied: a key deleted and
 * copied back counts as updated, as many as can be (the counts cannot tell which keys came back).
 */
export function replacedCount(deleted: number, copied: number): WriteCount {
  const updated = Math.min(deleted, copied);
  return { inserted: copied - updated, updated, deleted: deleted - updated };
}

/**
 * Replace of a table {@link rangeReplaced} picks, by the bulk path: the source's keys cut into
 * ranges of `batchSize` rows (one pass over its key), and per range one transaction that deletes
 * the range on the target (rows only the target has included) and copies it from the source. The
 * ranges cover every key, the first and last open-ended, so rows written on either side since
 * the sampling still land in one.
 */
async function replaceByRanges(
  source: Database,
  session: Session,
  t: TableChanges,
  options: ApplyOptions,
  stop: () => boolean,
  record: (t: TableChanges, phase: 'delete' | 'write', done: WriteCount) => Promise<void>,
): Promise<ApplyOutcome> {
  const from = pick(t.shapes, options.direction.from);
  const to = pick(t.shapes, options.direction.to);
  const boundaries = await source.sampleKeys(from, options.batchSize);
  for (const range of bucketRanges({}, boundaries)) {
    if (stop()) return 'stopped';
    const done = await session.transaction(async () => {
      const removed = await session.deleteRange(to, range);
      const copied = await session.copyRangeFrom(source, from, to, range);
      return replacedCount(removed.deleted, copied.inserted + copied.updated);
    });
    await record(t, 'write', done);
  }
  return 'done';
}

/**
 * Empties a table of the target (`--truncate-config-message-log`) by the bulk path's own unit: its
 * keys cut into ranges of `batchSize` rows, each range deleted in a transaction of its own.
 * A DELETE rather than TRUNCATE: it needs no more than the rights sync needs anyway, takes a
 * table that foreign keys reference, and stops at a batch boundary like every other write.
 */
async function emptyByRanges(
  session: Session,
  table: TableShape,
  batchSize: number,
  stop: () => boolean,
  record: (done: WriteCount) => Promise<void>,
): Promise<ApplyOutcome> {
  for (const range of bucketRanges({}, await session.sampleKeys(table, batchSize))) {
    if (stop()) return 'stopped';
    await record(await session.transaction(() => session.deleteRange(table, range)));
  }
  return 'done';
}

/**
 * The rows to write to a table, in batches: merge writes the rows diff found missing or changed;
 * replace (of a table foreign keys reference) writes every row of the source, read page by page
 * in key order.
 */
async function* rowsToWrite(
  source: Database,
  t: TableChanges,
  options: ApplyOptions,
): AsyncIterable<readonly ExactRow[]> {
  if (options.mode === 'merge' || t.keepsRows) {
    yield* t.upsertBatches(options.batchSize, options.direction.to);
    return;
  }
  const shape = pick(t.shapes, options.direction.from);
  const data = new Set(dataColumns(shape));
  const keep = shape.columns.flatMap((c, i) => (data.has(c) ? [i] : []));
  for await (const page of source.readRows(shape, { batchSize: options.batchSize }))
    yield page.map((row) => keep.map((i) => row[i] ?? null));
}

/** Takes off the lockout triggers a crashed run left on (from its journal). */
export async function removeLeftLockouts(
  session: Session,
  left: readonly string[],
  shapes: ReadonlyMap<string, TableShape>,
  journal: Journal,
  run: string,
): Promise<string[]> {
  const removed: string[] = [];
  for (const table of left) {
    const shape = shapes.get(table.toLowerCase());
    if (shape) await session.setLockout(shape, false);
    await journal.append({ event: 'lockout-off', run, table });
    if (shape) removed.push(tableLabel(shape));
  }
  return removed;
}

/** Re-enables triggers a crashed run left disabled (from its journal). */
export async function restoreLeftTriggers(
  session: Session,
  left: ReadonlyMap<string, readonly string[]>,
  shapes: ReadonlyMap<string, TableShape>,
  journal: Journal,
  run: string,
): Promise<string[]> {
  const restored: string[] = [];
  for (const [table, triggers] of left) {
    const shape = shapes.get(table.toLowerCase());
    if (!shape) continue;
    await session.setTriggers(shape, triggers, true);
    await journal.append({ event: 'triggers-restored', run, table, triggers });
    restored.push(`${tableLabel(shape)} (${triggers.join(', ')})`);
  }
  return restored;
}
