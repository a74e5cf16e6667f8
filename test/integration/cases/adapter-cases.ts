import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePair, openPair } from '../../../src/db/open-pair.js';
import { fillLab } from '../../../src/lab/create-lab.js';
import { NO_DRIFT } from '../../../src/lab/drift.js';
import type { Database } from '../../../src/port/database.js';
import type { TableShape } from '../../../src/port/shapes.js';
import { tableLabel } from '../../../src/port/table-key.js';
import type { ExactRow, Pair, Row, Value } from '../../../src/port/types.js';
import type { FreshPair, PairFixture } from '../../support/fixtures.js';

/** A text column name no identifier quoting mistake survives. */
const HOSTILE_COLUMN = `we]ird "col' --`;
const at = (iso: string) => new Date(iso);

/** Every awkward value the values table holds: NULLs, empty text, Unicode, controls, float edges, bytes, times. */
const BASE: Row[] = [
  [1, 'plain', 0.1, Buffer.from([1, 2, 3]), at('2026-11-24T10:00:00.000Z')],
  [2, null, null, null, null],
  [3, '', 0, Buffer.alloc(0), at('1900-01-01T00:00:00.000Z')],
  [4, 'tab\there\nnew line \\ back', 1e-300, Buffer.from([0]), at('2026-12-31T23:59:59.990Z')],
  [
    5,
    '王芳 Zoë Łukasz Мария',
    1.7976931348623157e308,
    Buffer.from('ff00ee', 'hex'),
    at('2026-02-28T12:34:56.780Z'),
  ],
  [6, 'trailing ', 123456789.125, Buffer.alloc(300, 7), at('2026-06-30T00:00:00.010Z')],
  [7, `a'b"c]d`, -2.5e-10, Buffer.from('x'), at('2000-01-01T00:00:00.000Z')],
];

/** One-value changes a checksum must see, each applied to a copy of BASE. */
const CHANGES: readonly [string, (rows: Row[]) => void][] = [
  ['NULL becomes empty text', (rows) => set(rows, 2, 1, '')],
  ['a letter changes case', (rows) => set(rows, 1, 1, 'Plain')],
  ['a trailing space goes', (rows) => set(rows, 6, 1, 'trailing')],
  ['a float moves by one unit in the last place', (rows) => set(rows, 1, 2, 0.10000000000000002)],
  ['one byte of a blob changes', (rows) => set(rows, 1, 3, Buffer.from([1, 2, 4]))],
  ['a time moves by 10 ms', (rows) => set(rows, 1, 4, at('2026-11-24T10:00:00.010Z'))],
  [
    'two rows swap their text',
    (rows) => {
      const one = rows[0]?.[1] ?? null;
      set(rows, 1, 1, rows[3]?.[1] ?? null);
      set(rows, 4, 1, one);
    },
  ],
  ['a row is missing', (rows) => void rows.splice(2, 1)],
];

function set(rows: Row[], id: number, column: number, value: Value): void {
  const index = rows.findIndex((r) => r[0] === id);
  const row = [...(rows[index] ?? [])];
  row[column] = value;
  rows[index] = row;
}

/**
 * A value as comparable data, for a generated value (JS) and the same value read back in exact form
 * (the server's text): ids and floats as the numbers their text spells exactly, timestamps as epoch
 * ms, bytes as hex.
 */
function comparable(value: Value, column: number): unknown {
  if (value === null) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value instanceof Date) return value.getTime();
  if (column === 4) return Date.parse(`${String(value).replace(' ', 'T')}Z`);
  if (column === 0 || column === 2) return Number(value);
  return value;
}

async function readAll(db: Database, table: TableShape, batchSize?: number): Promise<ExactRow[][]> {
  const batches: ExactRow[][] = [];
  for await (const batch of db.readRows(table, batchSize ? { batchSize } : {}))
    batches.push([...batch]);
  return batches;
}

