import { describe, expect, it } from 'vitest';
import {
  CHECKSUM_AGGREGATES,
  canonicalRow,
  checksumSql,
  hashedRows,
} from '../../../../src/db/mssql/checksum-sql.js';
import { rangePredicate } from '../../../../src/db/mssql/rows-sql.js';
import {
  bucketChecksumsSql,
  EVERY_PARAM,
  MAX_PARAMETERS,
  nestedBucketCase,
  rankKeysSql,
  sampleKeysSql,
} from '../../../../src/db/mssql/segments-sql.js';
import { isIcmsyncError } from '../../../../src/port/errors.js';
import type { Key } from '../../../../src/port/types.js';
import { column, table } from './fixtures.js';

const CI = 'Latin1_General_CI_AS';

/** One-column int key. */
const agent = table(
  'Agent',
  [
    column('SkillTargetID', 'int', 'integer'),
    column('EnterpriseName', 'varchar', 'text', { type: 'varchar(32)', length: 32, collation: CI }),
  ],
  ['SkillTargetID'],
);

/** Composite (int, varchar under a case-insensitive collation) key. */
const member = table(
  'Skill_Group_Member',
  [
    column('SkillGroupSkillTargetID', 'int', 'integer'),
    column('AgentName', 'varchar', 'text', { type: 'varchar(32)', length: 32, collation: CI }),
    column('Note', 'varchar', 'text', { type: 'varchar(255)', length: 255, nullable: true }),
  ],
  ['SkillGroupSkillTargetID', 'AgentName'],
);

const G = '[SkillGroupSkillTargetID]';
const N = '[AgentName]';

/** `count` one-column keys 10, 20, 30, … */
const intKeys = (count: number): Key[] =>
  Array.from({ length: count }, (_, i) => [String((i + 1) * 10)]);

const occurrences = (text: string, part: string) => text.split(part).length - 1;

const paramNames = (params: readonly { name: string }[]) => params.map((p) => p.name);

/**
 * Evaluates a bucket expression whose predicates are `k<=i` tokens ("the key is at most boundary
 * i", boundary i being `10·(i+1)`), returning the bucket of `key` and the deepest CASE nesting.
 */
function evaluate(expression: string, key: number): { bucket: number; depth: number } {
  const tokens = expression.split(/\s+/);
  let at = 0;
  let depth = 0;
  const next = () => tokens[at++] ?? '';
  const parseExpr = (level: number): number => {
    const token = next();
    if (token === 'CASE') return parseCase(level + 1);
    const value = Number(token);
    if (!Number.isInteger(value)) throw new Error(`unexpected ${token}`);
    if (tokens[at] === '+') {
      next();
      return value + parseExpr(level);
    }
    return value;
  };
  const parseCase = (level: number): number => {
    depth = Math.max(depth, level);
    let result: number | undefined;
    for (;;) {
      const token = next();
      if (token === 'END') break;
      if (token === 'WHEN') {
        const boundary = Number(/^k<=(\d+)$/.exec(next())?.[1]);
        expect(next()).toBe('THEN');
        const value = parseExpr(level);
        if (result === undefined && key <= 10 * (boundary + 1)) result = value;
      } else if (token === 'ELSE') {
        const value = parseExpr(level);
        result ??= value;
      } else {
        throw new Error(`unexpected ${token}`);
      }
    }
    if (result === undefined) throw new Error('no branch taken');
    return result;
  };
  const bucket = parseExpr(0);
  expect(at).toBe(tokens.length);
  return { bucket, depth };
}

describe('checksum building blocks', () => {
  it('checksumSql is the aggregate list over the hashed rows', () => {
    const range = { after: ['1'] };
    const where = rangePredicate(agent, ['SkillTargetID'], range);
    expect(checksumSql(agent, 'A', range).text).toBe(
      `SELECT ${CHECKSUM_AGGREGATES}\nFROM (\n${hashedRows(agent, where.text)}\n) AS r;`,
    );
    expect(hashedRows(agent, '', 'x AS y, ')).toBe(
      [
        `  SELECT x AS y, HASHBYTES('SHA2_256',\n      ${canonicalRow(agent)}) AS row_hash,`,
        '    CONVERT(bigint, ISNULL(DATALENGTH([SkillTargetID]), 0)) + CONVERT(bigint, ISNULL(DATALENGTH([EnterpriseName]), 0)) AS row_bytes',
        '  FROM [dbo].[Agent]',
      ].join('\n'),
    );
  });
});

