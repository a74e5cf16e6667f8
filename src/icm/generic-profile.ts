import type { Database } from '../port/database.js';
import type { Catalog, DatabaseInfo } from '../port/shapes.js';
import { keyColumns } from '../port/table-key.js';
import type { Profile, ProfiledSide } from './profile.js';

/**
 * Any pair of same-shaped databases (an HDS or AW pair, two PostgreSQL copies): every user table
 * with a key is compared by checksum; there are no update keys, historical tables or versions.
 */
export const genericProfile: Profile = {
  name: 'generic',
  async inspect(_db: Database, _info: DatabaseInfo, catalog: Catalog): Promise<ProfiledSide> {
    const keyed = catalog.tables.filter((t) => keyColumns(t).length > 0);
    return {
      compared: keyed,
      updateLog: null,
      growing: [],
      skipped: catalog.tables
        .filter((t) => !keyed.includes(t))
        .map((table) => ({ table, reason: 'no primary key or NOT NULL unique key' })),
      schemaVersion: null,
    };
  },
};
