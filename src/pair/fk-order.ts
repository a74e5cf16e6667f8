import type { ForeignKeyShape, TableShape } from '../port/shapes.js';
import { tableLabel } from '../port/table-key.js';
import type { ExactValue } from '../port/types.js';

/** A foreign key from `child` to `parent`, both among the tables being ordered. */
export interface ForeignKeyEdge {
  readonly child: TableShape;
  readonly parent: TableShape;
  readonly foreignKey: ForeignKeyShape;
}

/**
 * Tables written together: one table, or every table of a foreign-key cycle. `cycle` holds the
 * foreign keys among them (a self-reference counts); when it is empty, the rows of the group need no
 * order among themselves.
 */
export interface TableGroup {
  readonly tables: readonly TableShape[];
  readonly cycle: readonly ForeignKeyEdge[];
}

/** The order to write tables in so that every foreign key holds after each statement. */
export interface ForeignKeyOrder {
  /** For inserts and updates: every group after the groups it references. */
  readonly parentsFirst: readonly TableGroup[];
  /** For deletes: every group before the groups it references. */
  readonly childrenFirst: readonly TableGroup[];
}

const labelOf = (table: TableShape) => tableLabel(table).toLowerCase();

/**
 * Orders `tables` by their enabled foreign keys (keys to tables outside the list, and disabled
 * ones, are not enforced against these writes and are left out). Tables that reference each other,
 * directly or around a cycle, form one group; groups are ordered by Kahn's algorithm, ties broken by
 * name so the order is the same on every run.
 */
export function foreignKeyOrder(tables: readonly TableShape[]): ForeignKeyOrder {
  const sorted = [...tables].sort((x, y) => labelOf(x).localeCompare(labelOf(y)));
  const index = new Map(sorted.map((t, i) => [labelOf(t), i]));
  const edges: ForeignKeyEdge[] = [];
  const parentsOf: number[][] = sorted.map(() => []);
  sorted.forEach((child, c) => {
    for (const foreignKey of child.foreignKeys) {
      if (!foreignKey.enabled) continue;
      const p = index.get(
        `${foreignKey.referencedSchema}.${foreignKey.referencedTable}`.toLowerCase(),
      );
      if (p === undefined) continue;
      edges.push({ child, parent: sorted[p] as TableShape, foreignKey });
      parentsOf[c]?.push(p);
    }
  });

  const component = stronglyConnected(parentsOf);
  const count = Math.max(-1, ...component) + 1;
  const members: number[][] = Array.from({ length: count }, () => []);
  component.forEach((g, t) => {
    members[g]?.push(t);
  });
  // Group g waits for each distinct group its tables reference.
  const waitsFor = members.map(() => new Set<number>());
  const unblocks = members.map(() => new Set<number>());
  parentsOf.forEach((parents, t) => {
    for (const p of parents) {
      const [from, to] = [component[t] as number, component[p] as number];
      if (from !== to) {
        waitsFor[from]?.add(to);
        unblocks[to]?.add(from);
      }
    }
  });
  const pending = waitsFor.map((s) => s.size);
  const ready = members.flatMap((_, g) => (pending[g] === 0 ? [g] : []));
  const order: number[] = [];
  while (ready.length > 0) {
    // Groups are numbered by their first table's name order, so the smallest is the first by name.
    ready.sort((x, y) => (members[x]?.[0] ?? 0) - (members[y]?.[0] ?? 0));
    const g = ready.shift() as number;
    order.push(g);
    for (const next of unblocks[g] ?? []) {
      pending[next] = (pending[next] ?? 0) - 1;
      if (pending[next] === 0) ready.push(next);
    }
  }
  const groups = order.map((g): TableGroup => {
    const own = new Set((members[g] ?? []).map((t) => sorted[t] as TableShape));
    return {
      tables: [...own],
      cycle: edges.filter((e) => own.has(e.child) && own.has(e.parent)),
    };
  });
  return { parentsFirst: groups, childrenFirst: [...groups].reverse() };
}

