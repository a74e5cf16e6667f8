import type { TableShape } from '../port/shapes.js';
import { tableLabel } from '../port/table-key.js';

/** The same table (or table role) on both sides; undefined where a side lacks it. */
export interface Matched<T> {
  readonly name: string;
  readonly a: T | undefined;
  readonly b: T | undefined;
}

/** Pairs the two sides' tables by name, case-insensitively, in name order. */
export function matchByName<T>(
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
