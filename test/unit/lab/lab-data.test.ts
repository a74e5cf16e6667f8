import { describe, expect, it } from 'vitest';
import { NO_DRIFT, STATE_TRANSFER_DRIFT } from '../../../src/lab/drift.js';
import { type LabOptions, type LabRow, labTables } from '../../../src/lab/lab-data.js';
import type { Side } from '../../../src/port/types.js';

const rowsOf = (side: Side, options: LabOptions) =>
  new Map(labTables(side, options).map((t) => [t.name, [...t.rows()]]));
const keyOf = (row: LabRow) =>
  JSON.stringify(row, (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v));

describe('labTables', () => {
  const options: LabOptions = { seed: 5, scale: 0.5, drift: STATE_TRANSFER_DRIFT };

  it('lists the fifteen tables in foreign-key order', () => {
    expect(labTables('A', options).map((t) => t.name)).toEqual([
      'Version',
      'Customer_Definition',
      'Peripheral',
      'Media_Routing_Domain',
      'Person',
      'Agent',
      'Skill_Group',
      'Skill_Group_Member',
      'Call_Type',
      'Dialed_Number',
      'Config_Message_Log',
      'Logger_Admin',
      'Route_Call_Detail',
      'Termination_Call_Detail',
      'Skill_Group_Interval',
    ]);
  });

  it('gives the same rows for the same seed, and other rows for another', () => {
    const one = rowsOf('A', options);
    const again = rowsOf('A', options);
    const other = rowsOf('A', { ...options, seed: 6 });
    for (const [name, rows] of one)
      expect(again.get(name)?.map(keyOf), name).toEqual(rows.map(keyOf));
    expect(other.get('Person')?.map(keyOf)).not.toEqual(one.get('Person')?.map(keyOf));
  });

  it('builds identical sides without drift, except each Logger_Admin', () => {
    const a = rowsOf('A', { ...options, drift: NO_DRIFT });
    const b = rowsOf('B', { ...options, drift: NO_DRIFT });
    for (const [name, rows] of a) {
      const same = JSON.stringify(b.get(name)?.map(keyOf)) === JSON.stringify(rows.map(keyOf));
      expect({ name, same }).toEqual({ name, same: name !== 'Logger_Admin' });
    }
  });

  it('drifts the behind side the way a failed state transfer leaves it', () => {
    const a = rowsOf('A', options);
    const b = rowsOf('B', options);
    const count = (m: typeof a, t: string) => m.get(t)?.length ?? 0;
    expect(count(a, 'Config_Message_Log') - count(b, 'Config_Message_Log')).toBe(200);
    for (const t of ['Route_Call_Detail', 'Termination_Call_Detail', 'Skill_Group_Interval']) {
      expect(count(a, t) - count(b, t)).toBe(500);
    }
    // missing 3 (2 dialed numbers, 1 membership), extra 2 retired numbers, changed 4 (one per table)
    expect(count(a, 'Skill_Group_Member') - count(b, 'Skill_Group_Member')).toBe(1);
    const retired =
      b.get('Dialed_Number')?.filter((r) => String(r.EnterpriseName).startsWith('DN_retired')) ??
      [];
    expect(retired).toHaveLength(2);
    expect(count(b, 'Dialed_Number')).toBe(count(a, 'Dialed_Number'));
    for (const t of ['Agent', 'Person', 'Skill_Group', 'Call_Type']) {
      const older = b.get(t)?.filter((r) => String(r.Description).startsWith('was: ')) ?? [];
      expect({ t, older: older.length }).toEqual({ t, older: 1 });
    }
    const maxKey = (m: typeof a) =>
      Math.max(...(m.get('Config_Message_Log')?.map((r) => Number(r.RecoveryKey)) ?? []));
    expect(maxKey(a)).toBeGreaterThan(maxKey(b));
  });

  it('gives the behind side log entries of its own, below the ahead side new ones, when told to diverge', () => {
    const drift = { ...STATE_TRANSFER_DRIFT, diverge: 3 };
    const keys = (side: Side) =>
      rowsOf(side, { ...options, drift })
        .get('Config_Message_Log')
        ?.map((r) => Number(r.RecoveryKey)) ?? [];
    const a = new Set(keys('A'));
    const own = keys('B').filter((k) => !a.has(k));
    expect(own).toHaveLength(3);
    expect(Math.max(...own)).toBeLessThan(Math.max(...a));
  });

  it('gives the behind side another schema version only when asked', () => {
    const version = (side: Side, behindSchema: LabOptions['drift']['behindSchema']) =>
      rowsOf(side, { ...options, drift: { ...NO_DRIFT, behindSchema } })
        .get('Version')
        ?.at(-1);
    expect(version('B', { major: 77, minor: 3 })).toMatchObject({ Major: 77, Minor: 3 });
    expect(version('A', { major: 77, minor: 3 })).toMatchObject({ Major: 77, Minor: 4 });
  });
});
