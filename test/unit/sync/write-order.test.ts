import { describe, expect, it } from 'vitest';
import { TableChanges } from '../../../src/sync/plan.js';
import { inDependencyOrder, writeOrder } from '../../../src/sync/write-order.js';
import { column, table } from '../../support/shapes.js';

const t = (name: string, parents: string[]) => {
  const shape = table([column('id')], {
    name,
    foreignKeys: parents.map((p) => ({
      name: `fk_${name}_${p}`,
      columns: ['id'],
      referencedSchema: 'dbo',
      referencedTable: p,
      referencedColumns: ['id'],
      enabled: true,
    })),
  });
  return new TableChanges(`dbo.${name}`, { a: shape, b: shape }, [0]);
};

const names = (tables: readonly TableChanges[] | undefined) => (tables ?? []).map((x) => x.table);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('write order for tables written in parallel', () => {
  const run = writeOrder(
    [t('Member', ['Agent', 'Group']), t('Agent', ['Person']), t('Person', []), t('Group', [])],
    'B',
  );
  const named = (name: string) => run.order.find((x) => x.table === `dbo.${name}`) as TableChanges;

  it('orders writes parents first, whatever the input order, ignoring self-references', () => {
    const { order } = writeOrder(
      [
        t('Skill_Group_Member', ['Agent', 'Skill_Group']),
        t('Agent', ['Person', 'Agent']),
        t('Person', []),
        t('Skill_Group', []),
      ],
      'B',
    );
    expect(names(order)).toEqual([
      'dbo.Person',
      'dbo.Agent',
      'dbo.Skill_Group',
      'dbo.Skill_Group_Member',
    ]);
  });

  it('gives each table its parents for writes and its children for deletes', () => {
    expect(names(run.parents.get(named('Member')))).toEqual(['dbo.Agent', 'dbo.Group']);
    expect(names(run.parents.get(named('Person')))).toEqual([]);
    expect(names(run.children.get(named('Person')))).toEqual(['dbo.Agent']);
    expect(names(run.children.get(named('Agent')))).toEqual(['dbo.Member']);
  });

  it('puts the update log after every other table, and keeps it out of the parallel phases', () => {
    const tables = [t('Aaa_Log', []), t('Agent', ['Person']), t('Person', [])];
    const logged = writeOrder(tables, 'B', 'dbo.aaa_log');
    expect(names(logged.order)).toEqual(['dbo.Person', 'dbo.Agent', 'dbo.Aaa_Log']);
    expect(logged.last?.table).toBe('dbo.Aaa_Log');
    expect(names([...logged.parents.keys()])).toEqual(['dbo.Person', 'dbo.Agent']);
    expect(names([...logged.children.keys()])).toEqual(['dbo.Person', 'dbo.Agent']);
    expect(names(writeOrder(tables, 'B').order)).toEqual([
      'dbo.Aaa_Log',
      'dbo.Person',
      'dbo.Agent',
    ]);
    // A log that a table of the run refers to keeps its place before it.
    const referred = writeOrder([t('Log', []), t('Reader', ['Log'])], 'B', 'dbo.Log');
    expect(names(referred.order)).toEqual(['dbo.Log', 'dbo.Reader']);
    expect(referred.last).toBeNull();
  });

  it('keeps only the half of a cycle the order honours, so parallel runs cannot wait forever', () => {
    const cyclic = writeOrder([t('X', ['Y']), t('Y', ['X'])], 'B');
    const edges = cyclic.order.flatMap((x) => names(cyclic.parents.get(x)));
    expect(names(cyclic.order)).toEqual(['dbo.Y', 'dbo.X']);
    expect(edges).toEqual(['dbo.Y']);
  });

  it('starts a table only after its parents, and runs independent tables at once', async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    await inDependencyOrder(run.order, run.parents, 2, async (x) => {
      running += 1;
      most = Math.max(most, running);
      log.push(`start ${x.table}`);
      await tick();
      await tick();
      log.push(`end ${x.table}`);
      running -= 1;
    });
    const at = (line: string) => log.indexOf(line);
    expect(at('start dbo.Agent')).toBeGreaterThan(at('end dbo.Person'));
    expect(at('start dbo.Member')).toBeGreaterThan(at('end dbo.Agent'));
    expect(at('start dbo.Member')).toBeGreaterThan(at('end dbo.Group'));
    expect(most).toBe(2);
  });

  it('walks children first for deletes', async () => {
    const ended: string[] = [];
    await inDependencyOrder(run.order, run.children, 4, async (x) => {
      await tick();
      ended.push(x.table);
    });
    expect(ended.indexOf('dbo.Member')).toBeLessThan(ended.indexOf('dbo.Agent'));
    expect(ended.indexOf('dbo.Agent')).toBeLessThan(ended.indexOf('dbo.Person'));
  });

  it('never exceeds the concurrency, and 1 runs the tables one after the other', async () => {
    let running = 0;
    let most = 0;
    await inDependencyOrder(run.order, new Map(), 1, async () => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
    });
    expect(most).toBe(1);
  });

  it('after a failure starts nothing more, tells running tables, and throws the failure', async () => {
    const started: string[] = [];
    let toldOthers = false;
    const work = inDependencyOrder(run.order, run.parents, 2, async (x, failed) => {
      started.push(x.table);
      if (x.table === 'dbo.Person') throw new Error('connection lost');
      await tick();
      await tick();
      toldOthers ||= failed();
    });
    await expect(work).rejects.toThrow('connection lost');
    expect(started).not.toContain('dbo.Agent');
    expect(started).not.toContain('dbo.Member');
    expect(toldOthers).toBe(true);
  });
});
