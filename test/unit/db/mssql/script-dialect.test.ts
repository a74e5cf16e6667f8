import { describe, expect, it } from 'vitest';
import {
  mssqlScriptDialect as dialect,
  MAX_VALUES_ROWS,
  mssqlLiteral,
  unicodeLiteral,
} from '../../../../src/db/mssql/script-dialect.js';
import { splitBatches } from '../../../../src/db/mssql/script-sql.js';
import { isIcmsyncError } from '../../../../src/port/errors.js';
import type { DatabaseInfo } from '../../../../src/port/shapes.js';
import { column, table } from './fixtures.js';

const id = column('id', 'int', 'integer');
const name = column('name', 'nvarchar', 'text', { type: 'nvarchar(40)', length: 40 });
const t = table('T', [id, name], ['id']);
const literal = (c: ReturnType<typeof column>, value: string | Uint8Array | null) =>
  mssqlLiteral(t, c, value);

const target: DatabaseInfo = {
  server: 'loggerb,1433',
  database: 'ucce_sideB',
  engine: 'mssql',
  engineVersion: 'Microsoft SQL Server 2022 16.0.4135.4',
  defaultSchema: 'dbo',
};

describe('unicodeLiteral', () => {
  it('writes N literals with quotes doubled, the empty string included', () => {
    expect(unicodeLiteral('')).toBe("N''");
    expect(unicodeLiteral("O'Brien said ''hi''")).toBe("N'O''Brien said ''''hi'''''");
  });

  it('keeps characters outside the BMP and other Unicode in the literal', () => {
    expect(unicodeLiteral('😀 ü 漢字')).toBe("N'😀 ü 漢字'");
  });

  it('spells control characters and lone surrogates as NCHAR, concatenated as nvarchar(max)', () => {
    expect(unicodeLiteral('a\r\nb\tc\u0000')).toBe(
      "CONVERT(nvarchar(max), N'a') + NCHAR(13) + NCHAR(10) + N'b' + NCHAR(9) + N'c' + NCHAR(0)",
    );
    expect(unicodeLiteral('\n')).toBe('NCHAR(10)');
    expect(unicodeLiteral('\ud800x\udc00')).toBe(
      "CONVERT(nvarchar(max), NCHAR(55296)) + N'x' + NCHAR(56320)",
    );
  });

  it('never puts a line break in the text, so GO inside a value cannot end a batch', () => {
    const statement = dialect.insertRows(t, [id, name], [['1', 'x\nGO\ny']]);
    expect(statement).not.toMatch(/^GO$/m);
    expect(splitBatches(`${statement}\nGO\nSELECT 1;`)).toHaveLength(2);
  });
});

