import { afterEach, describe, expect, it } from 'vitest';
import { readDiff } from '../../../src/diff/diff.js';
import type { DiffReport, TableDiff } from '../../../src/diff/diff-report.js';
import { genericProfile } from '../../../src/icm/generic-profile.js';
import { icmProfile } from '../../../src/icm/icm-profile.js';
import { fillLab } from '../../../src/lab/create-lab.js';
import { type Drift, NO_DRIFT, STATE_TRANSFER_DRIFT } from '../../../src/lab/drift.js';
import { type LabOptions, type LabRow, labTables } from '../../../src/lab/lab-data.js';
import type { Database } from '../../../src/port/database.js';
import type { TableShape } from '../../../src/port/shapes.js';
import type { ExactValue, Pair, Row, Side, Value } from '../../../src/port/types.js';
import { type FreshPair, type PairFixture, withPair } from '../../support/fixtures.js';

const ALL_ROWS = 1_000_000;

/** One comparable spelling of a lab value and of the same value read back in exact form. */
function norm(value: Value | ExactValue): string {
  if (value === null) return 'NULL';
  if (value instanceof Date) return String(value.getTime());
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (/^-?\d+(\.\d+)?$/.test(value)) return String(Number(value));
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value))
    return String(Date.parse(`${value.replace(' ', 'T')}Z`));
  return value;
}

/**
 * What diff must find, worked out from the lab generator's own rows (not from any server): per
 * table, the keys only on A, only on B, and on both with other values.
 */
function expectedDiff(options: Pair<LabOptions>, table: string, key: readonly string[]) {
  const rowsOf = (side: Side) => {
    const lab = labTables(side, side === 'A' ? options.a : options.b).find((t) => t.name === table);
    const byKey = new Map<string, LabRow>();
    for (const row of lab?.rows() ?? [])
      byKey.set(key.map((k) => norm(row[k] ?? null)).join('|'), row);
    return byKey;
  };
  const a = rowsOf('A');
  const b = rowsOf('B');
  const same = (x: LabRow, y: LabRow) =>
    Object.keys(x).every((column) => norm(x[column] ?? null) === norm(y[column] ?? null));
  return {
    onlyInA: [...a.keys()].filter((k) => !b.has(k)).sort(),
    onlyInB: [...b.keys()].filter((k) => !a.has(k)).sort(),
    changed: [...a.keys()]
      .filter((k) => b.has(k) && !same(a.get(k) as LabRow, b.get(k) as LabRow))
      .sort(),
  };
}

/** The keys diff listed, in the same spelling as {@link expectedDiff}. */
function foundDiff(t: TableDiff) {
  const keyOf = (row: readonly ExactValue[]) =>
    t.key.map((k) => norm(row[t.columns.indexOf(k)] ?? null)).join('|');
  return {
    onlyInA: t.samples.onlyInA.map(keyOf).sort(),
    onlyInB: t.samples.onlyInB.map(keyOf).sort(),
    changed: t.samples.changed.map((c) => c.key.map(norm).join('|')).sort(),
  };
}

const short = (t: TableDiff) => t.table.split('.').at(-1) as string;