/**
 * Tarjan's strongly connected components of a graph given as adjacency lists, iteratively (no
 * recursion limit): the component number of every node.
 */
function stronglyConnected(next: readonly (readonly number[])[]): number[] {
  const n = next.length;
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const component = new Array<number>(n).fill(-1);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < n; root += 1) {
    if (order[root] !== -1) continue;
    const frames: { node: number; edge: number }[] = [{ node: root, edge: 0 }];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { node: number; edge: number };
      const v = frame.node;
      const w = next[v]?.[frame.edge];
      if (w !== undefined) {
        frame.edge += 1;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          frames.push({ node: w, edge: 0 });
        } else if (onStack[w]) low[v] = Math.min(low[v] as number, order[w] as number);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node] as number, low[v] as number);
      if (low[v] === order[v]) {
        let w2: number;
        do {
          w2 = stack.pop() as number;
          onStack[w2] = false;
          component[w2] = components;
        } while (w2 !== v);
        components += 1;
      }
    }
  }
  // Renumber so that component numbers follow their smallest member (name order).
  const renumber = new Map<number, number>();
  for (const c of component) if (!renumber.has(c)) renumber.set(c, renumber.size);
  return component.map((c) => renumber.get(c) as number);
}

/** The text rows name one another by: equal exact values give equal text. */
export const valuesText = (values: readonly ExactValue[]) =>
  JSON.stringify(values.map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));

/** A row among rows that reference one another, by names derived from its values. */
export interface RowNode {
  /** The names other rows use for this row (its key, or the values a foreign key refers to). */
  readonly names: readonly string[];
  /** The names of the rows this row refers to. */
  readonly references: readonly string[];
}

/** When each row can be written. */
export interface RowLevels {
  /**
   * Per row: 0 when it refers to no other row of the set, else one more than the highest level
   * among the rows it refers to. Inserting level by level, or deleting from the highest level
   * down, keeps every reference satisfied after each statement that holds rows of one level.
   */
  readonly levels: readonly number[];
  /** Whether some rows refer to each other in a loop (their levels then break it arbitrarily). */
  readonly cyclic: boolean;
}

/** Levels the rows of a self-referencing table, or of a foreign-key cycle, for writing in order. */
export function rowLevels(rows: readonly RowNode[]): RowLevels {
  const byName = new Map<string, number[]>();
  rows.forEach((row, i) => {
    for (const name of row.names) {
      const list = byName.get(name);
      if (list) list.push(i);
      else byName.set(name, [i]);
    }
  });
  const targets = rows.map((row, i) =>
    // A row that refers to itself (a root that is its own parent) needs no other row first.
    row.references.flatMap((name) => (byName.get(name) ?? []).filter((j) => j !== i)),
  );
  const levels = new Array<number>(rows.length).fill(-1);
  const state = new Array<0 | 1 | 2>(rows.length).fill(0);
  let cyclic = false;
  for (let root = 0; root < rows.length; root += 1) {
    if (state[root] !== 0) continue;
    const frames: { node: number; edge: number; level: number }[] = [
      { node: root, edge: 0, level: 0 },
    ];
    state[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { node: number; edge: number; level: number };
      const w = targets[frame.node]?.[frame.edge];
      if (w !== undefined) {
        frame.edge += 1;
        if (state[w] === 2) frame.level = Math.max(frame.level, (levels[w] as number) + 1);
        else if (state[w] === 1) cyclic = true;
        else {
          state[w] = 1;
          frames.push({ node: w, edge: 0, level: 0 });
        }
        continue;
      }
      frames.pop();
      levels[frame.node] = frame.level;
      state[frame.node] = 2;
      const parent = frames[frames.length - 1];
      if (parent) parent.level = Math.max(parent.level, frame.level + 1);
    }
  }
  return { levels, cyclic };
}
