import { readFile } from 'node:fs/promises';
import type { ServerAdmin } from '../port/admin.js';
import type { Database, Engine } from '../port/database.js';
import { IcmsyncError, interrupted } from '../port/errors.js';
import { serverLabel } from '../port/server-label.js';
import type { ConnectionSettings, EngineName } from '../port/settings.js';
import type { TableShape } from '../port/shapes.js';
import { type Pair, pick, type Row, SIDES, type Side } from '../port/types.js';
import { type LabOptions, type LabRow, labTables } from './lab-data.js';

/** The label icmsync leaves on databases it creates; only databases bearing it are ever dropped. */
export const LAB_LABEL = 'icmsync lab';

/** Rows per bulk load while filling the lab. */
export const LAB_BATCH_ROWS = 5000;

/** A step of filling one side. */
export interface LabProgress {
  readonly side: Side;
  readonly table: string;
  readonly rows: number;
}

/** What the lab wrote to one side. */
export interface LabSummary {
  readonly side: Side;
  readonly rows: number;
  readonly tables: number;
}

/** The sample Logger schema for an engine, from `sql/<engine>/logger-schema.sql`. */
export async function readLoggerSchema(engine: EngineName): Promise<string> {
  return readFile(new URL(`../../sql/${engine}/logger-schema.sql`, import.meta.url), 'utf8');
}

function* toBatches(rows: Iterable<LabRow>, table: TableShape): Iterable<Row[]> {
  const names = table.columns.map((c) => c.name);
  let batch: Row[] = [];
  for (const row of rows) {
    batch.push(names.map((name) => row[name] ?? null));
    if (batch.length === LAB_BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Creates the sample Logger schema in an empty database and fills it with the side's lab rows. */
export async function fillLab(
  db: Database,
  options: LabOptions,
  onProgress: (event: LabProgress) => void = () => {},
): Promise<LabSummary> {
  await db.runScript(await readLoggerSchema(db.engine));
  const [catalog, info] = await Promise.all([db.readCatalog(), db.describe()]);
  let rows = 0;
  const tables = labTables(db.side, options);
  for (const lab of tables) {
    const shape = catalog.tables.find(
      (t) => t.name === lab.name && t.schema.toLowerCase() === info.defaultSchema.toLowerCase(),
    );
    if (!shape) throw new Error(`the sample schema has no table ${lab.name}`);
    const written = await db.bulkInsert(shape, toBatches(lab.rows(), shape));
    rows += written;
    onProgress({ side: db.side, table: lab.name, rows: written });
  }
  return { side: db.side, rows, tables: tables.length };
}

/** Runs `work` with a maintenance connection to the side's server. */
async function withAdmin<T>(
  engine: Engine,
  side: Side,
  settings: ConnectionSettings,
  work: (admin: ServerAdmin) => Promise<T>,
): Promise<T> {
  const admin = await engine.openAdmin(side, settings);
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

/**
 * Refuses a database icmsync did not create, and (unless `replace`) one that already holds a lab.
 * Returns whether the database exists.
 */
async function checkLabDatabase(
  side: Side,
  settings: ConnectionSettings,
  admin: ServerAdmin,
  replace: boolean,
) {
  const existing = await admin.findDatabase(settings.database);
  const where = `database ${settings.database} on ${serverLabel(settings)}`;
  if (existing && existing.label !== LAB_LABEL) {
    throw new IcmsyncError(
      `${where} exists and was not created by icmsync lab (choose another database; icmsync never drops it)`,
      'REFUSED',
      { side },
    );
  }
  if (existing && !replace) {
    throw new IcmsyncError(
      `${where} already holds a lab (add --replace to rebuild it)`,
      'REFUSED',
      { side },
    );
  }
  return existing !== null;
}

/** Options for {@link createLabPair}. */
export interface CreateLabOptions extends LabOptions {
  /** Rebuild databases that already hold a lab. @default false */
  readonly replace: boolean;
  readonly onProgress?: (event: LabProgress) => void;
  /** Told as soon as a side's database exists, so a failure later can say what it left. */
  readonly onCreated?: (side: Side) => void;
  /** Aborting stops the load at the next statement. */
  readonly signal?: AbortSignal;
}

/**
 * Creates and fills a lab Logger pair on the servers `settings` name. Both sides run to the end or
 * to their failure before it returns or throws (the first failure, A before B), so nothing is
 * still writing when the caller reports.
 */
export async function createLabPair(
  engine: Engine,
  settings: Pair<ConnectionSettings>,
  options: CreateLabOptions,
): Promise<Pair<LabSummary>> {
  // Check both sides before writing to either, so a refusal on B leaves A untouched.
  for (const side of SIDES) {
    const s = pick(settings, side);
    await withAdmin(engine, side, s, (admin) => checkLabDatabase(side, s, admin, options.replace));
  }
  const build = async (side: Side) => {
    const s = pick(settings, side);
    if (options.signal?.aborted) throw interrupted();
    await withAdmin(engine, side, s, async (admin) => {
      if (await checkLabDatabase(side, s, admin, options.replace))
        await admin.dropDatabase(s.database);
      await admin.createDatabase(s.database, LAB_LABEL);
    });
    options.onCreated?.(side);
    const db = await engine.open(side, s, { signal: options.signal });
    try {
      return await fillLab(db, options, options.onProgress);
    } finally {
      await db.close();
    }
  };
  const [a, b] = await Promise.allSettled(SIDES.map(build));
  if (a?.status === 'fulfilled' && b?.status === 'fulfilled') return { a: a.value, b: b.value };
  throw a?.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
}

/** Drops a lab pair, refusing databases icmsync did not create. Returns the sides that had one. */
export async function dropLabPair(
  engine: Engine,
  settings: Pair<ConnectionSettings>,
): Promise<Side[]> {
  const exists = new Map<Side, boolean>();
  for (const side of SIDES) {
    const s = pick(settings, side);
    exists.set(
      side,
      await withAdmin(engine, side, s, (admin) => checkLabDatabase(side, s, admin, true)),
    );
  }
  const dropped = SIDES.filter((side) => exists.get(side));
  for (const side of dropped) {
    const s = pick(settings, side);
    await withAdmin(engine, side, s, (admin) => admin.dropDatabase(s.database));
  }
  return dropped;
}
