import type { Database } from '../port/database.js';
import { IcmsyncError } from '../port/errors.js';
import type { Catalog, DatabaseInfo, TableShape } from '../port/shapes.js';
import { tableLabel } from '../port/table-key.js';
import type {
  GrowingTable,
  Profile,
  ProfiledSide,
  SchemaVersion,
  SkippedTable,
} from './profile.js';

/** The Logger tables icmsync treats specially, by their names in Cisco's schema. */
export const LOGGER_TABLES = {
  /** Schema version rows: `Major`, `Minor`. */
  version: 'Version',
  /** One row per configuration transaction; its highest RecoveryKey is the LastUpdateKey. */
  updateLog: 'Config_Message_Log',
  /** System tables each Logger keeps for itself; they differ between healthy sides. */
  perSide: ['Logger_Admin', 'Recovery', 'Controller_Time', 'Logger_Meters', 'Rename'],
} as const;

/** The column that orders the update log and every historical table. */
export const RECOVERY_KEY = 'RecoveryKey';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const columnNamed = (table: TableShape, name: string) =>
  table.columns.find((c) => same(c.name, name));

async function readSchemaVersion(
  db: Database,
  info: DatabaseInfo,
  version: TableShape,
): Promise<SchemaVersion> {
  const notLogger = (why: string) =>
    new IcmsyncError(
      `${info.database} on ${info.server} is not a usable Logger database: ${why} (point side ${db.side} at the <instance>_side${db.side} database, or use --profile generic)`,
      'NOT_A_LOGGER',
      { side: db.side },
    );
  const major = version.columns.findIndex((c) => same(c.name, 'Major'));
  const minor = version.columns.findIndex((c) => same(c.name, 'Minor'));
  if (major < 0 || minor < 0)
    throw notLogger(`${tableLabel(version)} has no Major and Minor columns`);
  let best: SchemaVersion | null = null;
  for await (const batch of db.readRows(version)) {
    for (const row of batch) {
      const found = { major: Number(row[major]), minor: Number(row[minor]) };
      if (
        !best ||
        found.major > best.major ||
        (found.major === best.major && found.minor > best.minor)
      )
        best = found;
    }
  }
  if (!best) throw notLogger(`${tableLabel(version)} is empty`);
  return best;
}

/**
 * The Logger profile: configuration tables compared row for row, Config_Message_Log as the update
 * log, tables keyed by RecoveryKey as historical, Version as the schema version.
 */
export const icmProfile: Profile = {
  name: 'icm',
  async inspect(db: Database, info: DatabaseInfo, catalog: Catalog): Promise<ProfiledSide> {
    const own = catalog.tables.filter((t) => same(t.schema, info.defaultSchema));
    const version = own.find((t) => same(t.name, LOGGER_TABLES.version));
    if (!version) {
      throw new IcmsyncError(
        `${info.database} on ${info.server} is not a Logger database: it has no ${info.defaultSchema}.${LOGGER_TABLES.version} table (point side ${db.side} at the <instance>_side${db.side} database, or use --profile generic)`,
        'NOT_A_LOGGER',
        { side: db.side },
      );
    }
    const compared: TableShape[] = [];
    const growing: GrowingTable[] = [];
    const skipped: SkippedTable[] = [];
    let updateLog: GrowingTable | null = null;
    for (const table of catalog.tables) {
      const recoveryKey = columnNamed(table, RECOVERY_KEY);
      if (!own.includes(table)) {
        skipped.push({ table, reason: `outside the Logger's schema ${info.defaultSchema}` });
      } else if (table === version) {
        skipped.push({ table, reason: 'compared as the schema version' });
      } else if (LOGGER_TABLES.perSide.some((name) => same(name, table.name))) {
        skipped.push({ table, reason: 'per-side system table: each Logger keeps its own' });
      } else if (same(table.name, LOGGER_TABLES.updateLog) && recoveryKey) {
        compared.push(table);
        updateLog = { table, keyColumn: recoveryKey.name };
      } else if (recoveryKey) {
        growing.push({ table, keyColumn: recoveryKey.name });
      } else {
        compared.push(table);
      }
    }
    return {
      compared,
      updateLog,
      growing,
      skipped,
      schemaVersion: await readSchemaVersion(db, info, version),
    };
  },
};
