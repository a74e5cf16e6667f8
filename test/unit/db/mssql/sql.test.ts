import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createDatabaseSql,
  dropDatabaseSql,
  findDatabaseSql,
  readLabelSql,
} from '../../../../src/db/mssql/admin-sql.js';
import {
  COLUMNS_SQL,
  DESCRIBE_SQL,
  FOREIGN_KEYS_SQL,
  KEYS_SQL,
  TABLES_SQL,
  TRIGGERS_SQL,
} from '../../../../src/db/mssql/catalog-sql.js';
import { canonicalRow, canonicalText, checksumSql } from '../../../../src/db/mssql/checksum-sql.js';
import { qualifiedName, quoteIdent } from '../../../../src/db/mssql/quote.js';
import {
  BATCH_PARAM,
  columnStatsSql,
  rangePredicate,
  readRowsSql,
} from '../../../../src/db/mssql/rows-sql.js';
import { splitBatches } from '../../../../src/db/mssql/script-sql.js';
import { isIcmsyncError } from '../../../../src/port/errors.js';
import { column, table } from './fixtures.js';

const HOSTILE = "x'; DROP TABLE y--";

const agent = table(
  'Agent',
  [
    column('SkillTargetID', 'int', 'integer'),
    column('EnterpriseName', 'varchar', 'text', { type: 'varchar(32)', length: 32 }),
    column('Description', 'varchar', 'text', { type: 'varchar(255)', length: 255, nullable: true }),
  ],
  ['SkillTargetID'],
);

const interval = table(
  'Skill_Group_Interval',
  [
    column('DateTime', 'datetime', 'datetime'),
    column('SkillTargetID', 'int', 'integer'),
    column('TimeZone', 'int', 'integer'),
    column('ServiceLevel', 'float', 'float', { nullable: true }),
  ],
  ['DateTime', 'SkillTargetID', 'TimeZone'],
);

describe('quoteIdent', () => {
  it('brackets a name and doubles a closing bracket', () => {
    expect(quoteIdent('Agent')).toBe('[Agent]');
    expect(quoteIdent('a]b')).toBe('[a]]b]');
    expect(quoteIdent(']]')).toBe('[]]]]]');
  });

  it('keeps quotes, semicolons and comment marks inside the brackets', () => {
    expect(quoteIdent(HOSTILE)).toBe("[x'; DROP TABLE y--]");
    expect(quoteIdent('a[b')).toBe('[a[b]');
  });

  it('qualifies a table with its schema', () => {
    expect(qualifiedName({ schema: 'dbo', name: 'Agent' })).toBe('[dbo].[Agent]');
    expect(qualifiedName({ schema: 'a]b', name: HOSTILE })).toBe("[a]]b].[x'; DROP TABLE y--]");
  });
});

describe('catalog queries', () => {
  it('describes the server with SERVERPROPERTY, DB_NAME and SCHEMA_NAME', () => {
    for (const fact of [
      "SERVERPROPERTY('ProductVersion')",
      "SERVERPROPERTY('ProductLevel')",
      "SERVERPROPERTY('Edition')",
      'DB_NAME()',
      'SCHEMA_NAME()',
    ]) {
      expect(DESCRIBE_SQL).toContain(fact);
    }
  });

  it('reads user tables only, in a fixed order', () => {
    expect(TABLES_SQL).toContain('WHERE t.is_ms_shipped = 0');
    expect(TABLES_SQL).toMatch(/ORDER BY s\.name, t\.name;$/);
  });

  it('reads every column of every table at once, with the base type of alias types', () => {
    expect(COLUMNS_SQL).not.toContain('@');
    expect(COLUMNS_SQL).toContain('ISNULL(bt.name, ty.name) AS type_name');
    expect(COLUMNS_SQL).toContain(
      'LEFT JOIN sys.types AS bt ON bt.user_type_id = c.system_type_id AND ty.is_assembly_type = 0',
    );
    expect(COLUMNS_SQL).toContain('c.generated_always_type');
    expect(COLUMNS_SQL).toMatch(/ORDER BY c\.object_id, c\.column_id;$/);
  });

  it('reads unfiltered unique keys by key ordinal, without included columns', () => {
    expect(KEYS_SQL).toContain('i.is_unique = 1 AND i.has_filter = 0');
    expect(KEYS_SQL).toContain('ic.key_ordinal > 0 AND ic.is_included_column = 0');
    expect(KEYS_SQL).toMatch(
      /ORDER BY i\.object_id, i\.is_primary_key DESC, i\.name, ic\.key_ordinal;$/,
    );
  });

  it('reads foreign keys in constraint column order, and DML triggers only', () => {
    expect(FOREIGN_KEYS_SQL).toContain('fk.is_disabled');
    expect(FOREIGN_KEYS_SQL).toMatch(
      /ORDER BY fk\.parent_object_id, fk\.name, fkc\.constraint_column_id;$/,
    );
    expect(TRIGGERS_SQL).toContain('tr.parent_class = 1');
    expect(TRIGGERS_SQL).toContain('tr.is_disabled');
  });
});

