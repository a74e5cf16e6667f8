import { describe, expect, it } from 'vitest';
import {
  advanceIdentityInRangeSql,
  copyInSql,
  copyOutSql,
} from '../../../../src/db/postgres/copy-range-sql.js';
import { column, table } from '../../../support/shapes.js';

const t = table(
  [
    column('day', 'integer'),
    column('id', 'double precision', { kind: 'float' }),
    column('name', 'character varying(32)', { kind: 'text', nullable: true }),
    column('total', 'integer', { generated: true }),
  ],
  { schema: 'public', name: 'Call "Detail"', primaryKey: ['day', 'id'] },
);

describe('copyOutSql', () => {
  it('copies the data columns of the whole table in key order, in binary, with no bounds to set', () => {
    expect(copyOutSql(t, 'A')).toEqual({
      bounds: null,
      copy: 'COPY (SELECT "day", "id", "name" FROM "public"."Call ""Detail""" ORDER BY "day", "id") TO STDOUT (FORMAT binary)',
    });
  });

  it('sends the bounds as parameters of set_config and reads them back cast to the key types', () => {
    const out = copyOutSql(t, 'A', { after: ['1', '2.5'], upTo: ['3', '4'] });
    expect(out.bounds).toEqual({
      text: "SELECT set_config('icmsync.after_0', $1, false), set_config('icmsync.after_1', $2, false), set_config('icmsync.up_to_0', $3, false), set_config('icmsync.up_to_1', $4, false)",
      values: ['1', '2.5', '3', '4'],
    });
    expect(out.copy).toBe(
      `COPY (SELECT "day", "id", "name" FROM "public"."Call ""Detail""" WHERE ("day", "id") > (current_setting('icmsync.after_0')::integer, current_setting('icmsync.after_1')::double precision) AND ("day", "id") <= (current_setting('icmsync.up_to_0')::integer, current_setting('icmsync.up_to_1')::double precision) ORDER BY "day", "id") TO STDOUT (FORMAT binary)`,
    );
  });

  it('sends a binary key value in its hex input form', () => {
    const keyed = table([column('id', 'bytea', { kind: 'binary' })]);
    const out = copyOutSql(keyed, 'B', { upTo: [new Uint8Array([0, 255])] });
    expect(out.bounds?.values).toEqual(['\\x00ff']);
    expect(out.copy).toContain(`("id") <= (current_setting('icmsync.up_to_0')::bytea)`);
  });

  it('refuses a bound with the wrong number of key values', () => {
    expect(() => copyOutSql(t, 'A', { after: ['1'] })).toThrow(/1 values for 2 key columns/);
  });

  it('refuses a table without a key, naming the side', () => {
    expect(() => copyOutSql(table([column('x')], { primaryKey: [] }), 'B')).toThrow(
      /no primary key/,
    );
  });
});

describe('copyInSql', () => {
  it('names the data columns (not the generated one) and takes binary input', () => {
    expect(copyInSql(t)).toBe(
      'COPY "public"."Call ""Detail""" ("day", "id", "name") FROM STDIN (FORMAT binary)',
    );
  });
});

describe('advanceIdentityInRangeSql', () => {
  it("moves the sequence past the range's highest value, never back, with the range's bounds from $3", () => {
    const id = column('seq', 'integer', { identity: true });
    const statement = advanceIdentityInRangeSql(t, 'B', id, { after: ['1', '2'] });
    expect(statement.text).toContain(
      `(SELECT max("seq") AS top FROM "public"."Call ""Detail""" WHERE ("day", "id") > ($3, $4)) AS m`,
    );
    expect(statement.text).toContain(
      'greatest(m.top, coalesce(pg_sequence_last_value(s.seq), m.top))',
    );
    expect(statement.values).toEqual(['"public"."Call ""Detail"""', 'seq', '1', '2']);
  });
});
