import { describe, expect, it } from 'vitest';
import {
  postgresScriptDialect as dialect,
  postgresLiteral,
  stringLiteral,
} from '../../../../src/db/postgres/script-dialect.js';
import { isIcmsyncError } from '../../../../src/port/errors.js';
import type { ColumnShape, DatabaseInfo } from '../../../../src/port/shapes.js';
import { column, table } from '../../../support/shapes.js';

const id = column('id', 'integer');
const name = column('name', 'character varying(40)', {
  dataType: 'character varying',
  kind: 'text',
});
const t = table([id, name], { schema: 'public', name: 'T' });
const literal = (c: ColumnShape, value: string | Uint8Array | null) => postgresLiteral(t, c, value);
const typed = (dataType: string, type: string, kind: ColumnShape['kind']) =>
  column('c', type, { dataType, type, kind });

const target: DatabaseInfo = {
  server: '127.0.0.1:5432',
  database: 'icmlab_sideB',
  engine: 'postgres',
  engineVersion: 'PostgreSQL 15.20',
  defaultSchema: 'public',
};

describe('stringLiteral', () => {
  it('doubles quotes and keeps backslashes and Unicode as they are (standard strings)', () => {
    expect(stringLiteral('')).toBe("''");
    expect(stringLiteral("O'Brien")).toBe("'O''Brien'");
    expect(stringLiteral('C:\\path')).toBe("'C:\\path'");
    expect(stringLiteral('😀 ü 漢字')).toBe("'😀 ü 漢字'");
  });

  it('spells control characters in an escape string, so no line break is left in the text', () => {
    expect(stringLiteral("a\r\nb\tc'\\\u0001")).toBe("E'a\\r\\nb\\tc''\\\\\\x01'");
    expect(stringLiteral('x\nGO\n')).not.toContain('\n');
  });
});

describe('postgresLiteral', () => {
  it('writes NULL, bare integers and numerics: bigint and decimals beyond 2^53 stay exact', () => {
    expect(literal(id, null)).toBe('NULL');
    expect(literal(typed('bigint', 'bigint', 'integer'), '-9223372036854775808')).toBe(
      '-9223372036854775808',
    );
    const numeric = typed('numeric', 'numeric(38,10)', 'decimal');
    expect(literal(numeric, '1234567890123456789012345678.0123456789')).toBe(
      '1234567890123456789012345678.0123456789',
    );
    expect(literal(numeric, 'NaN')).toBe("'NaN'::numeric(38,10)");
  });

  it('casts floats from their shortest exact text, specials and -0 included', () => {
    const float = typed('double precision', 'double precision', 'float');
    expect(literal(float, '0.1')).toBe("'0.1'::double precision");
    expect(literal(float, '-0')).toBe("'-0'::double precision");
    expect(literal(float, 'Infinity')).toBe("'Infinity'::double precision");
    expect(literal(typed('real', 'real', 'float'), '1.17549435e-38')).toBe(
      "'1.17549435e-38'::real",
    );
  });

  it('writes booleans, bytes, and casts every other type from its text', () => {
    expect(literal(typed('boolean', 'boolean', 'boolean'), 't')).toBe('true');
    expect(literal(typed('boolean', 'boolean', 'boolean'), 'f')).toBe('false');
    const bytea = typed('bytea', 'bytea', 'binary');
    expect(literal(bytea, Buffer.from([0, 1, 255]))).toBe("'\\x0001ff'::bytea");
    expect(literal(bytea, new Uint8Array())).toBe("'\\x'::bytea");
    expect(
      literal(
        typed('timestamp without time zone', 'timestamp(6) without time zone', 'datetime'),
        '2026-11-24 10:00:00.123456',
      ),
    ).toBe("'2026-11-24 10:00:00.123456'::timestamp(6) without time zone");
    expect(
      literal(
        typed('timestamp with time zone', 'timestamp(6) with time zone', 'datetimeoffset'),
        '2026-11-24 04:30:00.123456+00',
      ),
    ).toBe("'2026-11-24 04:30:00.123456+00'::timestamp(6) with time zone");
    expect(literal(typed('uuid', 'uuid', 'guid'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')).toBe(
      "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
    );
    expect(literal(typed('money', 'money', 'money'), '-$1,234.56')).toBe("'-$1,234.56'::money");
    expect(literal(typed('jsonb', 'jsonb', 'text'), '{"a": 1}')).toBe('\'{"a": 1}\'::jsonb');
    expect(literal(typed('xml', 'xml', 'xml'), '<a/>')).toBe("'<a/>'::xml");
  });

  it('leaves plain text untyped: it is assigned to the column as it is', () => {
    expect(literal(name, 'abc ')).toBe("'abc '");
    expect(literal(typed('character', 'character(3)', 'text'), 'a  ')).toBe("'a  '");
    expect(literal(typed('text', 'text', 'text'), "it's")).toBe("'it''s'");
  });

  it('refuses a type it cannot write back, and a value in the wrong form', () => {
    const other = typed('tsvector', 'tsvector', 'other');
    expect(() => literal(other, 'x')).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED',
        message:
          'public.T.c has type tsvector, which a fix script cannot write (leave the table out)',
      }),
    );
    expect(() => literal(typed('bytea', 'bytea', 'binary'), 'ab')).toThrow(/wrong form/);
    expect(isIcmsyncError(new Error('x'))).toBe(false);
  });
});

