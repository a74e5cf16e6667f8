import { describe, expect, it } from 'vitest';
import {
  type CatalogType,
  columnLength,
  columnPrecision,
  columnScale,
  declaredType,
  driverType,
  mssqlKind,
} from '../../../../src/db/mssql/types.js';
import { isIcmsyncError } from '../../../../src/port/errors.js';
import { column } from './fixtures.js';

function catalog(typeName: string, maxLength = 0, precision = 0, scale = 0): CatalogType {
  return { typeName, maxLength, precision, scale };
}

describe('mssqlKind', () => {
  it.each([
    ['int', 'integer'],
    ['bigint', 'integer'],
    ['smallint', 'integer'],
    ['tinyint', 'integer'],
    ['bit', 'boolean'],
    ['decimal', 'decimal'],
    ['numeric', 'decimal'],
    ['money', 'money'],
    ['smallmoney', 'money'],
    ['float', 'float'],
    ['real', 'float'],
    ['char', 'text'],
    ['varchar', 'text'],
    ['nchar', 'text'],
    ['nvarchar', 'text'],
    ['text', 'text'],
    ['ntext', 'text'],
    ['binary', 'binary'],
    ['varbinary', 'binary'],
    ['image', 'binary'],
    ['timestamp', 'binary'],
    ['datetime', 'datetime'],
    ['smalldatetime', 'datetime'],
    ['datetime2', 'datetime'],
    ['date', 'date'],
    ['time', 'time'],
    ['datetimeoffset', 'datetimeoffset'],
    ['uniqueidentifier', 'guid'],
    ['xml', 'xml'],
    ['INT', 'integer'],
  ])('%s is %s', (name, kind) => {
    expect(mssqlKind(name)).toBe(kind);
  });

  it.each(['sql_variant', 'geography', 'geometry', 'hierarchyid', 'MyClrType'])(
    '%s is other',
    (name) => {
      expect(mssqlKind(name)).toBe('other');
    },
  );
});

describe('declaredType and length', () => {
  it.each([
    [catalog('varchar', 32), 'varchar(32)', 32],
    [catalog('varchar', -1), 'varchar(max)', null],
    [catalog('nvarchar', 64), 'nvarchar(32)', 32],
    [catalog('nvarchar', -1), 'nvarchar(max)', null],
    [catalog('nchar', 20), 'nchar(10)', 10],
    [catalog('char', 1), 'char(1)', 1],
    [catalog('binary', 16), 'binary(16)', 16],
    [catalog('varbinary', 64), 'varbinary(64)', 64],
    [catalog('varbinary', -1), 'varbinary(max)', null],
    [catalog('decimal', 9, 18, 4), 'decimal(18,4)', null],
    [catalog('numeric', 5, 10, 0), 'numeric(10,0)', null],
    [catalog('datetime2', 8, 27, 7), 'datetime2(7)', null],
    [catalog('time', 5, 16, 7), 'time(7)', null],
    [catalog('datetimeoffset', 10, 34, 7), 'datetimeoffset(7)', null],
    [catalog('datetime', 8, 23, 3), 'datetime', null],
    [catalog('int', 4, 10, 0), 'int', null],
    [catalog('float', 8, 53, 0), 'float', null],
    [catalog('image', 16), 'image', null],
    [catalog('text', 16), 'text', null],
    [catalog('xml', -1), 'xml', null],
  ])('%j is declared %s, length %s', (type, declared, length) => {
    expect(declaredType(type)).toBe(declared);
    expect(columnLength(type)).toBe(length);
  });

  it('keeps precision and scale only where the declaration has them', () => {
    expect([
      columnPrecision(catalog('decimal', 9, 18, 4)),
      columnScale(catalog('decimal', 9, 18, 4)),
    ]).toEqual([18, 4]);
    expect([
      columnPrecision(catalog('money', 8, 19, 4)),
      columnScale(catalog('money', 8, 19, 4)),
    ]).toEqual([19, 4]);
    expect([
      columnPrecision(catalog('float', 8, 53, 0)),
      columnScale(catalog('float', 8, 53, 0)),
    ]).toEqual([53, null]);
    expect([
      columnPrecision(catalog('datetime2', 8, 27, 7)),
      columnScale(catalog('datetime2', 8, 27, 7)),
    ]).toEqual([null, 7]);
    expect([
      columnPrecision(catalog('int', 4, 10, 0)),
      columnScale(catalog('int', 4, 10, 0)),
    ]).toEqual([null, null]);
  });
});