/** Diff on pairs built by the lab and on hand-made tables, against a real server of the fixture's engine. */
export function diffCases(fixture: () => PairFixture): void {
  describe('diff', () => {
    const fresh: FreshPair[] = [];
    afterEach(async () => {
      await Promise.all(fresh.splice(0).map((f) => f.release()));
    });

    async function freshPair() {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      return pair.settings;
    }

    async function labDiff(drift: Drift, scale: number, scope: 'config' | 'all') {
      const options: LabOptions = { seed: 5, scale, drift };
      const settings = await freshPair();
      return withPair(settings, async (pair) => {
        await Promise.all([fillLab(pair.a, options), fillLab(pair.b, options)]);
        const report = await readDiff(pair, icmProfile, { scope, maxRows: ALL_ROWS });
        return { report, options: { a: options, b: options } };
      });
    }

    it('lists exactly the rows the lab made to differ, in every compared and historical table', async () => {
      const { report, options } = await labDiff(STATE_TRANSFER_DRIFT, 0.5, 'all');
      const differing = report.tables.filter((t) => t.state === 'differs').map(short);
      expect(differing).toEqual([
        'Agent',
        'Call_Type',
        'Config_Message_Log',
        'Dialed_Number',
        'Person',
        'Route_Call_Detail',
        'Skill_Group',
        'Skill_Group_Interval',
        'Skill_Group_Member',
        'Termination_Call_Detail',
      ]);
      for (const t of report.tables) {
        const expected = expectedDiff(options, short(t), t.key);
        expect({ table: t.table, ...foundDiff(t) }).toEqual({ table: t.table, ...expected });
        expect([t.onlyInA, t.onlyInB, t.changed]).toEqual([
          expected.onlyInA.length,
          expected.onlyInB.length,
          expected.changed.length,
        ]);
      }
      // Changed rows name only the columns that differ, with both values.
      const agent = report.tables.find((t) => short(t) === 'Agent');
      for (const row of agent?.samples.changed ?? [])
        for (const v of row.values) expect(norm(v.a)).not.toBe(norm(v.b));
    });

    it('says identical for an identical pair and fetches no row of a large table', async () => {
      const { report } = await labDiff(NO_DRIFT, 0.5, 'all');
      expect(report.tables.every((t) => t.state === 'identical')).toBe(true);
      const large = report.tables.filter((t) => (t.rows.a ?? 0) > 32).length;
      expect(large).toBeGreaterThan(3);
      // Only tables of at most one leaf are fetched whole.
      const small = report.tables
        .filter((t) => (t.rows.a ?? 0) <= 32)
        .reduce((n, t) => n + (t.rows.a ?? 0), 0);
      expect(report.cost.rowsFetched.a).toBe(small);
    });

    /** Creates the fixture's values table on one side and fills it. */
    async function valuesTable(db: Database, name: string, rows: readonly Row[]) {
      await db.runScript(fixture().ddl.values(name, 'txt'));
      const shape = (await db.readCatalog()).tables.find((t) => t.name === name) as TableShape;
      await db.bulkInsert(shape, [rows]);
    }

    it('finds one changed value among 10,000 rows with under 1% of the rows fetched', async () => {
      const rows: Row[] = Array.from({ length: 10_000 }, (_, i) => [
        i + 1,
        `row ${i + 1}`,
        i / 7,
        null,
        null,
      ]);
      const changed = rows.map((r) => [...r]);
      (changed[6789] as Value[])[1] = 'row 6790 edited';
      const report = await withPair(await freshPair(), async (pair) => {
        await Promise.all([valuesTable(pair.a, 'Big', rows), valuesTable(pair.b, 'Big', changed)]);
        return readDiff(pair, genericProfile, { tables: 'Big' });
      });
      const [big] = report.tables;
      expect(big).toMatchObject({ state: 'differs', onlyInA: 0, onlyInB: 0, changed: 1 });
      expect(big?.samples.changed[0]?.key).toEqual(['6790']);
      expect(big?.samples.changed[0]?.values).toEqual([
        { column: 'txt', a: 'row 6790', b: 'row 6790 edited' },
      ]);
      const fetched = report.cost.rowsFetched.a + report.cost.rowsFetched.b;
      expect(fetched).toBeLessThan(0.01 * 20_000);
      expect(report.cost.rowsHashed.a).toBeLessThan(10_000 + 2_000);
    });

    it('sees every kind of exact difference, and nothing else', async () => {
      const base: Row[] = [
        [1, 'x', 0.1, Buffer.from([1, 2, 3]), new Date('2026-11-24T10:00:00.000Z')],
        [2, null, 1, null, null],
        [3, 'trailing ', 2, null, null],
        [4, 'Case', 3, null, null],
        [5, '😀 outside the BMP', 4, null, null],
        [6, 'x'.repeat(5000), 5, null, null],
        [7, 'same', 6, Buffer.alloc(3000, 7), null],
      ];
      const edits: [number, number, Value, string][] = [
        [1, 2, 0.10000000000000002, 'a float one unit in the last place away'],
        [2, 1, '', 'NULL became empty text'],
        [3, 1, 'trailing', 'a trailing space went'],
        [4, 1, 'case', 'a letter changed case'],
        [5, 1, '😃 outside the BMP', 'a character outside the BMP changed'],
        [6, 1, `${'x'.repeat(4999)}y`, 'the last character of a long text changed'],
        [1, 3, Buffer.from([1, 2, 4]), 'one byte of a blob changed'],
        [1, 4, new Date('2026-11-24T10:00:00.010Z'), 'a time moved by 10 ms'],
      ];
      const other = base.map((r) => [...r]);
      for (const [id, column, value] of edits) (other[id - 1] as Value[])[column] = value;
      const report = await withPair(await freshPair(), async (pair) => {
        await Promise.all([
          valuesTable(pair.a, 'Exact', base),
          valuesTable(pair.b, 'Exact', other),
        ]);
        return readDiff(pair, genericProfile, { tables: 'Exact' });
      });
      const [exact] = report.tables;
      const found = (exact?.samples.changed ?? []).flatMap((c) =>
        c.values.map((v) => `${c.key[0]}.${v.column}`),
      );
      const columns = ['id', 'txt', 'f', 'b', 'd'];
      expect(found.sort()).toEqual(edits.map(([id, column]) => `${id}.${columns[column]}`).sort());
      expect(exact?.changed).toBe(6);
    });

    it('matches keys as the server does: equal under a case-insensitive collation', async () => {
      const report = await withPair(await freshPair(), async (pair) => {
        await pair.a.runScript(
          fixture().ddl.caseInsensitiveKey('Names', ['alpha', 'Beta', 'gamma']),
        );
        await pair.b.runScript(
          fixture().ddl.caseInsensitiveKey('Names', ['ALPHA', 'beta', 'delta']),
        );
        return readDiff(pair, genericProfile, { tables: 'Names' });
      });
      const [names] = report.tables;
      expect(names).toMatchObject({ onlyInA: 1, onlyInB: 1, changed: 2 });
      expect(names?.samples.onlyInA.map((r) => r[0])).toEqual(['gamma']);
      expect(names?.samples.onlyInB.map((r) => r[0])).toEqual(['delta']);
      expect(names?.samples.changed.map((c) => c.values)).toEqual([
        [{ column: 'name', a: 'alpha', b: 'ALPHA' }],
        [{ column: 'name', a: 'Beta', b: 'beta' }],
      ]);
    });

    it('refuses a table without a key unless --key names one', async () => {
      const diff = (key?: string[]) =>
        withPair(fresh.at(-1)?.settings as Pair<never>, (pair) =>
          readDiff(pair, icmProfile, { tables: 'Version', ...(key ? { key } : {}) }),
        );
      const options: LabOptions = { seed: 5, scale: 0.1, drift: STATE_TRANSFER_DRIFT };
      await withPair(await freshPair(), (pair) =>
        Promise.all([fillLab(pair.a, options), fillLab(pair.b, options)]),
      );
      const [skipped] = (await diff()).tables;
      expect(skipped).toMatchObject({ state: 'skipped' });
      expect(skipped?.reason).toContain('--key');
      const [keyed] = (await diff(['Major', 'Minor'])).tables;
      expect(keyed).toMatchObject({ state: 'identical', key: ['Major', 'Minor'] });
    });
  });
}

export type { DiffReport };