describe('nestedBucketCase', () => {
  const atMost = (i: number) => `k<=${i}`;

  it.each([0, 1, 2, 3, 7, 100, 1022, 1023, 1024, 1025, 1535, 1536, 1537, 1998, 2000])(
    'numbers the bucket of every key for %i boundaries, within 10 CASE levels',
    (boundaries) => {
      const expression = nestedBucketCase(boundaries, atMost);
      const probes = new Set([
        0,
        1,
        5,
        10,
        11,
        5115,
        5120,
        5121,
        10 * boundaries,
        10 * boundaries + 1,
      ]);
      for (let i = 0; i <= boundaries; i += 97) probes.add(10 * i).add(10 * i + 3);
      let deepest = 0;
      for (const key of probes) {
        const { bucket, depth } = evaluate(expression, key);
        expect(bucket).toBe(Math.min(boundaries, Math.max(0, Math.ceil(key / 10) - 1)));
        deepest = Math.max(deepest, depth);
      }
      expect(deepest).toBeLessThanOrEqual(10);
    },
  );

  it('writes each boundary exactly once, with or without the flat top level', () => {
    for (const boundaries of [100, 1500, 2000]) {
      const expression = nestedBucketCase(boundaries, atMost);
      for (let i = 0; i < boundaries; i++) {
        expect(occurrences(` ${expression} `, ` k<=${i} `)).toBe(1);
      }
      expect(occurrences(expression, 'k<=')).toBe(boundaries);
    }
  });
});