describe('canonicalText', () => {
  const cases = [
    [column('c', 'int', 'integer'), 'CONVERT(nvarchar(20), [c])'],
    [column('c', 'bit', 'boolean'), 'CONVERT(nvarchar(20), [c])'],
    [column('c', 'decimal', 'decimal'), 'CONVERT(nvarchar(50), [c])'],
    [column('c', 'money', 'money'), 'CONVERT(nvarchar(30), [c], 2)'],
    [column('c', 'float', 'float'), 'CONVERT(nvarchar(30), [c], 3)'],
    [column('c', 'real', 'float'), 'CONVERT(nvarchar(30), [c], 3)'],
    [column('c', 'varchar', 'text'), 'CONVERT(nvarchar(max), [c])'],
    [column('c', 'ntext', 'text'), 'CONVERT(nvarchar(max), [c])'],
    [column('c', 'text', 'text'), 'CONVERT(nvarchar(max), CONVERT(varchar(max), [c]))'],
    [
      column('c', 'image', 'binary'),
      "CONVERT(varchar(64), HASHBYTES('SHA2_256', CONVERT(varbinary(max), [c])), 2)",
    ],
    [column('c', 'datetime', 'datetime'), 'CONVERT(nvarchar(40), [c], 121)'],
    [column('c', 'date', 'date'), 'CONVERT(nvarchar(40), [c], 121)'],
    [column('c', 'time', 'time'), 'CONVERT(nvarchar(40), [c], 121)'],
    [column('c', 'datetimeoffset', 'datetimeoffset'), 'CONVERT(nvarchar(40), [c], 121)'],
    [column('c', 'uniqueidentifier', 'guid'), 'CONVERT(nvarchar(36), [c])'],
    [column('c', 'xml', 'xml'), 'CONVERT(nvarchar(max), [c])'],
  ] as const;

  it.each(cases)('renders %j', (c, expected) => {
    expect(canonicalText(agent, c)).toBe(expected);
  });

  it('refuses a type it cannot compare, naming the table, column, type and fix', () => {
    const variant = column('V', 'sql_variant', 'other', { type: 'sql_variant' });
    let error: unknown;
    try {
      canonicalText(agent, variant);
    } catch (e) {
      error = e;
    }
    expect(isIcmsyncError(error, 'UNSUPPORTED')).toBe(true);
    expect((error as Error).message).toBe(
      'dbo.Agent.V has type sql_variant, which icmsync cannot compare (leave the table out)',
    );
  });
});

describe('canonicalRow', () => {
  it('length-prefixes each data column from an nvarchar(max) start', () => {
    expect(canonicalRow(agent)).toBe(
      [
        "CONVERT(nvarchar(max), N'')",
        "ISNULL(N'=' + CONVERT(nvarchar(20), DATALENGTH(CONVERT(nvarchar(20), [SkillTargetID]))) + N':' + CONVERT(nvarchar(20), [SkillTargetID]), N'~')",
        "ISNULL(N'=' + CONVERT(nvarchar(20), DATALENGTH(CONVERT(nvarchar(max), [EnterpriseName]))) + N':' + CONVERT(nvarchar(max), [EnterpriseName]), N'~')",
        "ISNULL(N'=' + CONVERT(nvarchar(20), DATALENGTH(CONVERT(nvarchar(max), [Description]))) + N':' + CONVERT(nvarchar(max), [Description]), N'~')",
      ].join('\n      + '),
    );
  });

  it('leaves out computed and rowversion columns', () => {
    const t = table(
      'T',
      [
        column('Id', 'int', 'integer'),
        column('Total', 'int', 'integer', { generated: true }),
        column('Version', 'timestamp', 'binary', { rowVersion: true }),
      ],
      ['Id'],
    );
    const row = canonicalRow(t);
    expect(row).toContain('[Id]');
    expect(row).not.toContain('[Total]');
    expect(row).not.toContain('[Version]');
  });
});

