import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../../src/db/engines.js';
import type { Database } from '../../../src/port/database.js';
import { isLockoutTrigger, lockoutMessage } from '../../../src/port/lockout.js';
import type { TableShape } from '../../../src/port/shapes.js';
import { tableLabel } from '../../../src/port/table-key.js';
import type { FreshPair, PairFixture } from '../../support/fixtures.js';

/** A table name with a quote, a double quote, a bracket and a space. */
const LOCKED = `Lock "ed' t]able`;

/**
 * `icmsync sync --lockout` on one engine, against a real server: the lockout trigger stops every
 * writer but a session marked as icmsync's, and comes off again.
 */
export function lockoutCases(fixture: () => PairFixture): void {
  describe('the lockout trigger', () => {
    let fresh: FreshPair;
    /** icmsync's side: one connection, so every session reuses the connection the last one had. */
    let db: Database;
    /** Another client of the same database: the Logger, a DBA, a script. */
    let other: Database;
    let locked: TableShape;

    const q = (name: string) => fixture().quote(name);
    const message = () => lockoutMessage(tableLabel(locked));
    const ids = async () => {
      const rows = [];
      for await (const batch of other.readRows(locked)) rows.push(...batch);
      return rows.map(([id, qty]) => `${id}:${qty}`);
    };
    const lockoutTriggers = async () =>
      ((await db.readCatalog()).tables.find((t) => t.name === LOCKED)?.triggers ?? []).filter((t) =>
        isLockoutTrigger(t.name),
      );
    const setLockout = (on: boolean) => db.session((session) => session.setLockout(locked, on));
    /** The writes another client may try: each must fail while the lockout is on. */
    const plainWrites = () => [
      `INSERT INTO ${q(LOCKED)} (id, qty) VALUES (9, 90)`,
      `UPDATE ${q(LOCKED)} SET qty = qty + 1`,
      `DELETE FROM ${q(LOCKED)} WHERE id = 1`,
      // SQL Server's TRUNCATE TABLE fires no DML trigger: only PostgreSQL can lock it out.
      ...(fixture().engine === 'postgres' ? [`TRUNCATE TABLE ${q(LOCKED)}`] : []),
    ];

    beforeAll(async () => {
      fresh = await fixture().freshPair();
      const engine = await loadEngine(fixture().engine);
      db = await engine.open('A', { ...fresh.settings.a, poolSize: 1 });
      other = await engine.open('A', fresh.settings.a);
      await db.runScript(`CREATE TABLE ${q(LOCKED)} (id int NOT NULL PRIMARY KEY, qty int NOT NULL);
INSERT INTO ${q(LOCKED)} (id, qty) VALUES (1, 10), (2, 20);`);
      const found = (await db.readCatalog()).tables.find((t) => t.name === LOCKED);
      if (!found) throw new Error(`the catalog does not list ${LOCKED}`);
      locked = found;
    });

    afterAll(async () => {
      await db?.close();
      await other?.close();
      await fresh?.release();
    });

    it('stops every write of another client, naming the table and the sync', async () => {
      await setLockout(true);
      for (const statement of plainWrites()) {
        await expect(other.runScript(statement), statement).rejects.toThrow(message());
      }
      expect(await ids()).toEqual(['1:10', '2:20']);
    });

    it('shows in the catalog as one enabled trigger the engine recognises', async () => {
      const triggers = await lockoutTriggers();
      expect(triggers).toHaveLength(1);
      expect(triggers[0]?.enabled).toBe(true);
    });

    it('can be put on again while it is on', async () => {
      await setLockout(true);
      expect(await lockoutTriggers()).toHaveLength(1);
      await expect(other.runScript(plainWrites()[0] as string)).rejects.toThrow(message());
    });

    it("stops icmsync's own session too until it marks itself as the writer", async () => {
      await expect(
        db.session((session) => session.upsertRows(locked, [['3', '30']])),
      ).rejects.toThrow(message());
      const written = await db.session(async (session) => {
        await session.markWriter();
        await session.markWriter(); // marking twice is no error
        const upserted = await session.upsertRows(locked, [
          ['2', '21'],
          ['3', '30'],
        ]);
        const deleted = await session.deleteRows(locked, [['1']]);
        return { ...upserted, deleted: deleted.deleted };
      });
      expect(written).toEqual({ inserted: 1, updated: 1, deleted: 1 });
      expect(await ids()).toEqual(['2:21', '3:30']);
    });

    it('lets the writer through inside its transactions', async () => {
      await db.session(async (session) => {
        await session.markWriter();
        await session.transaction(() => session.deleteRange(locked, { after: ['2'], upTo: ['3'] }));
      });
      expect(await ids()).toEqual(['2:21']);
    });

    it('does not leave the mark on the connection once the session ends', async () => {
      // `db` has one connection: this session runs on the one the marked sessions used.
      await expect(
        db.session((session) => session.upsertRows(locked, [['4', '40']])),
      ).rejects.toThrow(message());
      expect(await ids()).toEqual(['2:21']);
    });

    it('comes off, and other clients write again', async () => {
      await setLockout(false);
      expect(await lockoutTriggers()).toEqual([]);
      for (const statement of plainWrites()) await other.runScript(statement);
      await other.runScript(`DELETE FROM ${q(LOCKED)}`);
      expect(await ids()).toEqual([]);
      await db.session((session) => session.upsertRows(locked, [['5', '50']]));
      expect(await ids()).toEqual(['5:50']);
    });

    it('comes off without error when it is not there', async () => {
      await setLockout(false);
      expect(await lockoutTriggers()).toEqual([]);
    });
  });
}