describe('postgresScriptDialect statements', () => {
  const identity = column('id', 'integer', { identity: true });
  const withIdentity = table([identity, name], { schema: 'public', name: 'Tree' });

  it('inserts rows in one statement, OVERRIDING SYSTEM VALUE into identity columns', () => {
    expect(
      dialect.insertRows(
        t,
        [id, name],
        [
          ['1', "x'y"],
          ['2', null],
        ],
      ),
    ).toBe('INSERT INTO "public"."T" ("id", "name") VALUES\n  (1, \'x\'\'y\'),\n  (2, NULL);');
    expect(dialect.insertRows(withIdentity, [identity, name], [['5', 'a']])).toBe(
      'INSERT INTO "public"."Tree" ("id", "name") OVERRIDING SYSTEM VALUE VALUES\n  (5, \'a\');',
    );
  });

  it('moves the identity sequence forward to the highest value after identity inserts', () => {
    expect(dialect.beforeIdentityInsert(withIdentity)).toEqual([]);
    const [setval, ...rest] = dialect.afterIdentityInsert(withIdentity);
    expect(rest).toEqual([]);
    expect(setval).toBe(
      `SELECT setval(m.seq, m.hi) FROM (SELECT pg_get_serial_sequence('"public"."Tree"', 'id')::regclass AS seq, max("id") AS hi FROM "public"."Tree") m
WHERE m.hi > COALESCE((SELECT s.last_value FROM pg_sequences s WHERE format('%I.%I', s.schemaname, s.sequencename)::regclass = m.seq), m.hi - 1);`,
    );
  });

  it('updates the differing columns of one row; deletes by IN, row-value IN, or IS NULL', () => {
    expect(dialect.updateRow(t, [{ column: id, value: '7' }], [{ column: name, value: '' }])).toBe(
      'UPDATE "public"."T" SET "name" = \'\' WHERE "id" = 7;',
    );
    expect(dialect.deleteRows(t, [id], [['1'], ['2']])).toBe(
      'DELETE FROM "public"."T" WHERE "id" IN (1, 2);',
    );
    expect(
      dialect.deleteRows(
        t,
        [id, name],
        [
          ['1', 'a'],
          ['2', 'b'],
        ],
      ),
    ).toBe('DELETE FROM "public"."T" WHERE ("id", "name") IN ((1, \'a\'), (2, \'b\'));');
    expect(dialect.deleteRows(t, [id, name], [['1', null]])).toBe(
      'DELETE FROM "public"."T" WHERE ("id" = 1 AND "name" IS NULL);',
    );
  });

  it('never switches foreign keys off: that takes superuser rights, rows are ordered instead', () => {
    const fk = {
      name: 'fk',
      columns: ['parent'],
      referencedSchema: 'public',
      referencedTable: 'T',
      referencedColumns: ['id'],
      enabled: true,
    };
    expect(dialect.disableForeignKey(t, fk)).toBeNull();
    expect(dialect.enableForeignKey(t, fk)).toBeNull();
  });

  it('opens with the settings its literals need and a guard; psql -1 makes it one transaction', () => {
    const preamble = dialect.preamble({ ...target, database: "odd'db" });
    expect(preamble).toContain("SET client_encoding = 'UTF8';");
    expect(preamble).toContain('SET standard_conforming_strings = on;');
    expect(preamble).toContain("SET lc_monetary = 'C';");
    expect(preamble).toContain('SET CONSTRAINTS ALL DEFERRED;');
    expect(preamble.join('\n')).toContain("IF current_database() <> 'odd''db' THEN");
    expect(dialect.beginBatch()).toEqual([]);
    expect(dialect.endBatch()).toEqual([]);
    expect(dialect.describeTransactions(100)).toContain('psql -1');
    expect(dialect.applyCommand(target, 'fix.sql')).toBe(
      'psql -h 127.0.0.1 -p 5432 -d icmlab_sideB -v ON_ERROR_STOP=1 -1 -f fix.sql',
    );
    expect(dialect.applyCommand({ ...target, server: 'db' }, "it's.sql")).toBe(
      "psql -h db -d icmlab_sideB -v ON_ERROR_STOP=1 -1 -f 'it'\\''s.sql'",
    );
  });
});
