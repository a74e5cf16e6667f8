import { compareShapes } from '../pair/compare-shapes.js';
import type { Matched } from '../pair/match-tables.js';
import { addChecksums, sameChecksum } from '../port/checksums.js';
import type { Database } from '../port/database.js';
import type { SegmentChecksum, TableShape } from '../port/shapes.js';
import { bothSides, type Key, type Pair, pick, type Side } from '../port/types.js';
import type { LogChecksums, LogSplit } from './update-log.js';
import type { TableState } from './verdict.js';

/** One compared table, both sides. */
export interface TableComparison {
  readonly table: string;
  readonly state: TableState;
  readonly checksums: Pair<SegmentChecksum | null>;
  /** Why a table is `shape-differs`; null otherwise. */
  readonly detail: string | null;
}

/** A compared table and, for a split update log, the ahead side's part up to the split. */
export interface Compared extends TableComparison, LogChecksums {}

async function checksumSide(db: Database, table: TableShape, upTo: Key | undefined) {
  if (upTo === undefined) return { whole: await db.checksum(table), prefix: null };
  const [prefix, rest] = await Promise.all([
    db.checksum(table, { upTo }),
    db.checksum(table, { after: upTo }),
  ]);
  return { whole: addChecksums(prefix, rest), prefix };
}

/** Checksums a table on both sides (cut at `split` on its side) and says how they compare. */
export async function compareTable(
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
