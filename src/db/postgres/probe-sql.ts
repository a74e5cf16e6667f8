import type { StorageFacts, TableGrants, TableSize } from '../../port/probe.js';
import type { TableShape } from '../../port/shapes.js';
import type { Statement } from './quote.js';

/**
 * This connection as the server sees it: the user, TLS on its own backend (`pg_stat_ssl`), whether
 * the login sees other users' sessions in full, and the data directory when it may read it. In
 * `pg_stat_activity`, another user's session shows its application but NULL for `backend_type`,
 * `state` and the rest unless the login has the privileges of `pg_read_all_stats` (superusers do).
 * `data_directory` is readable only with `pg_read_all_settings`: the CASE keeps the
 * `current_setting` call (which would fail) from running without it.
 */
export const CONNECTION_SQL = `SELECT current_user AS user_name,
  s.ssl AS encrypted,
  CASE WHEN s.ssl THEN concat_ws(' ', s.version, s.cipher) END AS encryption,
  pg_has_role('pg_read_all_stats', 'USAGE') AS sees_all_sessions,
  CASE WHEN pg_has_role('pg_read_all_settings', 'USAGE')
    THEN current_setting('data_directory') END AS data_directory
FROM (SELECT 1) AS one
LEFT JOIN pg_catalog.pg_stat_ssl AS s ON s.pid = pg_backend_pid()`;

/**
 * Grants and size of the named tables (`$1` schemas and `$2` names, pairwise). ALTER TABLE … DISABLE
 * TRIGGER needs the table's owner, or a role with its privileges (`pg_has_role(owner, 'USAGE')`,
 * true for superusers). Keeping identity values runs `setval` (UPDATE on the sequence) after
 * `pg_sequence_last_value` (SELECT or USAGE) on each identity sequence: a sequence that depends on
 * the table with `pg_depend` type `i` (the TOAST table does too, hence `relkind = 'S'`). The size is
 * the table's with its indexes and TOAST, summed over the partitions of a partitioned one; the rows
 * are the planner's estimate (`reltuples`, -1 before the first ANALYZE).
 */
export const TABLE_PROBE_SQL = `SELECT n.nspname AS schema_name, c.relname AS table_name,
  has_table_privilege(c.oid, 'SELECT') AS can_select,
  has_table_privilege(c.oid, 'INSERT') AS can_insert,
  has_table_privilege(c.oid, 'UPDATE') AS can_update,
  has_table_privilege(c.oid, 'DELETE') AS can_delete,
  pg_has_role(c.relowner, 'USAGE') AS owns,
  coalesce((SELECT bool_and(has_sequence_privilege(d.objid, 'UPDATE')
        AND has_sequence_privilege(d.objid, 'SELECT, USAGE'))
      FROM pg_catalog.pg_depend AS d
      JOIN pg_catalog.pg_class AS seq ON seq.oid = d.objid AND seq.relkind = 'S'
      WHERE d.classid = 'pg_catalog.pg_class'::regclass
        AND d.refclassid = 'pg_catalog.pg_class'::regclass
        AND d.refobjid = c.oid AND d.deptype = 'i'), true) AS keeps_identity,
  (CASE WHEN c.relkind = 'p'
    THEN (SELECT coalesce(sum(pg_total_relation_size(p.relid)), 0) FROM pg_partition_tree(c.oid) AS p)
    ELSE pg_total_relation_size(c.oid) END)::bigint AS total_bytes,
  greatest(c.reltuples, 0)::bigint AS row_estimate
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN unnest($1::text[], $2::text[]) AS asked(schema_name, table_name)
  ON asked.schema_name = n.nspname AND asked.table_name = c.relname
WHERE c.relkind IN ('r', 'p')`;

/**
 * The server's clock in milliseconds since 1970, UTC. `clock_timestamp()` is the time the function
 * runs; `now()` would be the start of the transaction.
 */
export const CLOCK_SQL =
  'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS server_ms';

/** The statement that probes `tables`: names travel as two text arrays, never in the text. */
export function tableProbeStatement(tables: readonly TableShape[]): Statement {
  return {
    text: TABLE_PROBE_SQL,
    values: [tables.map((t) => t.schema), tables.map((t) => t.name)],
  };
}

/** A row of {@link TABLE_PROBE_SQL}; bigints come back as text. */
export interface TableProbeRow {
  readonly schema_name: string;
  readonly table_name: string;
  readonly can_select: boolean;
  readonly can_insert: boolean;
  readonly can_update: boolean;
  readonly can_delete: boolean;
  readonly owns: boolean;
  readonly keeps_identity: boolean;
  readonly total_bytes: string | number;
  readonly row_estimate: string | number;
}

/** The grants a row says the login has. */
export function grantsOf(row: TableProbeRow): TableGrants {
  return {
    select: row.can_select,
    insert: row.can_insert,
    update: row.can_update,
    delete: row.can_delete,
    disableTriggers: row.owns,
    keepIdentity: row.keeps_identity,
  };
}

/** The size a row gives: every size function answers any login on PostgreSQL. */
export function sizeOf(row: TableProbeRow): TableSize {
  return { bytes: Number(row.total_bytes), rows: Number(row.row_estimate) };
}

/**
 * PostgreSQL reports no free disk space through SQL: no built-in function returns it, for
 * superusers either (the `pg_ls_dir` family lists files, it does not measure a filesystem). So
 * the room left is unknown, and the data directory, when visible, is where to look by hand.
 */
export function postgresStorage(dataDirectory: string | null): StorageFacts {
  return {
    files: [],
    unknown: 'PostgreSQL does not report free disk space through SQL',
    location: dataDirectory,
  };
}
