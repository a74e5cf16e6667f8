import { describe, expect, it } from 'vitest';
import type { ForeignKeyShape, TableShape } from '../../../src/port/shapes.js';
import { rangeReplaced, replacedCount } from '../../../src/sync/apply.js';
import { column, table } from '../../support/shapes.js';

/** A table `name` whose foreign keys point at `parents`. */
function t(name: string, ...parents: string[]): TableShape {
  const foreignKeys: ForeignKeyShape[] = parents.map((p) => ({
    name: `FK_${name}_${p}`,
    columns: [`${p}ID`],
    referencedSchema: 'dbo',
    referencedTable: p,
    referencedColumns: ['id'],
    enabled: true,
  }));
  return table([column('id')], { name, foreignKeys });
}

describe('rangeReplaced', () => {
  const peripheral = t('Peripheral');
  const agent = t('Agent', 'Peripheral');
  const member = t('Skill_Group_Member', 'Agent');
  const tcd = t('Termination_Call_Detail');
  const tree = t('Tree', 'Tree');
  const catalog = [peripheral, agent, member, tcd, tree, t('Outside', 'Orphan')];

  it('picks the tables nothing references and that reference nothing in the run', () => {
    expect(rangeReplaced([peripheral, agent, member, tcd, tree], catalog)).toEqual(
      new Set(['dbo.termination_call_detail']),
    );
  });

  it('counts references from tables outside the run, and allows references to them', () => {
    expect(rangeReplaced([member, t('Orphan')], catalog)).toEqual(
      new Set(['dbo.skill_group_member']),
    );
  });
});

describe('replacedCount', () => {
  it('counts a key deleted and copied back as updated', () => {
    expect(replacedCount(1000, 1000)).toEqual({ inserted: 0, updated: 1000, deleted: 0 });
    expect(replacedCount(0, 1000)).toEqual({ inserted: 1000, updated: 0, deleted: 0 });
    expect(replacedCount(1000, 990)).toEqual({ inserted: 0, updated: 990, deleted: 10 });
  });
});
