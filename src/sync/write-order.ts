import pLimit from 'p-limit';
import { tableLabel } from '../port/table-key.js';
import { pick, type Side } from '../port/types.js';
import type { TableChanges } from './plan.js';

/** The tables of a run in write order, and what each must wait for when tables run in parallel. */
export interface WriteOrder {
  /** Parents first: a table after every table its foreign keys reference. Deletes walk it backwards. */
  readonly order: readonly TableChanges[];
  /** For writes: the parents that come before each table in `order`. */
  readonly parents: ReadonlyMap<TableChanges, readonly TableChanges[]>;
  /** For deletes: the children that come after each table in `order`. */
  readonly children: ReadonlyMap<TableChanges, readonly TableChanges[]>;
  /**
   * The update log, when it is in the run and no table of the run refers to it: last in `order`,
   * in neither map, and written (deletes, then writes) after everything else is in.
   */
  readonly last: TableChanges | null;
}

/**
 * The tables in the order their rows are written: a table after every table its foreign keys
 * reference (parents first); deletes walk it backwards. References to tables outside the run, and
 * self-references, do not constrain the order; a cycle is broken at the table that comes first by
 * name, so the order is the same on every run. The dependencies keep only the references the order
 * honours (a parent earlier in it), so any schedule that respects them writes as safely as the order.
 * `last`, the profile's update log, goes after every other table unless a table of the run refers
 * to it.
 */
export function writeOrder(
  tables: readonly TableChanges[],
  side: Side,
  last: string | null = null,
): WriteOrder {
  const byLabel = new Map(tables.map((t) => [tableLabel(pick(t.shapes, side)).toLowerCase(), t]));
  const referenced = (t: TableChanges) => [
    ...new Set(
      pick(t.shapes, side)
        .foreignKeys.map((fk) =>
          byLabel.get(`${fk.referencedSchema}.${fk.referencedTable}`.toLowerCase()),
        )
        .filter((p): p is TableChanges => p !== undefined && p !== t),
    ),
  ];
  const order: TableChanges[] = [];
  const state = new Map<TableChanges, 'visiting' | 'done'>();
  const visit = (t: TableChanges) => {
    if (state.get(t)) return;
    state.set(t, 'visiting');
    for (const parent of referenced(t)) if (!state.get(parent)) visit(parent);
    state.set(t, 'done');
    order.push(t);
  };
  for (const t of [...tables].sort((x, y) => x.table.localeCompare(y.table))) visit(t);
  // The update log goes last, after every other table: a run that stops early then leaves the
  // target's LastUpdateKey where it was, so status still calls it behind (not DIVERGED) and a
  // rerun carries on; and a Logger started on it never takes the data for complete.
  const log = order.findIndex((t) => t.table.toLowerCase() === last?.toLowerCase());
  const logTable =
    log >= 0 && !order.some((t) => referenced(t).includes(order[log] as TableChanges));
  if (logTable) order.push(...order.splice(log, 1));

  const position = new Map(order.map((t, i) => [t, i]));
  const at = (t: TableChanges) => position.get(t) ?? 0;
  const others = logTable ? order.slice(0, -1) : order;
  const parents = new Map(others.map((t) => [t, referenced(t).filter((p) => at(p) < at(t))]));
  const children = new Map<TableChanges, TableChanges[]>(others.map((t) => [t, []]));
  for (const [child, ps] of parents) for (const p of ps) children.get(p)?.push(child);
  return { order, parents, children, last: logTable ? (order.at(-1) as TableChanges) : null };
}

/**
 * Runs `work` once per table, at most `concurrency` at a time, each table only after every table
 * `waitsFor` names has finished. The first failure stops the others from starting (`failed()` turns
 * true, so running ones can stop at their next boundary) and is thrown once all have settled.
 */
export async function inDependencyOrder<T>(
  tables: readonly TableChanges[],
  waitsFor: ReadonlyMap<TableChanges, readonly TableChanges[]>,
  concurrency: number,
  work: (table: TableChanges, failed: () => boolean) => Promise<T>,
): Promise<T[]> {
  const limit = pLimit(Math.max(1, concurrency));
  let failure: { error: unknown } | null = null;
  const failed = () => failure !== null;
  const running = new Map<TableChanges, Promise<T | undefined>>();
  const start = (t: TableChanges): Promise<T | undefined> => {
    const known = running.get(t);
    if (known) return known;
    const before = (waitsFor.get(t) ?? []).map(start);
    const done = Promise.allSettled(before).then(async (settled) => {
      if (failed() || settled.some((s) => s.status === 'rejected')) return undefined;
      return limit(async () => {
        if (failed()) return undefined;
        try {
          return await work(t, failed);
        } catch (error) {
          failure ??= { error };
          throw error;
        }
      });
    });
    running.set(t, done);
    return done;
  };
  const settled = await Promise.allSettled(tables.map(start));
  if (failure) throw (failure as { error: unknown }).error;
  return settled.flatMap((s) =>
    s.status === 'fulfilled' && s.value !== undefined ? [s.value] : [],
  );
}
