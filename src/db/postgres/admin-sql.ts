import { quoteIdent } from './quote.js';

/** Looks up a database and the label icmsync left on it (its comment). */
export const FIND_DATABASE_SQL = `SELECT d.datname, shobj_description(d.oid, 'pg_database') AS label
FROM pg_catalog.pg_database d WHERE d.datname = $1`;

/** `CREATE DATABASE` for a name from configuration, quoted. */
export function createDatabaseSql(name: string): string {
  return `CREATE DATABASE ${quoteIdent(name)}`;
}

/** Has the server quote the label literal itself: `COMMENT ON` takes no parameters. */
export const LABEL_DATABASE_SQL = `SELECT format('COMMENT ON DATABASE %I IS %L', $1::text, $2::text) AS statement`;

/** Drops a database, ending other sessions on it (PostgreSQL 13 or later). */
export function dropDatabaseSql(name: string): string {
  return `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`;
}
