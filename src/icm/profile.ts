import type { Database } from '../port/database.js';
import type { Catalog, DatabaseInfo, TableShape } from '../port/shapes.js';

/** The profiles icmsync knows. */
export const PROFILE_NAMES = ['icm', 'generic'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** A table read for its growth (historical tables): row count and highest key column value. */
export interface GrowingTable {
  readonly table: TableShape;
  /** The column whose highest value says how far the table has got (RecoveryKey). */
  readonly keyColumn: string;
}

/** A table left out of the comparison, and why. */
export interface SkippedTable {
  readonly table: TableShape;
  readonly reason: string;
}

/** A schema version as the database records it (`77.4`). */
export interface SchemaVersion {
  readonly major: number;
  readonly minor: number;
}

/** What a profile makes of one side's database. */
export interface ProfiledSide {
  /** Tables compared row for row by checksum (the Logger's configuration). */
  readonly compared: readonly TableShape[];
  /** The table whose highest key is the side's LastUpdateKey, when the profile has one. */
  readonly updateLog: GrowingTable | null;
  /** Tables compared by row count and highest key only (the Logger's historical tables). */
  readonly growing: readonly GrowingTable[];
  readonly skipped: readonly SkippedTable[];
  /** Null when the profile has no notion of a schema version. */
  readonly schemaVersion: SchemaVersion | null;
}

/**
 * Domain knowledge about a kind of database pair: which tables matter and how. `icm` knows the
 * Logger; `generic` treats any two same-shaped databases.
 */
export interface Profile {
  readonly name: ProfileName;
  /** Sorts a side's tables and reads its schema version; throws when the database is not one of its kind. */
  inspect(db: Database, info: DatabaseInfo, catalog: Catalog): Promise<ProfiledSide>;
}
