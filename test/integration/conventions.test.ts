import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icmsync, POSTGRES_ENV, scratchDir } from '../support/cli.js';
import { uniqueName } from '../support/settings.js';

const sides = (instance: string) => [
  '--a-database',
  `${instance}_sideA`,
  '--b-database',
  `${instance}_sideB`,
];
/** Diff's text report ends with how long each phase took: the only part that changes run to run. */
const untimed = (text: string) => text.replace(/catalog \d+ ms, compare \d+ ms/, 'catalog …');

describe('runbook conventions', () => {
  const instance = uniqueName('conventions');

  beforeAll(async () => {
    const built = await icmsync(
      ['lab', 'create', '--instance', instance, '--scale', '0.2'],
      POSTGRES_ENV,
    );
    expect(built.code, built.stderr).toBe(0);
  });

  afterAll(async () => {
    await icmsync(['lab', 'drop', '--yes', '--instance', instance], POSTGRES_ENV);
  });

  describe('--quiet', () => {
    it('leaves stdout as it is and stderr empty: status, diff, trace', async () => {
      const trace = fileURLToPath(new URL('../fixtures/traces/seed-sender-b.txt', import.meta.url));
      for (const args of [
        ['status', ...sides(instance)],
        ['diff', '--scope', 'all', ...sides(instance)],
        ['diff', '--json', ...sides(instance)],
        ['trace', trace],
      ]) {
        const [loud, quiet] = await Promise.all([
          icmsync(args, POSTGRES_ENV),
          icmsync([...args, '--quiet'], POSTGRES_ENV),
        ]);
        expect(quiet.code, args.join(' ')).toBe(loud.code);
        expect(quiet.stderr, args.join(' ')).toBe('');
        if (args.includes('--json'))
          expect(JSON.parse(quiet.stdout).kind).toBe(JSON.parse(loud.stdout).kind);
        else expect(untimed(quiet.stdout)).toBe(untimed(loud.stdout));
      }
    });

    it('silences the fix-script summary, the sync plan and the sync result; errors still print', async () => {
      // A lab of its own: this test syncs it.
      const own = uniqueName('quiet_sync');
      const built = await icmsync(
        ['lab', 'create', '--instance', own, '--scale', '0.1'],
        POSTGRES_ENV,
      );
      expect(built.code, built.stderr).toBe(0);
      const dir = scratchDir();
      try {
        const script = await icmsync(
          ['diff', ...sides(own), '--script', 'fix.sql', '--to', 'B', '--quiet'],
          POSTGRES_ENV,
          dir,
        );
        expect(script).toMatchObject({ code: 1, stderr: '' });
        const loudDry = await icmsync(
          ['sync', ...sides(own), '--from', 'A', '--dry-run'],
          POSTGRES_ENV,
          dir,
        );
        expect(loudDry.stderr).toContain('Sync plan: merge from side A to side B');
        const dry = await icmsync(
          ['sync', ...sides(own), '--from', 'A', '--dry-run', '--quiet'],
          POSTGRES_ENV,
          dir,
        );
        expect(dry).toMatchObject({ code: 0, stdout: '', stderr: '' });
        const synced = await icmsync(
          ['sync', ...sides(own), '--from', 'A', '--scope', 'all', '--yes', '--json', '--quiet'],
          POSTGRES_ENV,
          dir,
        );
        expect(synced.stderr).toBe('');
        expect(JSON.parse(synced.stdout)).toMatchObject({ outcome: 'done', exitCode: 0 });
        const failed = await icmsync(
          ['status', ...sides(own), '--a-port', '1', '--quiet'],
          POSTGRES_ENV,
        );
        expect(failed.code).toBe(3);
        expect(failed.stderr).toMatch(/^icmsync: A: cannot reach 127\.0\.0\.1:1: /);
      } finally {
        await icmsync(['lab', 'drop', '--yes', '--instance', own], POSTGRES_ENV);
      }
    });
    it('keeps the demo story off stderr beside its --json document, and lab create and drop quiet', async () => {
      const demo = await icmsync(['demo', '--json', '--quiet', '--scale', '0.2']);
      expect(demo).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(demo.stdout)).toMatchObject({ kind: 'icmsync.status', exitCode: 0 });
      const lab = uniqueName('quiet');
      const built = await icmsync(
        ['lab', 'create', '--instance', lab, '--scale', '0.1', '--quiet'],
        POSTGRES_ENV,
      );
      expect(built.code).toBe(0);
      expect(built.stderr).toBe('');
      expect(built.stdout).toContain('Lab Logger pair built');
      const dropped = await icmsync(
        ['lab', 'drop', '--instance', lab, '--yes', '--quiet'],
        POSTGRES_ENV,
      );
      expect(dropped).toMatchObject({ code: 0, stderr: '' });
      expect(dropped.stdout).toContain(`Dropped ${lab}_sideA`);
    });
  });

  describe('configuration messages', () => {
    it('warns about an ICMSYNC_* variable icmsync does not read, and runs on', async () => {
      const result = await icmsync(['status', ...sides(instance)], {
        ...POSTGRES_ENV,
        ICMSYNC_SEVER: 'lgra',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'icmsync: warning: ICMSYNC_SEVER is not a variable icmsync reads, so it is ignored (did you mean ICMSYNC_SERVER?)\n',
      );
    });

    it('says when no icmsync.json was found, and explains a misplaced or misspelt key', async () => {
      const dir = scratchDir();
      const none = await icmsync(['status'], {}, dir);
      expect(none.code).toBe(2);
      expect(none.stderr).toBe(
        `icmsync: A: no server configured (no icmsync.json in ${dir}; set a.server in icmsync.json, ICMSYNC_A_SERVER or --a-server; or try icmsync demo)\n`,
      );
      const file = join(dir, 'icmsync.json');
      const cases: [object | string, string][] = [
        [
          { engine: 'postgres', a: {}, b: {} },
          'icmsync: icmsync.json: "engine" is a connection setting: move it under "both" (or under "a" or "b" for one side)\n',
        ],
        [
          { both: { host: 'x' } },
          'icmsync: icmsync.json: unknown key "both.host" (did you mean "server"?)\n',
        ],
        [
          '{\n  "both": {\n    "engine": "postgres"\n    "server": "127.0.0.1"\n  }\n}\n',
          "icmsync: icmsync.json: not valid JSON: line 4, column 5: expected , or } after a value, found '\"' (a missing comma?) (fix the file)\n",
        ],
      ];
      for (const [content, message] of cases) {
        writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
        const result = await icmsync(['status'], {}, dir);
        expect(result).toMatchObject({ code: 2, stdout: '', stderr: message });
      }
    });

    it('names host, port and the fix for a host that cannot be reached', async () => {
      const result = await icmsync(
        [
          'status',
          ...sides(instance),
          '--a-server',
          'no-such-logger.invalid',
          '--connect-timeout-ms',
          '5000',
        ],
        POSTGRES_ENV,
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(
        /^icmsync: A: (cannot reach no-such-logger\.invalid:5432: .* \(check server, port and firewall\)|no answer from no-such-logger\.invalid:5432 within 5000 ms \(check server and port, or raise connectTimeoutMs\))\n$/,
      );
    });

    it('suggests --request-timeout-ms when a statement times out (exit 5, not an interruption)', async () => {
      const result = await icmsync(
        ['status', ...sides(instance), '--request-timeout-ms', '1'],
        POSTGRES_ENV,
      );
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(
        /^icmsync: [AB]: .* failed: canceling statement due to statement timeout \(raise --request-timeout-ms, now 1 ms\)\n$/,
      );
    });
  });
});
