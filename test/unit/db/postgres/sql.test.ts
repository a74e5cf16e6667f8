import { describe, expect, it } from 'vitest';
import { createDatabaseSql, dropDatabaseSql } from '../../../../src/db/postgres/admin-sql.js';
import {
  CHECKSUM_AGGREGATES,
  canonicalRow,
  checksumSql,
  hashedRows,
  rowBytes,
} from '../../../../src/db/postgres/checksum-sql.js';
import { qualifiedName, quoteIdent } from '../../../../src/db/postgres/quote.js';
import {
  columnStatsSql,
  rangePredicate,
  readRowsSql,
} from '../../../../src/db/postgres/rows-sql.js';
import { copyFromSql, insertArraysSql } from '../../../../src/db/postgres/write-sql.js';
import { column, table } from '../../../support/shapes.js';

const t = table(
  [
    column('id', 'integer'),
    column('name', 'character varying(32)', { kind: 'text', nullable: true }),
    column('blob', 'bytea', { kind: 'binary', nullable: true }),
    column('total', 'integer', { generated: true }),
  ],
  { schema: 'public', name: 'Agent' },
);

describe('quoting', () => {
  it('doubles embedded quotes and never lets a name out of its quotes', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent(`x"; DROP TABLE y; --`)).toBe(`"x""; DROP TABLE y; --"`);
    expect(qualifiedName({ schema: 'we"ird', name: 'T' })).toBe('"we""ird"."T"');
  });
});

describe('canonicalRow', () => {
  it("is the server's text of a row value of the data columns in table order, blobs by their MD5", () => {
    expect(canonicalRow(t)).toBe('ROW("id", "name", md5("blob"))::text');
  });

  it('quotes hostile names', () => {
    const odd = table([column('id'), column(`we"ird`, 'text', { kind: 'text' })]);
    expect(canonicalRow(odd)).toBe('ROW("id", "we""ird")::text');
  });

  it('refuses a type it cannot compare, naming the column', () => {
    const odd = table([column('id'), column('shape', 'point', { kind: 'other' })]);
    expect(() => canonicalRow(odd)).toThrow(
      'dbo.T.shape has type point, which icmsync cannot compare',
    );
  });
});

describe('rowBytes', () => {
  it('adds fixed widths as constants, per size for nullable ones, and measures the rest', () => {
    const wide = table([
      column('id', 'integer'),
      column('at', 'timestamp(3) without time zone', {
        dataType: 'timestamp without time zone',
        kind: 'datetime',
      }),
      column('small', 'smallint'),
      column('n1', 'integer', { nullable: true }),
      column('n2', 'integer', { nullable: true }),
      column('f', 'double precision', { kind: 'float', nullable: true }),
      column('name', 'character varying(32)', { kind: 'text', nullable: true }),
      column('code', 'character(1)', { kind: 'text' }),
      column('blob', 'bytea', { kind: 'binary', nullable: true }),
      column('amount', 'numeric(18,4)', { kind: 'decimal', nullable: true }),
      column('doc', 'jsonb', { kind: 'text', nullable: true }),
      column('gen', 'integer', { generated: true }),
    ]);
    expect(rowBytes(wide)).toBe(
      '14::bigint + 4 * num_nonnulls("n1", "n2") + 8 * num_nonnulls("f") + ' +
        'coalesce(octet_length("name"), 0) + coalesce(octet_length("code"), 0) + ' +
        'coalesce(octet_length("blob"), 0) + coalesce(pg_column_size("amount"), 0) + ' +
        'coalesce(pg_column_size("doc"), 0)',
    );
  });

  it('is a bigint zero-based sum even with no fixed NOT NULL column', () => {
    const texts = table([column('id', 'text', { kind: 'text' })]);
    expect(rowBytes(texts)).toBe('0::bigint + coalesce(octet_length("id"), 0)');
  });
});

describe('rangePredicate', () => {
  it('is empty for a whole table', () => {
    expect(rangePredicate(['id'], undefined)).toEqual({ text: '', values: [] });
  });

  it('compares key tuples, after exclusive and upTo inclusive, values as parameters', () => {
    expect(rangePredicate(['k1', 'k2'], { after: ['1', 'x'], upTo: ['5', "y'"] }, 3)).toEqual({
      text: 'WHERE ("k1", "k2") > ($3, $4) AND ("k1", "k2") <= ($5, $6)',
      values: ['1', 'x', '5', "y'"],
    });
  });

  it('rejects a bound with the wrong number of values', () => {
    expect(() => rangePredicate(['a', 'b'], { upTo: ['1'] })).toThrow(
      'key bound has 1 values for 2 key columns',
    );
  });
});

describe('statements', () => {
  it('checksums count, bytes and a 64-bit hash sum as exact text, in one scan', () => {
    const { text, values } = checksumSql(t, 'A', { upTo: ['10'] });
    expect(values).toEqual(['10']);
    expect(text).toBe(
      `SELECT ${CHECKSUM_AGGREGATES}\nFROM (SELECT md5(ROW("id", "name", md5("blob"))::text) AS row_hash, ` +
        '4::bigint + coalesce(octet_length("name"), 0) + coalesce(octet_length("blob"), 0) AS row_bytes\n' +
        '  FROM "public"."Agent" WHERE ("id") <= ($1)) AS r',
    );
    expect(CHECKSUM_AGGREGATES).toContain('count(*)::text AS row_count');
    expect(CHECKSUM_AGGREGATES).toContain('coalesce(sum(r.row_bytes), 0)::text AS byte_count');
    expect(CHECKSUM_AGGREGATES).toContain(
      "coalesce(sum(('x' || substr(r.row_hash, 1, 16))::bit(64)::bigint), 0)::text AS digest",
    );
    expect(text).not.toContain('"total"');
  });

  it('hashes rows with leading select items for grouped checksums', () => {
    expect(hashedRows(t, 'WHERE true', '1 AS bucket, ')).toMatch(
      /^SELECT 1 AS bucket, md5\(ROW\("id", "name", md5\("blob"\)\)::text\) AS row_hash, /,
    );
  });

  it('reads a keyset page of every column in key order', () => {
    expect(readRowsSql(t, 500, { after: ['7'] })).toEqual({
      text: 'SELECT "id", "name", "blob", "total" FROM "public"."Agent" WHERE ("id") > ($1)\nORDER BY "id" LIMIT $2',
      values: ['7', 500],
    });
  });

  it('counts and finds the highest value of one column', () => {
    expect(columnStatsSql(t, 'id').text).toBe(
      'SELECT count(*)::text AS row_count, max("id") AS max_value FROM "public"."Agent"',
    );
  });

  it('bulk loads only writable columns, by COPY or by unnest of typed arrays', () => {
    expect(copyFromSql(t)).toBe('COPY "public"."Agent" ("id", "name", "blob") FROM STDIN');
    expect(insertArraysSql(t)).toBe(
      'INSERT INTO "public"."Agent" ("id", "name", "blob") SELECT * FROM unnest($1::integer[], $2::character varying(32)[], $3::bytea[])',
    );
  });

  it('creates and force-drops databases by quoted name', () => {
    expect(createDatabaseSql('lab"x')).toBe('CREATE DATABASE "lab""x"');
    expect(dropDatabaseSql('lab')).toBe('DROP DATABASE IF EXISTS "lab" WITH (FORCE)');
  });
});
