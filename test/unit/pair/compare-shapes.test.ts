import { describe, expect, it } from 'vitest';
import { compareShapes } from '../../../src/pair/compare-shapes.js';
import { dataColumns, keyColumns, requireKey } from '../../../src/port/table-key.js';
import { column, table } from '../../support/shapes.js';

describe('compareShapes', () => {
  it('finds nothing between identical tables, whatever the name case', () => {
    const a = table([column('id'), column('Name', 'varchar(32)')]);
    const b = table([column('ID'), column('name', 'varchar(32)')], { primaryKey: ['ID'] });
    expect(compareShapes(a, b)).toEqual([]);
  });

  it('names columns missing on either side and type or nullability changes', () => {
    const a = table([column('id'), column('x', 'varchar(32)'), column('only_a')]);
    const b = table([
      column('id'),
      column('x', 'varchar(64)', { nullable: true }),
      column('only_b'),
    ]);
    expect(compareShapes(a, b)).toEqual([
      'column x is varchar(32) NOT NULL in A, varchar(64) NULL in B',
      'column only_a only in A',
      'column only_b only in B',
    ]);
  });

  it('reports a different column order and a different key', () => {
    const a = table([column('id'), column('x')]);
    expect(compareShapes(a, table([column('x'), column('id')]))).toEqual(['column order differs']);
    expect(compareShapes(a, table([column('id'), column('x')], { primaryKey: ['x'] }))).toEqual([
      'key is (id) in A, (x) in B',
    ]);
  });
});

describe('keyColumns', () => {
  it('prefers the primary key, then a unique key of NOT NULL columns', () => {
    expect(keyColumns(table([column('id')]))).toEqual(['id']);
    const unique = table([column('a', 'int', { nullable: true }), column('b')], {
      primaryKey: [],
      uniqueKeys: [['a'], ['b']],
    });
    expect(keyColumns(unique)).toEqual(['b']);
    expect(keyColumns(table([column('a')], { primaryKey: [] }))).toEqual([]);
  });

  it('chooses among unique keys by columns, not by catalog order, so both sides agree', () => {
    const columns = [column('a'), column('b'), column('c')];
    const one = table(columns, { primaryKey: [], uniqueKeys: [['c', 'a'], ['b'], ['a', 'b']] });
    const other = table(columns, { primaryKey: [], uniqueKeys: [['a', 'b'], ['b'], ['c', 'a']] });
    expect(keyColumns(one)).toEqual(['b']);
    expect(keyColumns(other)).toEqual(['b']);
    const wide = table(columns, {
      primaryKey: [],
      uniqueKeys: [
        ['c', 'a'],
        ['a', 'c'],
      ],
    });
    expect(keyColumns(wide)).toEqual(['a', 'c']);
  });

  it('explains a missing key with the side and the fix', () => {
    expect(() => requireKey(table([column('a')], { primaryKey: [] }), 'B')).toThrow(
      'B: dbo.T has no primary key or NOT NULL unique key (add one, or leave the table out)',
    );
  });

  it('leaves computed and rowversion columns out of the data columns', () => {
    const t = table([
      column('id'),
      column('c', 'int', { generated: true }),
      column('rv', 'timestamp', { rowVersion: true }),
    ]);
    expect(dataColumns(t).map((c) => c.name)).toEqual(['id']);
  });
});