describe('bucketChecksumsSql', () => {
  it('buckets a one-column int key with a binary-search CASE over converted parameters', () => {
    const { text, params } = bucketChecksumsSql(agent, 'A', intKeys(3), {
      after: ['0'],
      upTo: ['1000'],
    });
    const b = (i: number) => `[SkillTargetID] <= CONVERT(int, @b${i}_0)`;
    const where = rangePredicate(agent, ['SkillTargetID'], { after: ['0'], upTo: ['1000'] });
    const bucket = `CASE WHEN ${b(1)} THEN CASE WHEN ${b(0)} THEN 0 ELSE 1 END ELSE CASE WHEN ${b(2)} THEN 2 ELSE 3 END END AS bucket, `;
    expect(text).toBe(
      [
        `SELECT r.bucket, ${CHECKSUM_AGGREGATES}`,
        'FROM (',
        hashedRows(agent, where.text, bucket),
        ') AS r',
        'GROUP BY r.bucket;',
      ].join('\n'),
    );
    expect(text).toContain(
      "  SELECT CASE WHEN [SkillTargetID] <= CONVERT(int, @b1_0) THEN CASE WHEN [SkillTargetID] <= CONVERT(int, @b0_0) THEN 0 ELSE 1 END ELSE CASE WHEN [SkillTargetID] <= CONVERT(int, @b2_0) THEN 2 ELSE 3 END END AS bucket, HASHBYTES('SHA2_256',",
    );
    expect(text).toContain(
      '  WHERE ([SkillTargetID] > CONVERT(int, @a0))\n  AND ([SkillTargetID] < CONVERT(int, @u0) OR [SkillTargetID] = CONVERT(int, @u0))',
    );
    expect(text).not.toContain('1000');
    expect(params.map((p) => [p.name, p.value, p.column.name])).toEqual([
      ['a0', '0', 'SkillTargetID'],
      ['u0', '1000', 'SkillTargetID'],
      ['b0_0', '10', 'SkillTargetID'],
      ['b1_0', '20', 'SkillTargetID'],
      ['b2_0', '30', 'SkillTargetID'],
    ]);
  });

  it('puts every row in bucket 0 when there are no boundaries', () => {
    const { text, params } = bucketChecksumsSql(agent, 'A', []);
    expect(text).toContain('  SELECT 0 AS bucket, HASHBYTES(');
    expect(text).not.toContain('WHERE');
    expect(params).toEqual([]);
  });

  it('compares a composite key lexicographically behind a seekable first-column term', () => {
    const { text, params } = bucketChecksumsSql(member, 'B', [
      ['5', 'b'],
      ['7', 'A'],
    ]);
    const atMost = (i: number) => {
      const g = `CONVERT(int, @b${i}_0)`;
      const n = `CONVERT(varchar(32), @b${i}_1)`;
      return `${G} <= ${g} AND (${G} < ${g} OR (${G} = ${g} AND ${N} <= ${n}))`;
    };
    expect(text).toContain(
      `  SELECT CASE WHEN ${atMost(1)} THEN CASE WHEN ${atMost(0)} THEN 0 ELSE 1 END ELSE 2 END AS bucket, `,
    );
    // The comparison takes the column's collation (a column outranks a converted parameter).
    expect(text).not.toContain('COLLATE');
    expect(params.map((p) => [p.name, p.value, p.column.name])).toEqual([
      ['b0_0', '5', 'SkillGroupSkillTargetID'],
      ['b0_1', 'b', 'AgentName'],
      ['b1_0', '7', 'SkillGroupSkillTargetID'],
      ['b1_1', 'A', 'AgentName'],
    ]);
  });

  it('numbers boundary parameters b<boundary>_<column>, unique and apart from the range', () => {
    const boundaries = Array.from({ length: 12 }, (_, i): Key => [String(i), `n${i}`]);
    const { params } = bucketChecksumsSql(member, 'A', boundaries, {
      after: ['0', 'a'],
      upTo: ['99', 'z'],
    });
    const names = paramNames(params);
    expect(names.slice(0, 4)).toEqual(['a0', 'a1', 'u0', 'u1']);
    expect(names.slice(4)).toEqual(boundaries.flatMap((_, i) => [`b${i}_0`, `b${i}_1`]));
    expect(new Set(names).size).toBe(names.length);
    expect(params.slice(4).map((p) => p.value)).toEqual(boundaries.flat());
  });

  it('writes each boundary once in the bucket CASE, also past the CASE nesting limit', () => {
    for (const count of [5, 1500]) {
      const { text } = bucketChecksumsSql(agent, 'A', intKeys(count));
      for (let i = 0; i < count; i++) {
        expect(occurrences(text, `[SkillTargetID] <= CONVERT(int, @b${i}_0)`)).toBe(1);
      }
    }
    const { text } = bucketChecksumsSql(member, 'A', [
      ['1', 'a'],
      ['2', 'b'],
      ['3', 'c'],
    ]);
    for (let i = 0; i < 3; i++) {
      expect(occurrences(text, `${G} <= CONVERT(int, @b${i}_0) AND`)).toBe(1);
      expect(occurrences(text, `${N} <= CONVERT(varchar(32), @b${i}_1)`)).toBe(1);
    }
  });

  it(`refuses more than ${MAX_PARAMETERS} parameters with a plain Error naming the limit`, () => {
    expect(MAX_PARAMETERS).toBe(2000);
    expect(() => bucketChecksumsSql(agent, 'A', intKeys(2000))).not.toThrow();
    expect(() => bucketChecksumsSql(agent, 'A', intKeys(1999), { after: ['0'] })).not.toThrow();
    let error: unknown;
    try {
      bucketChecksumsSql(agent, 'A', intKeys(1999), { after: ['0'], upTo: ['99999'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(isIcmsyncError(error)).toBe(false);
    expect((error as Error).message).toMatch(/2001 parameters, over the limit of 2000/);
    expect(() => bucketChecksumsSql(agent, 'A', intKeys(2001))).toThrow(/limit of 2000/);

    const pairs = (count: number) => Array.from({ length: count }, (_, i): Key => [String(i), 'x']);
    expect(() => bucketChecksumsSql(member, 'A', pairs(1000))).not.toThrow();
    expect(() => bucketChecksumsSql(member, 'A', pairs(1000), { after: ['0', 'a'] })).toThrow(
      /2002 parameters/,
    );
    // What the doc comment promises callers: floor(MAX_PARAMETERS / keyColumns) - 2 boundaries.
    expect(() =>
      bucketChecksumsSql(member, 'A', pairs(998), { after: ['0', 'a'], upTo: ['9', 'z'] }),
    ).not.toThrow();
  });

  it('rejects a boundary of the wrong arity, and a table without a key', () => {
    expect(() => bucketChecksumsSql(member, 'A', [['1']])).toThrow(/1 values for 2 key columns/);
    const heap = table('Heap', [column('A', 'int', 'integer')], []);
    expect(() => bucketChecksumsSql(heap, 'A', [])).toThrow(/has no primary key/);
  });
});

describe('sampleKeysSql', () => {
  it('numbers a one-column key with ROW_NUMBER and keeps every @every-th, in exact form', () => {
    const { text, params } = sampleKeysSql(agent, 'A', { after: ['100'] });
    expect(text).toBe(
      [
        'SELECT CONVERT(nvarchar(20), s.k0) AS [SkillTargetID]',
        'FROM (',
        '  SELECT [SkillTargetID] AS k0, ROW_NUMBER() OVER (ORDER BY [SkillTargetID]) AS rn',
        '  FROM [dbo].[Agent]',
        '  WHERE ([SkillTargetID] > CONVERT(int, @a0))',
        ') AS s',
        `WHERE s.rn % @${EVERY_PARAM} = 0`,
        'ORDER BY s.rn;',
      ].join('\n'),
    );
    expect(EVERY_PARAM).toBe('every');
    expect(paramNames(params)).toEqual(['a0']);
  });

  it('orders a composite key by all its columns and reads bytes as bytes', () => {
    const { text, params } = sampleKeysSql(member, 'A');
    expect(text).toBe(
      [
        'SELECT CONVERT(nvarchar(20), s.k0) AS [SkillGroupSkillTargetID], CONVERT(nvarchar(max), s.k1) AS [AgentName]',
        'FROM (',
        `  SELECT ${G} AS k0, ${N} AS k1, ROW_NUMBER() OVER (ORDER BY ${G}, ${N}) AS rn`,
        '  FROM [dbo].[Skill_Group_Member]',
        ') AS s',
        'WHERE s.rn % @every = 0',
        'ORDER BY s.rn;',
      ].join('\n'),
    );
    expect(params).toEqual([]);
    const blob = table(
      'Blob',
      [column('rn', 'varbinary', 'binary', { type: 'varbinary(16)' })],
      ['rn'],
    );
    expect(sampleKeysSql(blob, 'A').text).toContain('SELECT s.k0 AS [rn]\n');
  });
});

describe('rankKeysSql', () => {
  it('ranks one-column keys from a VALUES list, each converted back to the column type', () => {
    const { text, params } = rankKeysSql(agent, 'A', [['30'], ['10'], ['30']]);
    expect(text).toBe(
      [
        'SELECT v.i, DENSE_RANK() OVER (ORDER BY v.c0) AS r',
        'FROM (VALUES',
        '  (0, CONVERT(int, @k0_0)),',
        '  (1, CONVERT(int, @k1_0)),',
        '  (2, CONVERT(int, @k2_0))',
        ') AS v(i, c0);',
      ].join('\n'),
    );
    expect(params.map((p) => [p.name, p.value, p.column.name])).toEqual([
      ['k0_0', '30', 'SkillTargetID'],
      ['k1_0', '10', 'SkillTargetID'],
      ['k2_0', '30', 'SkillTargetID'],
    ]);
  });

  it("orders text under its column's collation so that 'a' and 'A' share a rank under CI", () => {
    const { text, params } = rankKeysSql(member, 'A', [
      ['5', 'a'],
      ['5', 'A'],
    ]);
    expect(text).toBe(
      [
        `SELECT v.i, DENSE_RANK() OVER (ORDER BY v.c0, v.c1 COLLATE ${CI}) AS r`,
        'FROM (VALUES',
        '  (0, CONVERT(int, @k0_0), CONVERT(varchar(32), @k0_1)),',
        '  (1, CONVERT(int, @k1_0), CONVERT(varchar(32), @k1_1))',
        ') AS v(i, c0, c1);',
      ].join('\n'),
    );
    expect(paramNames(params)).toEqual(['k0_0', 'k0_1', 'k1_0', 'k1_1']);
    expect(params.map((p) => p.value)).toEqual(['5', 'a', '5', 'A']);
  });

  it('binds bytes as bytes, and collates only text columns that have a collation', () => {
    const t = table(
      'T',
      [
        column('B', 'varbinary', 'binary', { type: 'varbinary(16)' }),
        column('N', 'nvarchar', 'text', { type: 'nvarchar(10)', collation: null }),
      ],
      ['B', 'N'],
    );
    const { text } = rankKeysSql(t, 'A', [[new Uint8Array([1]), 'x']]);
    expect(text).toContain('ORDER BY v.c0, v.c1) AS r');
    expect(text).toContain('  (0, @k0_0, CONVERT(nvarchar(10), @k0_1))');
  });

  it('refuses a collation that is not a plain name', () => {
    const t = table(
      'T',
      [column('N', 'varchar', 'text', { type: 'varchar(10)', collation: 'x]; DROP TABLE y--' })],
      ['N'],
    );
    expect(() => rankKeysSql(t, 'A', [['a']])).toThrow(/not a collation name/);
  });

  it(`refuses more than ${MAX_PARAMETERS} parameters rather than split the ranking`, () => {
    const pairs = (count: number) => Array.from({ length: count }, (_, i): Key => [String(i), 'x']);
    expect(() => rankKeysSql(member, 'A', pairs(1000))).not.toThrow();
    expect(() => rankKeysSql(member, 'A', pairs(1001))).toThrow(
      /2002 parameters, over the limit of 2000/,
    );
    expect(() => rankKeysSql(agent, 'A', intKeys(2000))).not.toThrow();
    expect(() => rankKeysSql(agent, 'A', [])).toThrow(/at least one key/);
    expect(() => rankKeysSql(member, 'A', [['1']])).toThrow(/1 values for 2 key columns/);
  });
});