/** Statements every adapter issues, run against a real server of the fixture's engine. */
export function adapterCases(fixture: () => PairFixture): void {
  describe('adapter', () => {
    let fresh: FreshPair;
    let pair: Pair<Database>;
    const tables = new Map<string, TableShape>();

    const createValuesTable = async (name: string, rows: readonly Row[]) => {
      await pair.a.runScript(fixture().ddl.values(name, HOSTILE_COLUMN));
      const shape = (await pair.a.readCatalog()).tables.find((t) => t.name === name);
      if (!shape) throw new Error(`table ${name} not in the catalog`);
      expect(await pair.a.bulkInsert(shape, [rows.slice(0, 3), rows.slice(3)])).toBe(rows.length);
      tables.set(name, shape);
      return shape;
    };

    beforeAll(async () => {
      fresh = await fixture().freshPair();
      pair = await openPair(fresh.settings);
      await fillLab(pair.b, { seed: 7, scale: 0.2, drift: NO_DRIFT });
    });

    afterAll(async () => {
      if (pair) await closePair(pair);
      await fresh?.release();
    });

    it('describes the server, database and default schema', async () => {
      const info = await pair.b.describe();
      expect(info.engine).toBe(fixture().engine);
      expect(info.database).toBe(fresh.settings.b.database);
      expect(info.defaultSchema).toBe(fixture().engine === 'mssql' ? 'dbo' : 'public');
      expect(info.engineVersion).toMatch(
        fixture().engine === 'mssql'
          ? /^Microsoft SQL Server \d+\./
          : /^(PGlite .*)?PostgreSQL|\(PostgreSQL/,
      );
    });

    it('reads the Logger schema from the catalog: keys, alternate keys, foreign keys and kinds', async () => {
      const catalog = await pair.b.readCatalog();
      const byName = new Map(catalog.tables.map((t) => [t.name, t]));
      expect([...byName.keys()].sort()).toEqual([
        'Agent',
        'Call_Type',
        'Config_Message_Log',
        'Customer_Definition',
        'Dialed_Number',
        'Logger_Admin',
        'Media_Routing_Domain',
        'Peripheral',
        'Person',
        'Route_Call_Detail',
        'Skill_Group',
        'Skill_Group_Interval',
        'Skill_Group_Member',
        'Termination_Call_Detail',
        'Version',
      ]);
      // The Schema Handbook gives Version no key, only a non-unique index on Major (defect 1).
      expect(byName.get('Version')?.primaryKey).toEqual([]);
      expect(byName.get('Version')?.uniqueKeys).toEqual([]);
      const agent = byName.get('Agent');
      expect(agent?.primaryKey).toEqual(['SkillTargetID']);
      expect(agent?.uniqueKeys).toContainEqual(['PeripheralID', 'PeripheralNumber']);
      expect(
        agent?.foreignKeys.map((f) => [
          f.name,
          f.columns,
          f.referencedTable,
          f.referencedColumns,
          f.enabled,
        ]),
      ).toEqual([
        ['XFK1Agent', ['PeripheralID'], 'Peripheral', ['PeripheralID'], true],
        ['XFK2Agent', ['PersonID'], 'Person', ['PersonID'], true],
      ]);
      expect(byName.get('Skill_Group_Member')?.primaryKey).toEqual([
        'SkillGroupSkillTargetID',
        'AgentSkillTargetID',
      ]);
      expect(byName.get('Skill_Group_Interval')?.primaryKey).toEqual([
        'DateTime',
        'SkillTargetID',
        'TimeZone',
      ]);
      expect(byName.get('Skill_Group_Interval')?.uniqueKeys).toEqual([['RecoveryKey']]);
      const kinds = (t: string) =>
        Object.fromEntries(byName.get(t)?.columns.map((c) => [c.name, c.kind]) ?? []);
      expect(kinds('Config_Message_Log')).toEqual({
        RecoveryKey: 'float',
        LogOperation: 'text',
        TableName: 'text',
        DateTime: 'datetime',
        ConfigMessage: 'binary',
      });
      expect(kinds('Person')).toMatchObject({
        PersonID: 'integer',
        FirstName: 'text',
        Password: 'binary',
        Deleted: 'text',
      });
      const person = byName.get('Person');
      expect(person?.columns.find((c) => c.name === 'LoginName')).toMatchObject({
        length: 255,
        nullable: false,
      });
      expect(person?.columns.find((c) => c.name === 'Description')).toMatchObject({
        nullable: true,
      });
    });

    it('reads identity, computed columns and triggers', async () => {
      await pair.a.runScript(fixture().ddl.features('Features'));
      const features = (await pair.a.readCatalog()).tables.find((t) => t.name === 'Features');
      const column = (name: string) => features?.columns.find((c) => c.name === name);
      expect(column('id')).toMatchObject({ identity: true, generated: false });
      expect(column('doubled')).toMatchObject({ identity: false, generated: true });
      expect(column('qty')).toMatchObject({ identity: false, generated: false, nullable: false });
      expect(features?.triggers).toEqual([{ name: 'Features_trg', enabled: true }]);
    });

    it('bulk loads awkward values and reads every one back exactly', async () => {
      const table = await createValuesTable(`Odd "T' able`, BASE);
      expect(table.columns.map((c) => c.name)).toEqual(['id', HOSTILE_COLUMN, 'f', 'b', 'd']);
      const rows = (await readAll(pair.a, table)).flat();
      expect(rows.map((r) => r.map(comparable))).toEqual(BASE.map((r) => r.map(comparable)));
    });

    it('pages through rows in key order, and reads a key range', async () => {
      const table = tables.get(`Odd "T' able`) as TableShape;
      const batches = await readAll(pair.a, table, 2);
      expect(batches.map((b) => b.length)).toEqual([2, 2, 2, 1]);
      expect(batches.flat().map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
      const slice: ExactRow[] = [];
      for await (const batch of pair.a.readRows(table, { range: { after: ['2'], upTo: ['5'] } }))
        slice.push(...batch);
      expect(slice.map((r) => r[0])).toEqual(['3', '4', '5']);
    });

    it('checksums equal content equally and sees every single-value change', async () => {
      const base = await pair.a.checksum(tables.get(`Odd "T' able`) as TableShape);
      const copy = await pair.a.checksum(await createValuesTable('Copy', BASE));
      expect(copy).toEqual(base);
      expect(base.rows).toBe(BASE.length);
      expect(base.bytes).toBeGreaterThan(300);
      for (const [i, [what, change]] of CHANGES.entries()) {
        const rows = BASE.map((r) => [...r]);
        change(rows);
        const sum = await pair.a.checksum(await createValuesTable(`Changed${i}`, rows));
        expect({ what, same: sum.rows === base.rows && sum.digest === base.digest }).toEqual({
          what,
          same: false,
        });
      }
    });

    it('treats an offset as data where the engine keeps it: datetimeoffset yes, timestamptz no', async () => {
      const read = async (name: string, literal: string) => {
        await pair.a.runScript(fixture().ddl.instant(name, literal));
        const shape = (await pair.a.readCatalog()).tables.find((t) => t.name === name);
        if (!shape) throw new Error(`table ${name} not in the catalog`);
        const rows = (await readAll(pair.a, shape)).flat();
        return { sum: await pair.a.checksum(shape), value: rows[0]?.[1] };
      };
      const utc = await read('InstantUtc', '2026-01-01 08:00:00.1234567+00:00');
      const cet = await read('InstantCet', '2026-01-01 10:00:00.1234567+02:00');
      const later = await read('InstantLater', '2026-01-01 08:00:00.1234568+00:00');
      if (fixture().keepsOffsets) {
        // SQL Server stores the offset: the same instant written with another offset is a change.
        expect([utc.value, cet.value]).toEqual([
          '2026-01-01 08:00:00.1234567 +00:00',
          '2026-01-01 10:00:00.1234567 +02:00',
        ]);
        expect(cet.sum.digest).not.toBe(utc.sum.digest);
        expect(later.sum.digest).not.toBe(utc.sum.digest);
      } else {
        // PostgreSQL's timestamptz stores the instant only (microseconds), shown in UTC.
        expect([utc.value, cet.value]).toEqual([
          '2026-01-01 08:00:00.123457+00',
          '2026-01-01 08:00:00.123457+00',
        ]);
        expect(cet.sum).toEqual(utc.sum);
        expect(later.value).toBe('2026-01-01 08:00:00.123457+00');
      }
    });

    it('pages and cuts decimal keys beyond 2^53 exactly (defect 6)', async () => {
      // Neighbours a JavaScript number cannot tell apart: 2^53 + 1 and 2^53 + 2 both read as 2^53 + 2.
      const keys = [
        '9007199254740993',
        '9007199254740994',
        '9007199254740995',
        '99999999999999999999999999999999999999',
      ];
      await pair.a.runScript(fixture().ddl.decimalKeyed('BigKeys', keys));
      const shape = (await pair.a.readCatalog()).tables.find(
        (t) => t.name === 'BigKeys',
      ) as TableShape;
      const paged = (await readAll(pair.a, shape, 1)).flat().map((r) => r[0]);
      expect(paged).toEqual(keys);
      const low = await pair.a.checksum(shape, { upTo: ['9007199254740994'] });
      const high = await pair.a.checksum(shape, { after: ['9007199254740994'] });
      expect([low.rows, high.rows]).toEqual([2, 2]);
      expect(await pair.a.sampleKeys(shape, 1)).toEqual(keys.map((k) => [k]));
    });

    it('checksums key ranges that add up exactly to the whole table', async () => {
      const table = tables.get(`Odd "T' able`) as TableShape;
      const whole = await pair.a.checksum(table);
      const low = await pair.a.checksum(table, { upTo: ['3'] });
      const high = await pair.a.checksum(table, { after: ['3'] });
      expect(low.rows + high.rows).toBe(whole.rows);
      expect(low.bytes + high.bytes).toBe(whole.bytes);
      expect(BigInt(low.digest) + BigInt(high.digest)).toBe(BigInt(whole.digest));
      expect(await pair.a.checksum(table, { after: ['7'] })).toEqual({
        rows: 0,
        bytes: 0,
        digest: '0',
      });
    });

    it('counts a table and finds the highest value of a column', async () => {
      const log = (await pair.b.readCatalog()).tables.find(
        (t) => t.name === 'Config_Message_Log',
      ) as TableShape;
      const stats = await pair.b.columnStats(log, 'RecoveryKey');
      expect(stats.rows).toBe(80);
      expect(typeof stats.max).toBe('string');
      expect(Number(stats.max)).toBeGreaterThan(309_974_000_000);
      const copy = tables.get('Copy') as TableShape;
      expect(await pair.a.columnStats(copy, 'id')).toEqual({ rows: BASE.length, max: '7' });
    });

    it('names the side and the table when a statement fails', async () => {
      const ghost = { ...(tables.get('Copy') as TableShape), name: 'No_Such_Table' };
      await expect(pair.b.checksum(ghost)).rejects.toMatchObject({ code: 'QUERY', side: 'B' });
      await expect(pair.b.checksum(ghost)).rejects.toThrow(`B: checksum`);
      await expect(pair.b.checksum(ghost)).rejects.toThrow(tableLabel(ghost));
    });
  });
}