describe('checksumSql', () => {
  it('sums 64-bit row hashes as decimal(38,0), with count and bytes, for a whole table', () => {
    const { text, params } = checksumSql(agent, 'A');
    expect(params).toEqual([]);
    expect(text).toBe(
      [
        'SELECT COUNT_BIG(*) AS row_count,',
        '  ISNULL(SUM(r.row_bytes), 0) AS byte_count,',
        '  CONVERT(varchar(40), ISNULL(SUM(CONVERT(decimal(38, 0), CONVERT(bigint, SUBSTRING(r.row_hash, 1, 8)))), 0)) AS digest',
        'FROM (',
        "  SELECT HASHBYTES('SHA2_256',",
        `      ${canonicalRow(agent)}) AS row_hash,`,
        '    CONVERT(bigint, ISNULL(DATALENGTH([SkillTargetID]), 0)) + CONVERT(bigint, ISNULL(DATALENGTH([EnterpriseName]), 0)) + CONVERT(bigint, ISNULL(DATALENGTH([Description]), 0)) AS row_bytes',
        '  FROM [dbo].[Agent]',
        ') AS r;',
      ].join('\n'),
    );
  });

  it('passes range bounds as exact-text parameters converted to the key type, never in the text', () => {
    const { text, params } = checksumSql(agent, 'B', { after: ['1000'], upTo: ['2000'] });
    expect(text).toContain(
      '  WHERE ([SkillTargetID] > CONVERT(int, @a0))\n  AND ([SkillTargetID] < CONVERT(int, @u0) OR [SkillTargetID] = CONVERT(int, @u0))',
    );
    expect(text).not.toContain('1000');
    expect(text).not.toContain('2000');
    expect(params.map((p) => [p.name, p.value, p.column.name])).toEqual([
      ['a0', '1000', 'SkillTargetID'],
      ['u0', '2000', 'SkillTargetID'],
    ]);
  });

  it('quotes hostile table and column names', () => {
    const t = table(HOSTILE, [column('a]b', 'int', 'integer')], ['a]b'], { schema: 'dbo' });
    const { text } = checksumSql(t, 'A', { after: [HOSTILE] });
    expect(text).toContain("FROM [dbo].[x'; DROP TABLE y--]");
    expect(text).toContain('[a]]b] > CONVERT(int, @a0)');
    expect(text.split(HOSTILE)).toHaveLength(2);
  });

  it('needs a key only for a range', () => {
    const heap = table('Heap', [column('A', 'int', 'integer')], []);
    expect(() => checksumSql(heap, 'A')).not.toThrow();
    expect(() => checksumSql(heap, 'A', { after: ['1'] })).toThrow(/has no primary key/);
  });
});