describe('mssqlLiteral', () => {
  it('writes NULL, and numbers as numeric literals: bigint and decimals beyond 2^53 stay exact', () => {
    expect(literal(id, null)).toBe('NULL');
    expect(literal(column('big', 'bigint', 'integer'), '-9223372036854775808')).toBe(
      '-9223372036854775808',
    );
    const dec = column('dec', 'decimal', 'decimal', { type: 'decimal(38,10)' });
    expect(literal(dec, '1234567890123456789012345678.0123456789')).toBe(
      '1234567890123456789012345678.0123456789',
    );
    expect(literal(dec, '-0.0000000001')).toBe('-0.0000000001');
    expect(literal(column('flag', 'bit', 'boolean'), '1')).toBe('1');
  });

  it('converts floats and money from their exact text', () => {
    expect(literal(column('f', 'float', 'float'), '0.10000000000000001')).toBe(
      "CONVERT(float, N'0.10000000000000001')",
    );
    expect(literal(column('r', 'real', 'float'), '-0')).toBe("CONVERT(real, N'-0')");
    expect(literal(column('f', 'float', 'float'), '1.7976931348623157E+308')).toBe(
      "CONVERT(float, N'1.7976931348623157E+308')",
    );
    expect(literal(column('m', 'money', 'money'), '922337203685477.5807')).toBe(
      "CONVERT(money, N'922337203685477.5807')",
    );
  });

  it('converts date and time kinds with style 121: seven digits and the offset survive', () => {
    const dt2 = column('ts', 'datetime2', 'datetime', { type: 'datetime2(7)', scale: 7 });
    expect(literal(dt2, '2026-11-24 10:00:00.1234567')).toBe(
      "CONVERT(datetime2(7), N'2026-11-24 10:00:00.1234567', 121)",
    );
    const dto = column('tz', 'datetimeoffset', 'datetimeoffset', { type: 'datetimeoffset(7)' });
    expect(literal(dto, '2026-11-24 10:00:00.1234567 +05:30')).toBe(
      "CONVERT(datetimeoffset(7), N'2026-11-24 10:00:00.1234567 +05:30', 121)",
    );
    expect(literal(column('d', 'datetime', 'datetime'), '2026-11-24 10:00:00.010')).toBe(
      "CONVERT(datetime, N'2026-11-24 10:00:00.010', 121)",
    );
    expect(literal(column('d', 'date', 'date'), '0001-01-01')).toBe(
      "CONVERT(date, N'0001-01-01', 121)",
    );
  });

  it('writes GUIDs, xml and text', () => {
    expect(
      literal(column('g', 'uniqueidentifier', 'guid'), 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'),
    ).toBe("CONVERT(uniqueidentifier, N'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')");
    expect(literal(column('x', 'xml', 'xml'), '<a b="1"/>')).toBe('N\'<a b="1"/>\'');
    const varchar = column('v', 'varchar', 'text', { type: 'varchar(10)' });
    expect(literal(varchar, 'abc ')).toBe("N'abc '");
  });

  it('writes bytes as a binary constant, the empty one as 0x', () => {
    const bin = column('b', 'varbinary', 'binary', { type: 'varbinary(max)' });
    expect(literal(bin, new Uint8Array([0, 1, 255]))).toBe('0x0001FF');
    expect(literal(bin, Buffer.alloc(0))).toBe('0x');
    expect(() => literal(bin, 'ab')).toThrow(/wrong form/);
  });

  it('refuses a type it cannot write back, naming the column', () => {
    const variant = column('v', 'sql_variant', 'other');
    try {
      literal(variant, 'x');
      expect.unreachable();
    } catch (error) {
      expect(isIcmsyncError(error, 'UNSUPPORTED')).toBe(true);
      expect((error as Error).message).toBe(
        'dbo.T.v has type sql_variant, which a fix script cannot write (leave the table out)',
      );
    }
  });
});

describe('mssqlScriptDialect statements', () => {
  const hostile = table('a]b', [column('k]1', 'int', 'integer'), name], ['k]1']);

  it('inserts rows with one table value constructor, names quoted', () => {
    expect(
      dialect.insertRows(hostile, hostile.columns, [
        ['1', "x'y"],
        ['2', null],
      ]),
    ).toBe("INSERT INTO [dbo].[a]]b] ([k]]1], [name]) VALUES\n  (1, N'x''y'),\n  (2, NULL);");
    const many = Array.from({ length: MAX_VALUES_ROWS + 1 }, (_, i) => [String(i), null]);
    expect(() => dialect.insertRows(t, [id, name], many)).toThrow(/1 to 1000 rows/);
  });

  it('updates only the given columns of one row, matched by every key column', () => {
    const k2 = column('k2', 'varchar', 'text', { type: 'varchar(5)' });
    const two = table('Two', [id, k2, name], ['id', 'k2']);
    expect(
      dialect.updateRow(
        two,
        [
          { column: id, value: '7' },
          { column: k2, value: 'a' },
        ],
        [{ column: name, value: null }],
      ),
    ).toBe("UPDATE [dbo].[Two] SET [name] = NULL WHERE [id] = 7 AND [k2] = N'a';");
  });

  it('deletes by IN for one key column, by OR of ANDs for several, IS NULL for NULL', () => {
    expect(dialect.deleteRows(t, [id], [['1'], ['2']])).toBe(
      'DELETE FROM [dbo].[T] WHERE [id] IN (1, 2);',
    );
    expect(
      dialect.deleteRows(
        t,
        [id, name],
        [
          ['1', 'a'],
          ['2', null],
        ],
      ),
    ).toBe(
      "DELETE FROM [dbo].[T] WHERE ([id] = 1 AND [name] = N'a')\n   OR ([id] = 2 AND [name] IS NULL);",
    );
    expect(dialect.deleteRows(t, [name], [[null]])).toBe(
      'DELETE FROM [dbo].[T] WHERE ([name] IS NULL);',
    );
  });

  it('wraps identity inserts in SET IDENTITY_INSERT and switches foreign keys back on WITH CHECK', () => {
    expect(dialect.beforeIdentityInsert(t)).toEqual(['SET IDENTITY_INSERT [dbo].[T] ON;']);
    expect(dialect.afterIdentityInsert(t)).toEqual(['SET IDENTITY_INSERT [dbo].[T] OFF;']);
    const fk = {
      name: 'FK]x',
      columns: ['parent'],
      referencedSchema: 'dbo',
      referencedTable: 'T',
      referencedColumns: ['id'],
      enabled: true,
    };
    expect(dialect.disableForeignKey(t, fk)).toBe(
      'ALTER TABLE [dbo].[T] NOCHECK CONSTRAINT [FK]]x];',
    );
    expect(dialect.enableForeignKey(t, fk)).toBe(
      'ALTER TABLE [dbo].[T] WITH CHECK CHECK CONSTRAINT [FK]]x];',
    );
  });

  it('opens with settings and a guard on the database name, and runs batches as transactions', () => {
    const preamble = dialect.preamble({ ...target, database: "odd'50%" });
    expect(preamble.slice(0, 3)).toEqual([
      'SET NOCOUNT ON;',
      'SET XACT_ABORT ON;',
      "IF DB_NAME() <> N'odd''50%'",
    ]);
    expect(preamble.join('\n')).toContain(
      "RAISERROR(N'This script is for database odd''50%% on loggerb,1433: nothing was changed.', 16, 1);",
    );
    expect(preamble).toContain('  SET NOEXEC ON;');
    expect(preamble.at(-1)).toBe('GO');
    expect(dialect.beginBatch()).toEqual(['SET XACT_ABORT ON;', 'BEGIN TRANSACTION;']);
    expect(dialect.endBatch()).toEqual(['COMMIT TRANSACTION;', 'GO']);
    expect(dialect.describeTransactions(100)).toContain('at most 100 statements');
  });

  it('says how to apply the script with sqlcmd, stopping at the first error, reading UTF-8', () => {
    expect(dialect.applyCommand(target, 'fix.sql')).toBe(
      'sqlcmd -S loggerb,1433 -d ucce_sideB -b -f 65001 -i fix.sql   (add -E, or -U <login>)',
    );
    expect(dialect.applyCommand({ ...target, server: 'host\\INST' }, 'my fix.sql')).toContain(
      '-S host\\INST -d ucce_sideB -b -f 65001 -i "my fix.sql"',
    );
  });

  it('keeps comments on one line', () => {
    expect(dialect.comment('a\r\nb')).toBe('-- a b');
  });
});
