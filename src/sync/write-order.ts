import { tableLabel } from '../port/table-key.js';
import { pick, type Side } from '../port/types.js';
import type { TableChanges } from './plan.js';

/**
 * The tables in the order their rows are written: a table after every table its foreign keys
 * reference (parents first); deletes walk it backwards. References to tables outside the run, and
 * self-references, do not constrain the order; a cycle is broken at the table that comes first by
 * name, so the order is the same on every run.
 */
export function writeOrder(tables: readonly TableChanges[], side: Side): TableChanges[] {
  const byLabel = new Map(tables.map((t) => [tableLabel(pick(t.shapes, side)).toLowerCase(), t]));
  const parents = (t: TableChanges) =>
    pick(t.shapes, side)
      .foreignKeys.map((fk) => `${fk.referencedSchema}.${fk.referencedTable}`.toLowerCase())
      .filter(
        (label) => label !== tableLabel(pick(t.shapes, side)).toLowerCase() && byLabel.has(label),
      );
  const ordered: TableChanges[] = [];
  const state = new Map<TableChanges, 'visiting' | 'done'>();
  const visit = (t: TableChanges) => {
    if (state.get(t)) return;
    state.set(t, 'visiting');
    for (const parent of parents(t)) {
      const p = byLabel.get(parent) as TableChanges;
      if (!state.get(p)) visit(p);
    }
    state.set(t, 'done');
    ordered.push(t);
  };
  for (const t of [...tables].sort((x, y) => x.table.localeCompare(y.table))) visit(t);
  return ordered;
}