describe('driverType', () => {
  it.each([
    [column('c', 'int', 'integer'), { name: 'Int' }],
    [column('c', 'bigint', 'integer'), { name: 'BigInt' }],
    [column('c', 'tinyint', 'integer'), { name: 'TinyInt' }],
    [column('c', 'bit', 'boolean'), { name: 'Bit' }],
    [column('c', 'float', 'float'), { name: 'Float' }],
    [column('c', 'real', 'float'), { name: 'Real' }],
    [column('c', 'money', 'money'), { name: 'Decimal', precision: 19, scale: 4 }],
    [column('c', 'smallmoney', 'money'), { name: 'Decimal', precision: 10, scale: 4 }],
    [
      column('c', 'decimal', 'decimal', { precision: 18, scale: 4 }),
      { name: 'Decimal', precision: 18, scale: 4 },
    ],
    [
      column('c', 'numeric', 'decimal', { precision: 10, scale: 0 }),
      { name: 'Decimal', precision: 10, scale: 0 },
    ],
    [column('c', 'varchar', 'text', { length: 32 }), { name: 'VarChar', length: 32 }],
    [column('c', 'varchar', 'text', { length: null }), { name: 'VarChar', length: 'max' }],
    [column('c', 'nvarchar', 'text', { length: 32 }), { name: 'NVarChar', length: 32 }],
    [column('c', 'char', 'text', { length: 1 }), { name: 'Char', length: 1 }],
    [column('c', 'nchar', 'text', { length: 10 }), { name: 'NChar', length: 10 }],
    [column('c', 'text', 'text'), { name: 'Text' }],
    [column('c', 'ntext', 'text'), { name: 'NVarChar', length: 'max' }],
    [column('c', 'varbinary', 'binary', { length: 64 }), { name: 'VarBinary', length: 64 }],
    [column('c', 'varbinary', 'binary'), { name: 'VarBinary', length: 'max' }],
    [column('c', 'binary', 'binary', { length: 16 }), { name: 'Binary', length: 16 }],
    [column('c', 'image', 'binary'), { name: 'Image' }],
    [column('c', 'datetime', 'datetime'), { name: 'DateTime' }],
    [column('c', 'smalldatetime', 'datetime'), { name: 'SmallDateTime' }],
    [column('c', 'datetime2', 'datetime', { scale: 3 }), { name: 'DateTime2', scale: 3 }],
    [column('c', 'date', 'date'), { name: 'Date' }],
    [column('c', 'time', 'time', { scale: 7 }), { name: 'Time', scale: 7 }],
    [
      column('c', 'datetimeoffset', 'datetimeoffset', { scale: 7 }),
      { name: 'DateTimeOffset', scale: 7 },
    ],
    [column('c', 'uniqueidentifier', 'guid'), { name: 'UniqueIdentifier' }],
    [column('c', 'xml', 'xml'), { name: 'Xml' }],
  ])('%j is written as %j', (c, expected) => {
    expect(driverType(c, 'dbo.T')).toEqual(expected);
  });

  it('refuses a type it cannot write', () => {
    let error: unknown;
    try {
      driverType(column('Shape', 'geography', 'other', { type: 'geography' }), 'dbo.Site');
    } catch (e) {
      error = e;
    }
    expect(isIcmsyncError(error, 'UNSUPPORTED')).toBe(true);
    expect((error as Error).message).toBe(
      'dbo.Site.Shape has type geography, which icmsync cannot copy (leave the table out)',
    );
  });
});