describe('rangePredicate', () => {
  it('compares a one-column key with the bound converted back to the column type', () => {
    const { text } = rangePredicate(agent, ['SkillTargetID'], { after: ['5'] });
    expect(text).toBe('WHERE ([SkillTargetID] > CONVERT(int, @a0))');
  });

  it('expands a three-column key lexicographically behind a seekable first-column bound', () => {
    const key = ['DateTime', 'SkillTargetID', 'TimeZone'];
    const { text, params } = rangePredicate(interval, key, {
      after: ['2024-01-01 00:00:00.000', '5000', '0'],
      upTo: ['2024-01-02 00:00:00.000', '6000', '2'],
    });
    const a0 = 'CONVERT(datetime, @a0, 121)';
    const u0 = 'CONVERT(datetime, @u0, 121)';
    expect(text).toBe(
      [
        `WHERE [DateTime] >= ${a0} AND ([DateTime] > ${a0}` +
          ` OR ([DateTime] = ${a0} AND [SkillTargetID] > CONVERT(int, @a1))` +
          ` OR ([DateTime] = ${a0} AND [SkillTargetID] = CONVERT(int, @a1) AND [TimeZone] > CONVERT(int, @a2)))`,
        `  AND [DateTime] <= ${u0} AND ([DateTime] < ${u0}` +
          ` OR ([DateTime] = ${u0} AND [SkillTargetID] < CONVERT(int, @u1))` +
          ` OR ([DateTime] = ${u0} AND [SkillTargetID] = CONVERT(int, @u1) AND [TimeZone] < CONVERT(int, @u2))` +
          ` OR ([DateTime] = ${u0} AND [SkillTargetID] = CONVERT(int, @u1) AND [TimeZone] = CONVERT(int, @u2)))`,
      ].join('\n'),
    );
    expect(params.map((p) => [p.name, p.value, p.column.dataType])).toEqual([
      ['a0', '2024-01-01 00:00:00.000', 'datetime'],
      ['a1', '5000', 'int'],
      ['a2', '0', 'int'],
      ['u0', '2024-01-02 00:00:00.000', 'datetime'],
      ['u1', '6000', 'int'],
      ['u2', '2', 'int'],
    ]);
  });

  it('converts each kind back with the style its exact text was written in', () => {
    const keyed = (c: ReturnType<typeof column>) =>
      rangePredicate(table('K', [c], [c.name]), [c.name], { after: ['x'] }).text;
    expect(keyed(column('D', 'decimal(38,10)', 'decimal'))).toContain(
      'CONVERT(decimal(38,10), @a0)',
    );
    expect(keyed(column('F', 'float', 'float'))).toContain('CONVERT(float, @a0)');
    expect(keyed(column('M', 'money', 'money'))).toContain('CONVERT(money, @a0)');
    expect(keyed(column('T', 'datetime2(7)', 'datetime'))).toContain(
      'CONVERT(datetime2(7), @a0, 121)',
    );
    expect(keyed(column('O', 'datetimeoffset(7)', 'datetimeoffset'))).toContain(
      'CONVERT(datetimeoffset(7), @a0, 121)',
    );
    expect(keyed(column('V', 'varchar(32)', 'text'))).toContain('CONVERT(varchar(32), @a0)');
    expect(keyed(column('G', 'uniqueidentifier', 'guid'))).toContain(
      'CONVERT(uniqueidentifier, @a0)',
    );
    expect(keyed(column('B', 'varbinary(16)', 'binary'))).toBe('WHERE ([B] > @a0)');
  });

  it('is empty without bounds, and rejects a bound of the wrong arity', () => {
    expect(rangePredicate(agent, ['SkillTargetID'], {})).toEqual({ text: '', params: [] });
    expect(() => rangePredicate(interval, ['DateTime', 'SkillTargetID'], { after: ['1'] })).toThrow(
      /1 values for 2 key columns/,
    );
  });
});

describe('readRowsSql', () => {
  it('reads a keyset page of every column in table order, each in exact form', () => {
    const { text, params } = readRowsSql(agent, 'A', {});
    expect(text).toBe(
      [
        `SELECT TOP (@${BATCH_PARAM}) CONVERT(nvarchar(20), [SkillTargetID]) AS [SkillTargetID], CONVERT(nvarchar(max), [EnterpriseName]) AS [EnterpriseName], CONVERT(nvarchar(max), [Description]) AS [Description]`,
        'FROM [dbo].[Agent]',
        'ORDER BY [SkillTargetID];',
      ].join('\n'),
    );
    expect(params).toEqual([]);
  });

  it('reads decimals, floats, money and dates as the text that converts back exactly, bytes as bytes', () => {
    const exact = table(
      'Exact',
      [
        column('D', 'decimal(38,10)', 'decimal'),
        column('F', 'float', 'float'),
        column('M', 'money', 'money'),
        column('O', 'datetimeoffset(7)', 'datetimeoffset'),
        column('B', 'varbinary(max)', 'binary'),
      ],
      ['D'],
    );
    const { text } = readRowsSql(exact, 'A', {});
    expect(text).toContain('CONVERT(nvarchar(50), [D]) AS [D]');
    expect(text).toContain('CONVERT(nvarchar(30), [F], 3) AS [F]');
    expect(text).toContain('CONVERT(nvarchar(30), [M], 2) AS [M]');
    expect(text).toContain('CONVERT(nvarchar(40), [O], 121) AS [O]');
    expect(text).toContain(', [B]\n');
  });

  it('continues after the last key, ordered by the whole key', () => {
    const { text, params } = readRowsSql(interval, 'A', {
      after: ['1970-01-01 00:00:00.000', '1', '2'],
    });
    expect(text).toContain(
      'WHERE [DateTime] >= CONVERT(datetime, @a0, 121) AND ([DateTime] > CONVERT(datetime, @a0, 121)',
    );
    expect(text).toMatch(/ORDER BY \[DateTime\], \[SkillTargetID\], \[TimeZone\];$/);
    expect(params).toHaveLength(3);
  });

  it('reads a table without a key in one statement, and refuses a range on it', () => {
    const heap = table('Heap', [column('Major', 'int', 'integer')], []);
    expect(readRowsSql(heap, 'A').text).toBe(
      'SELECT CONVERT(nvarchar(20), [Major]) AS [Major] FROM [dbo].[Heap];',
    );
    expect(() => readRowsSql(heap, 'A', { after: ['1'] })).toThrow(/has no primary key/);
  });
});

