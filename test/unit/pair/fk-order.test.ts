import { describe, expect, it } from 'vitest';
import { foreignKeyOrder, rowLevels } from '../../../src/pair/fk-order.js';
import type { ForeignKeyShape, TableShape } from '../../../src/port/shapes.js';
import { tableLabel } from '../../../src/port/table-key.js';
import { column, table } from '../../support/shapes.js';

/** A table `name` whose foreign keys point at `parents` (`name` or `name!` for a disabled one). */
function t(name: string, ...parents: string[]): TableShape {
  const foreignKeys: ForeignKeyShape[] = parents.map((p) => ({
    name: `FK_${name}_${p}`,
    columns: [`${p.replace('!', '')}ID`],
    referencedSchema: 'dbo',
    referencedTable: p.replace('!', ''),
    referencedColumns: ['id'],
    enabled: !p.endsWith('!'),
  }));
  return table([column('id')], { name, foreignKeys });
}

const names = (groups: readonly { tables: readonly TableShape[] }[]) =>
  groups.map((g) => g.tables.map((x) => x.name).join('+'));

describe('foreignKeyOrder', () => {
  it('puts parents first for writes and children first for deletes', () => {
    const order = foreignKeyOrder([
      t('Skill_Group_Member', 'Skill_Group', 'Agent'),
      t('Agent', 'Peripheral', 'Person'),
      t('Skill_Group', 'Peripheral'),
      t('Person'),
      t('Peripheral'),
    ]);
    expect(names(order.parentsFirst)).toEqual([
      'Peripheral',
      'Person',
      'Agent',
      'Skill_Group',
      'Skill_Group_Member',
    ]);
    expect(names(order.childrenFirst)).toEqual([
      'Skill_Group_Member',
      'Skill_Group',
      'Agent',
      'Person',
      'Peripheral',
    ]);
    expect(order.parentsFirst.every((g) => g.cycle.length === 0)).toBe(true);
  });

  it('is the same whatever order the tables come in, ties broken by name', () => {
    const tables = [t('C', 'A'), t('B'), t('A'), t('D', 'B')];
    const once = names(foreignKeyOrder(tables).parentsFirst);
    expect(once).toEqual(['A', 'B', 'C', 'D']);
    expect(names(foreignKeyOrder([...tables].reverse()).parentsFirst)).toEqual(once);
  });

  it('ignores disabled foreign keys and keys to tables not being written', () => {
    const order = foreignKeyOrder([t('A', 'B!'), t('B', 'Elsewhere')]);
    expect(names(order.parentsFirst)).toEqual(['A', 'B']);
  });

  it('matches referenced tables case-insensitively, as the catalog may spell them', () => {
    const child = t('Child', 'PARENT');
    expect(names(foreignKeyOrder([child, t('Parent')]).parentsFirst)).toEqual(['Parent', 'Child']);
  });

  it('keeps a self-referencing table a group of its own, with its foreign key as the cycle', () => {
    const order = foreignKeyOrder([t('Employee', 'Employee', 'Dept'), t('Dept')]);
    expect(names(order.parentsFirst)).toEqual(['Dept', 'Employee']);
    const [, employee] = order.parentsFirst;
    expect(employee?.cycle.map((e) => e.foreignKey.name)).toEqual(['FK_Employee_Employee']);
  });

  it('groups the tables of a cycle, after their parents and before their children', () => {
    const order = foreignKeyOrder([t('Child', 'Y'), t('X', 'Y', 'Root'), t('Y', 'X'), t('Root')]);
    expect(names(order.parentsFirst)).toEqual(['Root', 'X+Y', 'Child']);
    const cycle = order.parentsFirst[1]?.cycle ?? [];
    expect(cycle.map((e) => `${tableLabel(e.child)}→${tableLabel(e.parent)}`).sort()).toEqual([
      'dbo.X→dbo.Y',
      'dbo.Y→dbo.X',
    ]);
  });
});

describe('rowLevels', () => {
  const node = (name: string, ...references: string[]) => ({ names: [name], references });

  it('puts every row after the rows it refers to, whatever order they come in', () => {
    // 7 → 8 → 9 → 1: the keys run against the tree.
    const { levels, cyclic } = rowLevels([
      node('7', '8'),
      node('8', '9'),
      node('9', '1'),
      node('5', '1'),
      node('1'),
    ]);
    expect(levels).toEqual([3, 2, 1, 1, 0]);
    expect(cyclic).toBe(false);
  });

  it('counts references to rows outside the set as already there, and a root that is its own parent', () => {
    expect(rowLevels([node('2', 'elsewhere'), node('3', '3')]).levels).toEqual([0, 0]);
  });

  it('follows the longest path when a row refers to several others', () => {
    const { levels } = rowLevels([node('a', 'b', 'c'), node('b'), node('c', 'b')]);
    expect(levels).toEqual([2, 0, 1]);
  });

  it('says when rows refer to each other in a loop', () => {
    const { levels, cyclic } = rowLevels([node('a', 'b'), node('b', 'a'), node('c')]);
    expect(cyclic).toBe(true);
    expect(levels).toHaveLength(3);
  });

  it('handles a very long chain without recursion', () => {
    const n = 100_000;
    const chain = Array.from({ length: n }, (_, i) =>
      node(String(i), ...(i + 1 < n ? [String(i + 1)] : [])),
    );
    const { levels } = rowLevels(chain);
    expect(levels[0]).toBe(n - 1);
    expect(levels[n - 1]).toBe(0);
  });
});
