import pLimit from 'p-limit';
import type { Profile, ProfiledSide } from '../icm/profile.js';
import { matchByName } from '../pair/match-tables.js';
import type { Database } from '../port/database.js';
import { IcmsyncError } from '../port/errors.js';
import type { TableShape } from '../port/shapes.js';
import { keyColumns, tableLabel } from '../port/table-key.js';
import { bothSides, type Pair, pick } from '../port/types.js';
import { refuseMismatchedVersions } from '../status/status.js';
import type { DiffReport, TableDiff } from './diff-report.js';
import { diffTable } from './diff-table.js';
import type { LeafDiff } from './match-rows.js';
import { MeteredReader } from './metered.js';
import { type DiffScope, parseTablePatterns, selectTables } from './select-tables.js';
import { DEFAULT_MAX_ROWS, DEFAULT_TUNING, type DiffTuning } from './tuning.js';

/** Options for {@link readDiff}. */
export interface DiffOptions {
  readonly scope?: DiffScope;
  /** `--tables`: names or globs, `!` to exclude. */
  readonly tables?: string;
  /** `--key`: match rows of keyless tables by these columns. */
  readonly key?: readonly string[];
  /** `--since`: only historical rows with a RecoveryKey above this (exact decimal text). */
  readonly since?: string;
  readonly maxRows?: number;
  /** Tables compared at once. */
  readonly parallel?: number;
  readonly tuning?: DiffTuning;
  readonly onProgress?: (event: { table: string; done: number; total: number }) => void;
  /** Every differing row of each table, uncapped, in key order (see {@link TableDiffOptions.onRows}). */
  readonly onRows?: (table: string, rows: LeafDiff, tables: Pair<TableShape>) => void;
}

const since = (text: string) => {
  if (!/^-?\d+(\.\d+)?$/.test(text))
    throw new IcmsyncError(
      `--since must be a RecoveryKey such as 310466685004, not "${text}"`,
      'USAGE',
    );
  return text;
};

/**
 * Compares the selected tables of both sides row by row on the servers and lists the rows that
 * differ: only on A, only on B, or changed (with the columns and both values).
 */
export async function readDiff(
  pair: Pair<Database>,
  profile: Profile,
  options: DiffOptions = {},
): Promise<DiffReport> {
  const started = performance.now();
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const scope = options.scope ?? 'config';
  const lowerBound = options.since === undefined ? undefined : since(options.since);
  const sides = await bothSides(async (side) => {
    const db = pick(pair, side);
    const [info, catalog] = await Promise.all([db.describe(), db.readCatalog()]);
    return { info, catalog, profiled: await profile.inspect(db, info, catalog) };
  });
  refuseMismatchedVersions({
    a: sides.a.profiled.schemaVersion,
    b: sides.b.profiled.schemaVersion,
  });
  const catalogMs = performance.now() - started;

  const historical = (p: ProfiledSide) => p.growing.map((g) => g.table);
  const scoped = (p: ProfiledSide): TableShape[] =>
    scope === 'config'
      ? [...p.compared]
      : scope === 'historical'
        ? historical(p)
        : [...p.compared, ...historical(p)];
  const labels = (tables: readonly TableShape[]) => tables.map(tableLabel);
  const everything = [...labels(sides.a.catalog.tables), ...labels(sides.b.catalog.tables)];
  const inScope = [...labels(scoped(sides.a.profiled)), ...labels(scoped(sides.b.profiled))];
  const chosen = new Set(
    selectTables(everything, inScope, parseTablePatterns(options.tables)).map((t) =>
      t.toLowerCase(),
    ),
  );
  const pickFrom = (side: 'a' | 'b') =>
    sides[side].catalog.tables.filter((t) => chosen.has(tableLabel(t).toLowerCase()));
  const matched = matchByName(pickFrom('a'), pickFrom('b'), (t) => t);
  const growing = new Set(
    [...historical(sides.a.profiled), ...historical(sides.b.profiled)].map((t) =>
      tableLabel(t).toLowerCase(),
    ),
  );

  const readers = { a: new MeteredReader(pair.a), b: new MeteredReader(pair.b) };
  const limit = pLimit(options.parallel ?? 4);
  let done = 0;
  const tables: TableDiff[] = await Promise.all(
    matched.map((match) =>
      limit(async () => {
        const shape = match.a ?? match.b;
        const bounded =
          lowerBound !== undefined && growing.has(match.name.toLowerCase()) && shape
            ? { after: [lowerBound] }
            : undefined;
        if (bounded && shape && keyColumns(shape).length !== 1) {
          throw new IcmsyncError(
            `--since needs ${match.name} keyed by RecoveryKey alone (leave it out with --tables '!${shape.name}')`,
            'USAGE',
          );
        }
        const result = await diffTable(readers, match, {
          tuning,
          maxRows,
          ...(options.key ? { key: options.key } : {}),
          ...(bounded ? { range: bounded } : {}),
          ...(options.onRows
            ? {
                onRows: (rows: LeafDiff, shapes: Pair<TableShape>) =>
                  options.onRows?.(match.name, rows, shapes),
              }
            : {}),
        });
        done += 1;
        options.onProgress?.({ table: match.name, done, total: matched.length });
        return result;
      }),
    ),
  );
  return {
    sides: { a: sides.a.info, b: sides.b.info },
    profile: profile.name,
    scope,
    maxRows,
    tables,
    cost: {
      rowsHashed: { a: readers.a.cost.rowsHashed, b: readers.b.cost.rowsHashed },
      rowsFetched: { a: readers.a.cost.rowsFetched, b: readers.b.cost.rowsFetched },
      bytesReceived: { a: readers.a.cost.bytesReceived, b: readers.b.cost.bytesReceived },
      roundTrips: { a: readers.a.cost.roundTrips, b: readers.b.cost.roundTrips },
      phases: [
        { phase: 'catalog', ms: Math.round(catalogMs) },
        { phase: 'compare', ms: Math.round(performance.now() - started - catalogMs) },
      ],
    },
  };
}