describe('columnStatsSql', () => {
  it('counts rows and takes the highest value of a catalog column', () => {
    expect(columnStatsSql(agent, 'SkillTargetID').text).toBe(
      'SELECT COUNT_BIG(*) AS row_count, CONVERT(nvarchar(20), MAX([SkillTargetID])) AS max_value FROM [dbo].[Agent];',
    );
    expect(columnStatsSql(agent, 'skilltargetid').text).toContain('MAX([SkillTargetID])');
  });

  it('refuses a column the catalog does not have', () => {
    expect(() => columnStatsSql(agent, HOSTILE)).toThrow(/dbo\.Agent has no column/);
  });
});

describe('splitBatches', () => {
  it('splits on lines that are exactly GO, in any case and with surrounding blanks', () => {
    const script =
      'CREATE TABLE a (x int);\nGO\nCREATE TABLE b (x int);\r\n  go  \r\nSELECT 1;\n\tGo\n';
    expect(splitBatches(script)).toEqual([
      'CREATE TABLE a (x int);',
      'CREATE TABLE b (x int);',
      'SELECT 1;',
    ]);
  });

  it('keeps GO inside a line and drops empty batches', () => {
    expect(splitBatches("GO\nGO\nSELECT 'GO';\nSELECT 1 -- GO\nGO\n\nGO")).toEqual([
      "SELECT 'GO';\nSELECT 1 -- GO",
    ]);
    expect(splitBatches('')).toEqual([]);
  });

  it('splits the sample Logger schema into one batch per table', () => {
    const schema = readFileSync(
      new URL('../../../../sql/mssql/logger-schema.sql', import.meta.url),
      'utf8',
    );
    const batches = splitBatches(schema);
    expect(batches).toHaveLength(15);
    expect(batches.every((b) => /CREATE TABLE dbo\.\w+/.test(b))).toBe(true);
  });
});

describe('server administration', () => {
  it('looks a database up by a parameter', () => {
    const { text, params } = findDatabaseSql(HOSTILE);
    expect(text).toContain('WHERE d.name = @name;');
    expect(text).toContain('HAS_DBACCESS(d.name) AS has_access');
    expect(text).not.toContain(HOSTILE);
    expect(params).toEqual([{ name: 'name', value: HOSTILE }]);
  });

  it('reads the label inside the database, by quoted name', () => {
    expect(readLabelSql('a]b').text).toBe(
      [
        'USE [a]]b];',
        'SELECT CONVERT(nvarchar(4000), ep.value) AS label',
        'FROM sys.extended_properties AS ep',
        "WHERE ep.class = 0 AND ep.major_id = 0 AND ep.minor_id = 0 AND ep.name = N'icmsync.label';",
      ].join('\n'),
    );
  });

  it('creates a database and labels it with a parameter', () => {
    const [create, label] = createDatabaseSql(HOSTILE, "lab'el");
    expect(create).toEqual({ text: "CREATE DATABASE [x'; DROP TABLE y--];", params: [] });
    expect(label?.text).toBe(
      "USE [x'; DROP TABLE y--];\nEXEC sys.sp_addextendedproperty @name = N'icmsync.label', @value = @label;",
    );
    expect(label?.params).toEqual([{ name: 'label', value: "lab'el" }]);
  });

  it('drops a database after taking it to single-user mode in the same batch', () => {
    expect(dropDatabaseSql('a]b').text).toBe(
      [
        'USE [a]]b];',
        'ALTER DATABASE [a]]b] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;',
        'USE [master];',
        'DROP DATABASE [a]]b];',
      ].join('\n'),
    );
  });
});
