import { describe, expect, it } from 'vitest';
import { matchRows, sameValue } from '../../../src/diff/match-rows.js';
import { parseTablePatterns, selectTables } from '../../../src/diff/select-tables.js';

describe('matchRows', () => {
  const columns = ['id', 'name', 'blob'];
  const key = [0];

  it('pairs rows by the server rank of their keys and lists what differs, in rank order', () => {
    const a = [
      ['1', 'same', null],
      ['2', 'old', null],
      ['3', 'gone', null],
    ];
    const b = [
      ['2', 'new', null],
      ['1', 'same', null],
      ['4', 'fresh', null],
    ];
    // Ranks: A's rows first, then B's; rank order is the server's key order.
    const diff = matchRows({ a, b }, [1, 2, 3, 2, 1, 4], columns, key);
    expect(diff.onlyInA).toEqual([['3', 'gone', null]]);
    expect(diff.onlyInB).toEqual([['4', 'fresh', null]]);
    expect(diff.changed).toEqual([
      {
        key: ['2'],
        values: [{ column: 'name', a: 'old', b: 'new' }],
        rows: { a: ['2', 'old', null], b: ['2', 'new', null] },
      },
    ]);
  });

  it('matches keys the server calls equal though their text differs (a CI collation)', () => {
    const diff = matchRows({ a: [['a', 'x', null]], b: [['A', 'x', null]] }, [1, 1], columns, key);
    expect(diff.onlyInA).toEqual([]);
    expect(diff.changed).toEqual([
      expect.objectContaining({ key: ['a'], values: [{ column: 'id', a: 'a', b: 'A' }] }),
    ]);
  });

  it('tells NULL from empty text, trailing spaces and bytes apart', () => {
    expect(sameValue(null, '')).toBe(false);
    expect(sameValue('a ', 'a')).toBe(false);
    expect(sameValue(null, null)).toBe(true);
    expect(sameValue(Uint8Array.of(1, 2), Buffer.from([1, 2]))).toBe(true);
    expect(sameValue(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(sameValue('0102', Uint8Array.of(1, 2))).toBe(false);
  });
});

describe('selectTables', () => {
  const all = [
    'dbo.Agent',
    'dbo.Agent_Team',
    'dbo.Skill_Group',
    'dbo.Version',
    'dbo.Route_Call_Detail',
  ];
  const scope = ['dbo.Agent', 'dbo.Agent_Team', 'dbo.Skill_Group'];

  it('takes the scope when no table is named, minus exclusions', () => {
    expect(selectTables(all, scope, parseTablePatterns(undefined))).toEqual(scope);
    expect(selectTables(all, scope, parseTablePatterns('!agent*'))).toEqual(['dbo.Skill_Group']);
  });

  it('takes named tables and globs from every table, by bare or qualified name', () => {
    expect(selectTables(all, scope, parseTablePatterns('version, dbo.Route_*'))).toEqual([
      'dbo.Version',
      'dbo.Route_Call_Detail',
    ]);
    expect(selectTables(all, scope, parseTablePatterns('Agent?Team'))).toEqual(['dbo.Agent_Team']);
  });

  it('refuses names that match nothing, and empty names', () => {
    expect(() => selectTables(all, scope, parseTablePatterns('Agnet'))).toThrow(/matches no table/);
    expect(() => parseTablePatterns('Agent,!')).toThrow(/empty name/);
  });
});
