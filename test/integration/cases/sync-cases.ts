import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDiff } from '../../../src/diff/diff.js';
import { genericProfile } from '../../../src/icm/generic-profile.js';
import { icmProfile } from '../../../src/icm/icm-profile.js';
import { fillLab } from '../../../src/lab/create-lab.js';
import { type Drift, STATE_TRANSFER_DRIFT } from '../../../src/lab/drift.js';
import type { LabOptions } from '../../../src/lab/lab-data.js';
import type { Database } from '../../../src/port/database.js';
import { isLockoutTrigger } from '../../../src/port/lockout.js';
import type { ConnectionSettings } from '../../../src/port/settings.js';
import type { TableShape } from '../../../src/port/shapes.js';
import type { Pair } from '../../../src/port/types.js';
import { readStatus } from '../../../src/status/status.js';
import { runSync, type SyncOptions } from '../../../src/sync/sync.js';
import { type FreshPair, type PairFixture, withPair } from '../../support/fixtures.js';

const journalDir = () => mkdtempSync(join(tmpdir(), 'icmsync-journal-'));
/** The application names the fixtures' settings give icmsync's own connections. */
const OWN_PROGRAMS = ['icmsync', 'icmsync-test'];

/** Sync on lab pairs and hand-made tables, against a real server of the fixture's engine. */
export function syncCases(fixture: () => PairFixture): void {
  describe('sync', () => {
    const fresh: FreshPair[] = [];
    afterEach(async () => {
      await Promise.all(fresh.splice(0).map((f) => f.release()));
    });

    async function labPair(drift: Drift = STATE_TRANSFER_DRIFT) {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      const options: LabOptions = { seed: 11, scale: 0.3, drift };
      await withPair(pair.settings, (open) =>
        Promise.all([fillLab(open.a, options), fillLab(open.b, options)]),
      );
      return pair.settings;
    }

    const sync = (pair: Pair<Database>, options: Partial<SyncOptions> = {}) =>
      runSync(pair, icmProfile, {
        direction: { from: 'A', to: 'B' },
        mode: 'merge',
        journalDir: journalDir(),
        ownPrograms: OWN_PROGRAMS,
        ...options,
      });
    const clean = async (pair: Pair<Database>, profile = icmProfile) =>
      (await readDiff(pair, profile, { scope: 'all' })).tables.filter(
        (t) => t.state !== 'identical' && t.state !== 'skipped',
      );

    it('merges A into B: the configuration then matches and diff finds nothing there', async () => {
      await withPair(await labPair(), async (pair) => {
        const report = await sync(pair, { batchSize: 50 });
        expect(report.outcome).toBe('done');
        expect(report.verified.length).toBeGreaterThan(0);
        expect(report.verified.every((v) => v.equal)).toBe(true);
        const written = report.results.find((r) => r.table.endsWith('Config_Message_Log'));
        expect(written).toMatchObject({ inserted: STATE_TRANSFER_DRIFT.logAhead, deleted: 0 });
        const diff = await readDiff(pair, icmProfile);
        expect(diff.tables.every((t) => t.state === 'identical')).toBe(true);
        const again = await sync(pair);
        expect(again.outcome).toBe('nothing-to-do');
      });
    });

    it('keeps the rows a merge will write in a spool beside the journal, removed at the end', async () => {
      await withPair(await labPair(), async (pair) => {
        const dir = journalDir();
        const spools = () => readdirSync(dir).filter((name) => name.startsWith('spool-'));
        const seen: string[][] = [];
        const report = await sync(pair, {
          journalDir: dir,
          onBatch: () => {
            if (seen.length === 0) seen.push(readdirSync(join(dir, spools()[0] ?? '.')));
          },
        });
        expect(report.outcome).toBe('done');
        expect(seen[0]?.some((file) => file.endsWith('.jsonl'))).toBe(true);
        expect(spools()).toEqual([]);
      });
    });

    it('replaces every selected table, historical ones too, and status then says IN SYNC', async () => {
      await withPair(await labPair(), async (pair) => {
        const report = await sync(pair, { mode: 'replace', scope: 'all' });
        expect(report.outcome).toBe('done');
        expect(await clean(pair)).toEqual([]);
        expect((await readStatus(pair, icmProfile)).verdict.state).toBe('IN_SYNC');
      });
    });

    it('empties the target Config_Message_Log instead of copying it with --truncate-config-message-log', async () => {
      await withPair(await labPair(), async (pair) => {
        const isLog = (table: string) => table.endsWith('Config_Message_Log');
        const refused = sync(pair, { truncateConfigMessageLog: true, tables: 'Agent' });
        await expect(refused).rejects.toMatchObject({
          code: 'USAGE',
          message: expect.stringContaining('Config_Message_Log is not among the tables'),
        });
        const report = await sync(pair, { truncateConfigMessageLog: true, batchSize: 7 });
        expect(report.outcome).toBe('done');
        const planned = report.plan.find((p) => isLog(p.table));
        const log = report.verified.find((v) => isLog(v.table));
        expect(planned).toMatchObject({ insert: 0, update: 0, truncate: true });
        expect(planned?.delete).toBeGreaterThan(7);
        expect(log).toMatchObject({ truncated: true, equal: false });
        expect(log?.checksums.b.rows).toBe(0);
        expect(log?.checksums.a.rows).toBeGreaterThan(0);
        expect(report.results.find((r) => isLog(r.table))?.deleted).toBe(planned?.delete);
        expect(report.verified.filter((v) => !v.truncated).every((v) => v.equal)).toBe(true);
        // Everything else matches; the log alone differs, and only side B lost rows.
        const left = (await readDiff(pair, icmProfile)).tables.filter(
          (t) => t.state !== 'identical',
        );
        expect(left.map((t) => t.table.split('.').at(-1))).toEqual(['Config_Message_Log']);
        expect(left[0]).toMatchObject({ onlyInB: 0, changed: 0 });
      });
    });

    it('writes nothing on a dry run', async () => {
      await withPair(await labPair(), async (pair) => {
        const before = await clean(pair);
        const report = await sync(pair, { dryRun: true, scope: 'all' });
        expect(report.outcome).toBe('dry-run');
        expect(report.plan.length).toBeGreaterThan(0);
        expect(report.results).toEqual([]);
        expect((await clean(pair)).map((t) => [t.table, t.onlyInA, t.onlyInB, t.changed])).toEqual(
          before.map((t) => [t.table, t.onlyInA, t.onlyInB, t.changed]),
        );
      });
    });

    it('refuses to copy the side behind over the side ahead, unless forced', async () => {
      await withPair(await labPair(), async (pair) => {
        await expect(sync(pair, { direction: { from: 'B', to: 'A' } })).rejects.toMatchObject({
          code: 'REFUSED',
          message: expect.stringMatching(/status says A is ahead of B.* — or add --force$/),
        });
        const forced = await sync(pair, { direction: { from: 'B', to: 'A' }, force: true });
        expect(forced.outcome).toBe('done');
        // Replace, the other way too: A becomes B's, historical tables included.
        const replaced = await sync(pair, {
          direction: { from: 'B', to: 'A' },
          mode: 'replace',
          scope: 'all',
          force: true,
        });
        expect(replaced.outcome).toBe('done');
        expect(await clean(pair)).toEqual([]);
      });
    });

    it('refuses different schema versions', async () => {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      await withPair(pair.settings, (open) =>
        Promise.all([
          fillLab(open.a, { seed: 2, scale: 0.1, drift: STATE_TRANSFER_DRIFT }),
          fillLab(open.b, {
            seed: 2,
            scale: 0.1,
            drift: { ...STATE_TRANSFER_DRIFT, behindSchema: { major: 77, minor: 3 } },
          }),
        ]),
      );
      await withPair(pair.settings, async (open) => {
        await expect(sync(open, { force: true })).rejects.toMatchObject({
          code: 'REFUSED',
          message: expect.stringContaining('schema versions differ'),
        });
      });
    });

    it('refuses a target with other sessions, naming them, unless --allow-sessions', async () => {
      const settings = await labPair();
      const logger: ConnectionSettings = { ...settings.b, appName: 'lgr-sideB' };
      await withPair({ a: settings.a, b: logger }, async (other) => {
        // Holds a session open on B, as a running Logger would.
        await other.b.session(async () => {
          await withPair(settings, async (pair) => {
            await expect(sync(pair)).rejects.toMatchObject({
              code: 'REFUSED',
              message: expect.stringMatching(
                /side B still has sessions: lgr-sideB .* or add --allow-sessions/,
              ),
            });
            expect((await sync(pair, { allowSessions: true })).outcome).toBe('done');
          });
        });
      });
    });

    /** A pair with a guarded identity table: A's rows differ from B's in every way. */
    async function guardedPair() {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      await withPair(pair.settings, async (open) => {
        await open.a.runScript(
          fixture().ddl.guarded('Guarded', [
            [1, 10],
            [2, 20],
            [5, 50],
            [9, 90],
          ]),
        );
        await open.b.runScript(
          fixture().ddl.guarded('Guarded', [
            [1, 10],
            [2, 21],
            [3, 30],
          ]),
        );
      });
      return pair.settings;
    }
    const tableNamed = async (db: Database, name: string) =>
      (await db.readCatalog()).tables.find((t) => t.name === name);
    const guarded = async (db: Database) => (await tableNamed(db, 'Guarded')) as TableShape;

    it('keeps identity values and disables triggers for the run only', async () => {
      await withPair(await guardedPair(), async (pair) => {
        const report = await runSync(pair, genericProfile, {
          direction: { from: 'A', to: 'B' },
          mode: 'merge',
          journalDir: journalDir(),
          ownPrograms: OWN_PROGRAMS,
        });
        expect(report.outcome).toBe('done');
        expect(report.results).toEqual([
          expect.objectContaining({ inserted: 2, updated: 1, deleted: 1 }),
        ]);
        expect(await clean(pair, genericProfile)).toEqual([]);
        const shape = await guarded(pair.b);
        expect(shape.triggers).toEqual([{ name: 'Guarded_guard', enabled: true }]);
        // The trigger is back: a write now fails.
        await expect(
          pair.b.session((s) => s.transaction(() => s.deleteRows(shape, [['1']]))),
        ).rejects.toMatchObject({ code: 'QUERY' });
      });
    });

    it('replaces a table over several batches: equal checksums, identity values kept and the generator moved past them', async () => {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      const q = fixture().quote;
      const insert = (quantities: readonly number[]) =>
        `INSERT INTO ${q('Features')} (qty, note) VALUES ${quantities.map((n) => `(${n}, 'n${n}')`).join(', ')}`;
      await withPair(pair.settings, async (open) => {
        await open.a.runScript(fixture().ddl.features('Features'));
        await open.b.runScript(fixture().ddl.features('Features'));
        // A: ids 1 to 40 with three gaps; B: ids 1 to 5 with other values (4 shared, 3 only on B).
        await open.a.runScript(insert(Array.from({ length: 40 }, (_, i) => i + 1)));
        await open.a.runScript(`DELETE FROM ${q('Features')} WHERE id IN (3, 17, 18)`);
        await open.b.runScript(insert([101, 102, 103, 104, 105]));
      });
      await withPair(pair.settings, async (open) => {
        let batches = 0;
        const report = await runSync(open, genericProfile, {
          direction: { from: 'A', to: 'B' },
          mode: 'replace',
          batchSize: 7,
          journalDir: journalDir(),
          ownPrograms: OWN_PROGRAMS,
          onBatch: () => {
            batches += 1;
          },
        });
        expect(report.outcome).toBe('done');
        expect(report.plan).toEqual([
          expect.objectContaining({ insert: 33, update: 4, delete: 1 }),
        ]);
        expect(report.verified).toEqual([expect.objectContaining({ equal: true })]);
        // 37 source rows in ranges of 7, the last range open-ended: six batches.
        expect(batches).toBe(6);
        const [written] = report.results;
        expect(written && written.inserted + written.updated).toBe(37);
        expect(written && written.updated + written.deleted).toBe(5);
        expect(await clean(open, genericProfile)).toEqual([]);
        // The identity column is compared, so equal checksums say every id came across; a new row
        // on B takes the next value after A's highest.
        await open.b.runScript(insert([999]));
        const shape = (await tableNamed(open.b, 'Features')) as TableShape;
        const ids: string[] = [];
        for await (const page of open.b.readRows(shape))
          for (const row of page) ids.push(String(row[0]));
        expect(ids.at(-1)).toBe('41');
        expect(ids).toHaveLength(38);
      });
    });

    /** A parent/child pair: A has a new parent and child B lacks; B a child and parent A lacks. */
    async function familyPair() {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      await withPair(pair.settings, async (open) => {
        await open.a.runScript(
          fixture().ddl.parentChild(
            'Fam',
            [1, 2, 3],
            [
              [10, 1],
              [11, 3],
            ],
          ),
        );
        await open.b.runScript(
          fixture().ddl.parentChild(
            'Fam',
            [1, 2, 4],
            [
              [10, 1],
              [12, 4],
            ],
          ),
        );
      });
      return pair.settings;
    }
    const generic = (pair: Pair<Database>, options: Partial<SyncOptions> = {}) =>
      runSync(pair, genericProfile, {
        direction: { from: 'A', to: 'B' },
        mode: 'merge',
        journalDir: journalDir(),
        ownPrograms: OWN_PROGRAMS,
        batchSize: 1,
        ...options,
      });

    /** Syncs the family pair; one row per batch, so only foreign-key order lets each commit. */
    const syncFamily = async (pair: Pair<Database>, options: Partial<SyncOptions> = {}) => {
      const report = await generic(pair, options);
      expect(report.outcome).toBe('done');
      expect(report.results.map((r) => [r.table.split('.').at(-1), r.inserted, r.deleted])).toEqual(
        [
          ['Fam_P', 1, 1],
          ['Fam_C', 1, 1],
        ],
      );
      expect(await clean(pair, genericProfile)).toEqual([]);
    };

    it('writes a hierarchy parents first and deletes it children first, in both modes', async () => {
      for (const mode of ['merge', 'replace'] as const) {
        const pair = await fixture().freshPair();
        fresh.push(pair);
        await withPair(pair.settings, async (open) => {
          // Key order would fail both ways: row 2 refers to the new row 5, and row 3, only on B,
          // is still referred to by row 6.
          await open.a.runScript(
            fixture().ddl.tree('Tree', [
              [1, null, 'root'],
              [5, null, 'r5'],
              [2, 5, 'c2'],
              [7, 5, 'moved'],
            ]),
          );
          await open.b.runScript(
            fixture().ddl.tree('Tree', [
              [1, null, 'root'],
              [3, null, 'p3'],
              [6, 3, 'c6'],
              [7, 1, 'old'],
            ]),
          );
        });
        await withPair(pair.settings, async (open) => {
          const report = await generic(open, { mode });
          expect(report.outcome).toBe('done');
          expect(report.plan).toEqual([
            expect.objectContaining({ insert: 2, update: 1, delete: 2 }),
          ]);
          expect(report.results).toEqual([
            expect.objectContaining({ inserted: 2, updated: 1, deleted: 2 }),
          ]);
          expect(await clean(open, genericProfile)).toEqual([]);
        });
      }
    });

    it('deletes a parent after the writes when a changed child still refers to it until then', async () => {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      await withPair(pair.settings, async (open) => {
        // Child 10 moves from parent 4, which only B has, to parent 1.
        await open.a.runScript(fixture().ddl.parentChild('Move', [1, 2], [[10, 1]]));
        await open.b.runScript(fixture().ddl.parentChild('Move', [1, 2, 4], [[10, 4]]));
      });
      await withPair(pair.settings, async (open) => {
        const report = await generic(open, { batchSize: 10 });
        expect(report.outcome).toBe('done');
        expect(
          report.results.map((r) => [r.table.split('.').at(-1), r.updated, r.deleted]),
        ).toEqual([
          ['Move_P', 0, 1],
          ['Move_C', 1, 0],
        ]);
        expect(await clean(open, genericProfile)).toEqual([]);
      });
    });

    it('writes tables that refer to each other in a cycle, trying refused batches again', async () => {
      const pair = await fixture().freshPair();
      fresh.push(pair);
      const q = fixture().quote;
      const schema = `CREATE TABLE ${q('CycX')} (id int NOT NULL PRIMARY KEY, y int NULL);
CREATE TABLE ${q('CycY')} (id int NOT NULL PRIMARY KEY, x int NULL REFERENCES ${q('CycX')} (id));
ALTER TABLE ${q('CycX')} ADD FOREIGN KEY (y) REFERENCES ${q('CycY')} (id);`;
      await withPair(pair.settings, async (open) => {
        // Y1 refers to the new X1 and X2 to the new Y1: whichever table goes first, a row of it
        // waits for a row of the other.
        await open.a.runScript(`${schema}
INSERT INTO ${q('CycX')} (id, y) VALUES (1, NULL);
INSERT INTO ${q('CycY')} (id, x) VALUES (1, 1);
INSERT INTO ${q('CycX')} (id, y) VALUES (2, 1);`);
        await open.b.runScript(schema);
      });
      await withPair(pair.settings, async (open) => {
        const report = await generic(open);
        expect(report.outcome).toBe('done');
        expect(report.results.map((r) => [r.table.split('.').at(-1), r.inserted]).sort()).toEqual([
          ['CycX', 2],
          ['CycY', 1],
        ]);
        expect(await clean(open, genericProfile)).toEqual([]);
        // X3 and Y3 refer to each other: no order gets either in, and the run says so.
        await open.a.runScript(`INSERT INTO ${q('CycX')} (id, y) VALUES (3, NULL);
INSERT INTO ${q('CycY')} (id, x) VALUES (3, 3);
UPDATE ${q('CycX')} SET y = 3 WHERE id = 3;`);
        await expect(generic(open)).rejects.toMatchObject({
          code: 'QUERY',
          message: expect.stringMatching(/^B: writing into \S*CycY failed: /),
          cause: expect.objectContaining({ foreignKey: true }),
        });
        const left = await clean(open, genericProfile);
        expect(left.map((t) => [t.table.split('.').at(-1), t.onlyInA]).sort()).toEqual([
          ['CycX', 1],
          ['CycY', 1],
        ]);
      });
    });

    it('writes parents before children and deletes children before parents', async () => {
      await withPair(await familyPair(), (pair) => syncFamily(pair));
    });

    // The order itself is proven by the unit tests of inDependencyOrder: here the server's locks
    // would often hide a wrong one (a delete waits for the other session's uncommitted delete).
    it('converges with three tables written at a time, each on a session of its own', async () => {
      await withPair(await familyPair(), (pair) => syncFamily(pair, { concurrency: 3 }));
      await withPair(await labPair(), async (pair) => {
        const report = await sync(pair, { mode: 'replace', scope: 'all', concurrency: 3 });
        expect(report.outcome).toBe('done');
        expect(await clean(pair)).toEqual([]);
        expect((await readStatus(pair, icmProfile)).verdict.state).toBe('IN_SYNC');
      });
    });

    it("--lockout keeps other writers off the run's tables until it ends, and takes itself off", async () => {
      await withPair(await familyPair(), async (pair) => {
        const insert = `INSERT INTO ${fixture().quote('Fam_P')} (id, name) VALUES (77, 'p77')`;
        const tries: Promise<unknown>[] = [];
        const report = await generic(pair, {
          lockout: true,
          concurrency: 2,
          onBatch: () => {
            // Settled here, so the failure it should meet is looked at below, not unhandled.
            if (tries.length === 0)
              tries.push(
                pair.b.runScript(insert).then(
                  () => 'written',
                  (error: Error) => error,
                ),
              );
          },
        });
        expect(report.outcome).toBe('done');
        expect(await tries[0]).toMatchObject({
          message: expect.stringContaining('are locked out until it ends (icmsync sync --lockout)'),
        });
        for (const name of ['Fam_P', 'Fam_C']) {
          const shape = (await tableNamed(pair.b, name)) as TableShape;
          expect(shape.triggers.filter((t) => isLockoutTrigger(t.name))).toEqual([]);
        }
        await pair.b.runScript(insert);
      });
    });

    it('--lockout left on by a killed run is taken off by the next run', async () => {
      const settings = await familyPair();
      const journal = journalDir();
      const terminate = fixture().terminate;
      if (!terminate) throw new Error('this fixture cannot end sessions');
      let killed = false;
      await withPair(settings, async (pair) => {
        const failed = generic(pair, {
          journalDir: journal,
          lockout: true,
          onBatch: async () => {
            if (killed) return;
            killed = true;
            await terminate(settings.b.database, settings.b.appName);
          },
        });
        await expect(failed).rejects.toMatchObject({
          message: expect.stringContaining('lockout left on: '),
        });
      });
      await withPair(settings, async (pair) => {
        const rerun = await generic(pair, { journalDir: journal });
        expect(rerun.outcome).toBe('done');
        expect(rerun.removedLockouts.map((t) => t.split('.').at(-1)).sort()).toEqual([
          'Fam_C',
          'Fam_P',
        ]);
        const shape = (await tableNamed(pair.b, 'Fam_P')) as TableShape;
        expect(shape.triggers.filter((t) => isLockoutTrigger(t.name))).toEqual([]);
        await pair.b.runScript(
          `INSERT INTO ${fixture().quote('Fam_P')} (id, name) VALUES (78, 'p78')`,
        );
      });
    });

    it('catches rows changed on the source during the run in its verify, and a rerun settles them', async () => {
      const settings = await familyPair();
      await withPair(settings, async (pair) => {
        let changed = false;
        const report = await generic(pair, {
          onBatch: async () => {
            if (changed) return;
            changed = true;
            await pair.a.runScript(
              `INSERT INTO ${fixture().quote('Fam_P')} (id, name) VALUES (8, 'p8')`,
            );
          },
        });
        expect(report.outcome).toBe('verify-failed');
        expect(
          report.verified.filter((v) => !v.equal).map((v) => v.table.split('.').at(-1)),
        ).toEqual(['Fam_P']);
        const rerun = await generic(pair);
        expect(rerun.outcome).toBe('done');
      });
    });

    it('stops at a batch boundary on request; a rerun finishes, nothing half applied', async () => {
      await withPair(await labPair(), async (pair) => {
        const differing = async () =>
          (await readDiff(pair, icmProfile)).tables.reduce(
            (n, t) => n + t.onlyInA + t.onlyInB + t.changed,
            0,
          );
        const before = await differing();
        const stop = new AbortController();
        let batches = 0;
        let committed = 0;
        const first = await sync(pair, {
          batchSize: 20,
          signal: stop.signal,
          onBatch: (_, w) => {
            batches += 1;
            committed += w.inserted + w.updated + w.deleted;
            if (batches === 3) stop.abort();
          },
        });
        expect(first.outcome).toBe('stopped');
        expect(batches).toBe(3);
        const written = first.results.reduce((n, r) => n + r.inserted + r.updated + r.deleted, 0);
        expect(written).toBe(committed);
        expect(written).toBeGreaterThan(0);
        // Every committed batch landed whole, and nothing else did.
        expect(await differing()).toBe(before - written);
        const rest = await sync(pair);
        expect(rest.outcome).toBe('done');
        expect(await differing()).toBe(0);
      });
    });

    it('writes the update log last, so a run stopped part-way leaves the target behind, not diverged', async () => {
      await withPair(await labPair(), async (pair) => {
        const stop = new AbortController();
        const seen: string[] = [];
        const first = await sync(pair, {
          mode: 'replace',
          batchSize: 50,
          signal: stop.signal,
          onBatch: (table, written) => {
            seen.push(table);
            // Stop at the writes (not the deletes, which come first) of a table named after the
            // log: written by name, the log would be in by now.
            if (table.endsWith('Dialed_Number') && written.inserted + written.updated > 0)
              stop.abort();
          },
        });
        expect(first.outcome).toBe('stopped');
        expect(seen.some((t) => t.endsWith('Config_Message_Log'))).toBe(false);
        expect((await readStatus(pair, icmProfile)).verdict.state).toBe('A_AHEAD');
        const rest = await sync(pair, { mode: 'replace' });
        expect(rest.outcome).toBe('done');
        expect(rest.results.at(-1)?.table).toMatch(/Config_Message_Log$/);
        expect((await readStatus(pair, icmProfile)).verdict.state).not.toBe('DIVERGED');
      });
    });

    it('survives its connection being killed mid-sync: triggers come back, a rerun converges', async () => {
      const settings = await guardedPair();
      const journal = journalDir();
      const options = {
        direction: { from: 'A', to: 'B' } as const,
        mode: 'merge' as const,
        journalDir: journal,
        ownPrograms: OWN_PROGRAMS,
        batchSize: 1,
      };
      const terminate = fixture().terminate;
      if (!terminate) throw new Error('this fixture cannot end sessions');
      let killed = false;
      await withPair(settings, async (pair) => {
        const failed = runSync(pair, genericProfile, {
          ...options,
          // After the first committed batch, the server ends the sync's sessions.
          onBatch: async () => {
            if (!killed) {
              killed = true;
              await terminate(settings.b.database, settings.b.appName);
            }
          },
        });
        await expect(failed).rejects.toMatchObject({
          message: expect.stringContaining('triggers left disabled: '),
        });
      });
      await withPair(settings, async (pair) => {
        const rerun = await runSync(pair, genericProfile, options);
        expect(rerun.restoredTriggers).toEqual([expect.stringContaining('Guarded_guard')]);
        expect(rerun.outcome).toBe('done');
        expect(await clean(pair, genericProfile)).toEqual([]);
        expect((await guarded(pair.b)).triggers).toEqual([
          { name: 'Guarded_guard', enabled: true },
        ]);
      });
    });
  });
}
