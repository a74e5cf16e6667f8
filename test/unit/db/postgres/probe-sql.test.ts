import { describe, expect, it } from 'vitest';
import {
  CLOCK_SQL,
  CONNECTION_SQL,
  grantsOf,
  postgresStorage,
  sizeOf,
  TABLE_PROBE_SQL,
  tableProbeStatement,
} from '../../../../src/db/postgres/probe-sql.js';
import { column, table } from '../../../support/shapes.js';

describe('the PostgreSQL probe statements', () => {
  it("reads TLS from the connection's own backend, and still answers without a pg_stat_ssl row", () => {
    expect(CONNECTION_SQL).toContain(
      'LEFT JOIN pg_catalog.pg_stat_ssl AS s ON s.pid = pg_backend_pid()',
    );
    expect(CONNECTION_SQL).toContain('FROM (SELECT 1) AS one');
    expect(CONNECTION_SQL).toContain(
      "CASE WHEN s.ssl THEN concat_ws(' ', s.version, s.cipher) END",
    );
  });

  it('asks for pg_read_all_stats, and reads data_directory only with pg_read_all_settings', () => {
    expect(CONNECTION_SQL).toContain(
      "pg_has_role('pg_read_all_stats', 'USAGE') AS sees_all_sessions",
    );
    expect(CONNECTION_SQL).toContain(`CASE WHEN pg_has_role('pg_read_all_settings', 'USAGE')
    THEN current_setting('data_directory') END AS data_directory`);
  });

  it('checks the four row privileges, ownership and the identity sequences', () => {
    for (const p of ['SELECT', 'INSERT', 'UPDATE', 'DELETE'])
      expect(TABLE_PROBE_SQL).toContain(`has_table_privilege(c.oid, '${p}')`);
    expect(TABLE_PROBE_SQL).toContain("pg_has_role(c.relowner, 'USAGE') AS owns");
    expect(TABLE_PROBE_SQL).toContain("has_sequence_privilege(d.objid, 'UPDATE')");
    expect(TABLE_PROBE_SQL).toContain("has_sequence_privilege(d.objid, 'SELECT, USAGE')");
    expect(TABLE_PROBE_SQL).toContain("seq.relkind = 'S'");
    expect(TABLE_PROBE_SQL).toContain("d.deptype = 'i'");
  });

  it('sizes a table with its indexes and TOAST, and a partitioned one over its partitions', () => {
    expect(TABLE_PROBE_SQL).toContain(
      'ELSE pg_total_relation_size(c.oid) END)::bigint AS total_bytes',
    );
    expect(TABLE_PROBE_SQL).toContain(
      'sum(pg_total_relation_size(p.relid)), 0) FROM pg_partition_tree(c.oid) AS p',
    );
    expect(TABLE_PROBE_SQL).toContain('greatest(c.reltuples, 0)::bigint AS row_estimate');
  });

  it('passes the table names as two arrays, never in the text', () => {
    const statement = tableProbeStatement([
      table([column('id')], { schema: 'public', name: 'Agent' }),
      table([column('id')], { schema: 'public', name: `Odd"Name` }),
    ]);
    expect(statement.text).toBe(TABLE_PROBE_SQL);
    expect(statement.text).toContain(
      'unnest($1::text[], $2::text[]) AS asked(schema_name, table_name)',
    );
    expect(statement.values).toEqual([
      ['public', 'public'],
      ['Agent', `Odd"Name`],
    ]);
    expect(statement.text).not.toContain('Odd');
  });

  it('reads the clock from clock_timestamp(), not the transaction start', () => {
    expect(CLOCK_SQL).toBe(
      'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS server_ms',
    );
  });
});

describe('the PostgreSQL probe rows', () => {
  const row = {
    schema_name: 'public',
    table_name: 'Agent',
    can_select: true,
    can_insert: false,
    can_update: true,
    can_delete: true,
    owns: false,
    keeps_identity: true,
    total_bytes: '65536',
    row_estimate: '120',
  };

  it('map privileges to grants: ownership disables triggers', () => {
    expect(grantsOf(row)).toEqual({
      select: true,
      insert: false,
      update: true,
      delete: true,
      disableTriggers: false,
      keepIdentity: true,
    });
    expect(sizeOf(row)).toEqual({ bytes: 65536, rows: 120 });
  });

  it('say free space is unknown, and where to look', () => {
    expect(postgresStorage('/var/lib/postgresql/15/main')).toEqual({
      files: [],
      unknown: 'PostgreSQL does not report free disk space through SQL',
      location: '/var/lib/postgresql/15/main',
    });
  });
});
