/** The two Logger databases of a duplex central controller. */
export const SIDES = ['A', 'B'] as const;
export type Side = (typeof SIDES)[number];

/** One value per side, keyed the way DBAs say it: `pair.a`, `pair.b`. */
export interface Pair<T> {
  readonly a: T;
  readonly b: T;
}

/** The side opposite `side`. */
export function otherSide(side: Side): Side {
  return side === 'A' ? 'B' : 'A';
}

/** The member of `pair` that belongs to `side`. */
export function pick<T>(pair: Pair<T>, side: Side): T {
  return side === 'A' ? pair.a : pair.b;
}

/** Runs `fn` for both sides concurrently and pairs the results. */
export async function bothSides<T>(fn: (side: Side) => Promise<T>): Promise<Pair<T>> {
  const [a, b] = await Promise.all([fn('A'), fn('B')]);
  return { a, b };
}

/** A value as the lab generates it and writes it through `bulkInsert`. */
export type Value = null | boolean | number | bigint | string | Date | Uint8Array;

/** A generated row's values in the table's column order. */
export type Row = readonly Value[];

/**
 * A value exactly as the server stores it: the server's own canonical text for it (decimal digits,
 * 17-digit floats, ISO date and time with every fractional digit and any offset), its bytes for
 * binary types, or null. No value in this form ever passes through a JS number or Date, so keys
 * and compared values survive a round trip to the server and back unchanged.
 */
export type ExactValue = string | Uint8Array | null;

/** A row read for comparison or copy, in table column order. */
export type ExactRow = readonly ExactValue[];

/** The values of a table's key columns, in key order. */
export type Key = readonly ExactValue[];

/**
 * A slice of a table in key order: rows whose key is greater than `after` (when given) and at
 * most `upTo` (when given). Both bounds absent means the whole table.
 */
export interface KeyRange {
  readonly after?: Key;
  readonly upTo?: Key;
}
