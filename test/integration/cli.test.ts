import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresEngine } from '../../src/db/postgres/database.js';
import { BIN, icmsync, POSTGRES_ENV, scratchDir } from '../support/cli.js';
import { readOnlyFolder } from '../support/doctor-fixtures.js';
import { postgresSettings, uniqueName } from '../support/settings.js';
import { DRIFTED_TABLES } from './cases/status-cases.js';

/** `icmsync lab create` for a fresh instance; returns the instance name. */
async function lab(...flags: string[]): Promise<string> {
  const instance = uniqueName('cli');
  const result = await icmsync(
    ['lab', 'create', '--instance', instance, '--scale', '0.3', ...flags],
    POSTGRES_ENV,
  );
  expect(result, result.stderr).toMatchObject({ code: 0 });
  return instance;
}

const sides = (instance: string) => [
  '--a-database',
  `${instance}_sideA`,
  '--b-database',
  `${instance}_sideB`,
];
/** Every lab a test here builds, dropped once the whole file has run. */
const labs: string[] = [];
afterAll(async () => {
  await Promise.all(
    labs.map((instance) => icmsync(['lab', 'drop', '--yes', '--instance', instance], POSTGRES_ENV)),
  );
});

describe('the icmsync executable', () => {
  let identical: string;
  let drifted: string;

  beforeAll(async () => {
    [identical, drifted] = await Promise.all([lab('--identical'), lab()]);
    labs.push(identical, drifted);
  });

  it('says IN SYNC and exits 0 for an identical pair', async () => {
    const result = await icmsync(['status', ...sides(identical)], POSTGRES_ENV);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('IN SYNC');
    expect(result.stdout).toMatch(/Configuration tables: 10 compared, 0 differ/);
    expect(result.stderr).toBe('');
  });

  it('names the side ahead, both LastUpdateKeys and exactly the differing tables, and exits 1', async () => {
    const result = await icmsync(['status', ...sides(drifted)], POSTGRES_ENV);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('A AHEAD: sync from A to B');
    const keys = /LastUpdateKey\s+(\d+)\s+(\d+)/.exec(result.stdout);
    expect(Number(keys?.[1])).toBeGreaterThan(Number(keys?.[2]));
    expect(result.stdout).toContain(`A's LastUpdateKey ${keys?.[1]} is ahead of B's ${keys?.[2]}`);
    const differing = [...result.stdout.matchAll(/^\s+public\.(\w+)\s+\d+\s+\d+\s+differs$/gm)].map(
      (m) => m[1],
    );
    expect(differing).toEqual(DRIFTED_TABLES);
  });

  it('carries the same facts in one versioned JSON document with --json', async () => {
    const text = await icmsync(['status', ...sides(drifted)], POSTGRES_ENV);
    const result = await icmsync(['status', '--json', ...sides(drifted)], POSTGRES_ENV);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ kind: 'icmsync.status', version: 1, profile: 'icm', exitCode: 1 });
    expect(doc.verdict).toMatchObject({ state: 'A_AHEAD', from: 'A', to: 'B' });
    expect(text.stdout).toContain(`LastUpdateKey   ${doc.sides.A.lastUpdateKey}`);
    expect(doc.sides.B.lastUpdateKey).toBeLessThan(doc.sides.A.lastUpdateKey);
    expect(doc.sides.A.configChecksum).toMatchObject({ updateKey: doc.sides.A.lastUpdateKey });
    expect(doc.sides.A.schemaVersion).toBe('77.4');
    expect(doc.sides.A.historical).toHaveLength(3);
    expect(doc.tables.filter((t: { state: string }) => t.state === 'differs')).toHaveLength(7);
    expect(result.stderr).toBe('');
  });

  it('diffs row by row: exit 0 when identical, 1 with the differing keys in JSON and markdown', async () => {
    const same = await icmsync(['diff', ...sides(identical)], POSTGRES_ENV);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('No differences.');
    const json = await icmsync(['diff', '--json', ...sides(drifted)], POSTGRES_ENV);
    expect(json.code).toBe(1);
    const document = JSON.parse(json.stdout);
    expect(document).toMatchObject({ kind: 'icmsync.diff', version: 1, exitCode: 1 });
    const log = document.tables.find((t: { table: string }) =>
      t.table.endsWith('Config_Message_Log'),
    );
    expect(log).toMatchObject({ onlyInA: 200, onlyInB: 0, changed: 0, truncated: true });
    expect(log.keys.onlyInA).toHaveLength(100);
    const markdown = await icmsync(
      ['diff', '--format', 'markdown', '--tables', 'Agent', ...sides(drifted)],
      POSTGRES_ENV,
    );
    expect(markdown.stdout).toMatch(/^# icmsync diff: /);
    expect(markdown.stdout).toContain('| key | column | A | B |');
  });

  it('compares with the generic profile on request', async () => {
    const result = await icmsync(
      ['status', '--profile', 'generic', ...sides(identical)],
      POSTGRES_ENV,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Tables: 14 compared, 1 differ');
    expect(result.stdout).toContain('DIVERGED');
  });

  it('refuses different schema versions with exit 4', async () => {
    const instance = await lab('--identical', '--behind-schema', '77.3');
    labs.push(instance);
    const result = await icmsync(['status', ...sides(instance)], POSTGRES_ENV);
    expect(result).toMatchObject({
      code: 4,
      stdout: '',
      stderr:
        'icmsync: schema versions differ: A is 77.4, B is 77.3 (upgrade the older side first; icmsync compares only equal schemas)\n',
    });
  });

  it('refuses a database that is not a Logger with exit 2', async () => {
    const result = await icmsync(
      ['status', '--a-database', `${identical}_sideA`, '--b-database', 'postgres'],
      POSTGRES_ENV,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'icmsync: B: postgres on 127.0.0.1:5432 is not a Logger database: it has no public.Version table (point side B at the <instance>_sideB database, or use --profile generic)\n',
    );
  });

  it.each([
    [
      'an unreachable port',
      ['--a-port', '1'],
      3,
      /^icmsync: A: cannot reach 127\.0\.0\.1:1: .*connect ECONNREFUSED.* \(check server, port and firewall\)\n$/,
    ],
    [
      'a missing database',
      ['--b-database', 'no_such_logger_db'],
      3,
      /^icmsync: B: database no_such_logger_db does not exist on 127\.0\.0\.1:5432, or postgres may not open it \(check database\)\n$/,
    ],
    [
      'an unknown login',
      ['--a-user', 'no_such_role'],
      3,
      /^icmsync: A: login failed for no_such_role on 127\.0\.0\.1:5432 \(check the user, and ICMSYNC_A_PASSWORD\)\n$/,
    ],
    [
      'TLS to a server without it',
      ['--b-encrypt', 'true'],
      3,
      /^icmsync: B: 127\.0\.0\.1:5432 does not offer TLS \(enable TLS on the server, or set encrypt false for this side\)\n$/,
    ],
    [
      'a bad flag value',
      ['--a-port', 'x'],
      2,
      /^icmsync: --a-port must be an integer from 1 to 65535 \(fix the flag\)\n$/,
    ],
  ])('explains %s in one line with its exit code', async (_what, flags, code, message) => {
    const result = await icmsync(['status', ...sides(identical), ...flags], POSTGRES_ENV);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('puts an error document on stdout with --json', async () => {
    const result = await icmsync(
      ['status', '--json', ...sides(identical), '--a-port', '1'],
      POSTGRES_ENV,
    );
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({
      kind: 'icmsync.error',
      version: 1,
      error: { code: 'CONNECT', side: 'A' },
      exitCode: 3,
    });
  });

  it('reads icmsync.json, and rejects a broken one in one line', async () => {
    const dir = scratchDir();
    const config = {
      both: { engine: 'postgres', server: '127.0.0.1', user: 'postgres', encrypt: false },
      a: { database: `${identical}_sideA` },
      b: { database: `${identical}_sideB` },
    };
    writeFileSync(join(dir, 'icmsync.json'), JSON.stringify(config));
    expect((await icmsync(['status'], {}, dir)).code).toBe(0);
    writeFileSync(join(dir, 'icmsync.json'), '{ "a": { "server": "x", } }');
    const broken = await icmsync(['status'], {}, dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^icmsync: icmsync\.json: not valid JSON: .*\(fix the file\)\n$/);
    writeFileSync(join(dir, 'icmsync.json'), JSON.stringify({ ...config, b: { databse: 'x' } }));
    expect((await icmsync(['status'], {}, dir)).stderr).toBe(
      'icmsync: icmsync.json: unknown key "b.databse" (did you mean "database"?)\n',
    );
    expect((await icmsync(['status', '--config', join(dir, 'missing.json')])).code).toBe(2);
  });

  it('says what is missing when nothing is configured', async () => {
    const dir = scratchDir();
    const result = await icmsync(['status'], {}, dir);
    expect(result).toMatchObject({
      code: 2,
      stderr: `icmsync: A: no server configured (no icmsync.json in ${dir}; set a.server in icmsync.json, ICMSYNC_A_SERVER or --a-server; or try icmsync demo)\n`,
    });
  });

  it('refuses a password on the command line without echoing it', async () => {
    const result = await icmsync(
      ['status', '--b-password', 'Hunter2-Secret', ...sides(identical)],
      POSTGRES_ENV,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'icmsync: --b-password is not accepted: passwords never go on the command line (set ICMSYNC_B_PASSWORD, or answer the prompt)\n',
    );
    expect(result.stdout + result.stderr).not.toContain('Hunter2-Secret');
  });

  it('never prints a password, even with --debug', async () => {
    const env = {
      ...POSTGRES_ENV,
      ICMSYNC_A_PASSWORD: 'Hunter2-Secret',
      ICMSYNC_PASSWORD: 'Other-Secret',
    };
    const result = await icmsync(
      ['status', '--debug', '--json', ...sides(identical), '--a-port', '1'],
      env,
    );
    expect(result.code).toBe(3);
    expect(result.stderr.split('\n').length).toBeGreaterThan(3);
    expect(result.stdout + result.stderr).not.toMatch(/Hunter2-Secret|Other-Secret/);
  });

  it('rejects unknown commands and options with exit 2, and shows help with exit 0', async () => {
    expect((await icmsync(['sync-everything'])).code).toBe(2);
    const bare = await icmsync([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: icmsync');
    expect((await icmsync(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const unknown = await icmsync(['status', '--a-sever', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--a-sever'");
    const help = await icmsync(['status', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--a-trust-server-certificate');
    expect(help.stdout).not.toContain('--a-password');
  });
});

describe('icmsync lab', () => {
  it('refuses to touch a database it did not create, and a lab without --replace', async () => {
    const instance = uniqueName('foreign');
    const admin = await postgresEngine.openAdmin('A', postgresSettings('postgres'));
    try {
      await admin.createDatabase(`${instance}_sideB`, 'somebody else');
      const refused = await icmsync(['lab', 'create', '--instance', instance], POSTGRES_ENV);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toBe(
        `icmsync: B: database ${instance}_sideB on 127.0.0.1:5432 exists and was not created by icmsync lab (choose another database; icmsync never drops it)\n`,
      );
      expect(await admin.findDatabase(`${instance}_sideA`)).toBeNull();
      const drop = await icmsync(['lab', 'drop', '--yes', '--instance', instance], POSTGRES_ENV);
      expect(drop.code).toBe(4);
      expect(await admin.findDatabase(`${instance}_sideB`)).toEqual({ label: 'somebody else' });
    } finally {
      await admin.dropDatabase(`${instance}_sideB`);
      await admin.close();
    }
  });

  it('builds, refuses to rebuild without --replace, rebuilds with it, and drops only with --yes', async () => {
    const instance = await lab('--seed', '9');
    const again = await icmsync(['lab', 'create', '--instance', instance], POSTGRES_ENV);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('already holds a lab (add --replace to rebuild it)');
    const rebuilt = await icmsync(
      ['lab', 'create', '--instance', instance, '--replace', '--json', '--scale', '0.1'],
      POSTGRES_ENV,
    );
    expect(rebuilt.code).toBe(0);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({
      kind: 'icmsync.lab',
      scale: 0.1,
      sides: { A: { tables: 15 } },
    });
    const unattended = await icmsync(['lab', 'drop', '--instance', instance], POSTGRES_ENV);
    expect(unattended).toMatchObject({
      code: 4,
      stderr: 'icmsync: lab drop runs unattended only with --yes (add --yes)\n',
    });
    const dropped = await icmsync(['lab', 'drop', '--yes', '--instance', instance], POSTGRES_ENV);
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).toContain(
      `Dropped ${instance}_sideA on 127.0.0.1:5432 and ${instance}_sideB`,
    );
    const gone = await icmsync(['status', ...sides(instance)], POSTGRES_ENV);
    expect(gone.code).toBe(3);
  });
});

describe('icmsync lab suggestions', () => {
  it('suggests a status command that works when pasted, with the flags that built the lab', async () => {
    const instance = uniqueName('paste');
    const [server, port, user] = [
      POSTGRES_ENV.ICMSYNC_SERVER,
      POSTGRES_ENV.ICMSYNC_PORT,
      POSTGRES_ENV.ICMSYNC_USER,
    ];
    const flags = ['--engine', 'postgres', '--server', server, '--port', port, '--user', user];
    const built = await icmsync(
      ['lab', 'create', ...flags, '--encrypt', 'false', '--instance', instance, '--scale', '0.1'],
      {},
    );
    expect(built, built.stderr).toMatchObject({ code: 0 });
    try {
      const suggested = /^ {2}icmsync (status .*)$/m.exec(built.stdout)?.[1];
      expect(suggested).toBeDefined();
      expect(suggested).not.toMatch(/password/i);
      const pasted = await icmsync((suggested ?? '').split(' '), {});
      expect(pasted.stderr).toBe('');
      expect(pasted.code).toBe(1);
      expect(pasted.stdout).toContain('A AHEAD');
    } finally {
      await icmsync(['lab', 'drop', '--yes', '--instance', instance], POSTGRES_ENV);
    }
  });
});

describe('icmsync sync', () => {
  it('plans, refuses without --yes off a terminal, writes with it, audits, and leaves the sides in sync', async () => {
    const instance = await lab('--scale', '0.2');
    labs.push(instance);
    const dir = scratchDir();
    const run = (...args: string[]) =>
      icmsync(['sync', ...sides(instance), ...args], POSTGRES_ENV, dir);
    const dry = await run('--from', 'A', '--to', 'B', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      kind: 'icmsync.sync',
      outcome: 'dry-run',
      exitCode: 0,
    });
    const unattended = await run('--from', 'A', '--to', 'B');
    expect(unattended).toMatchObject({ code: 4 });
    expect(unattended.stderr).toContain('add --yes');
    const wrongWay = await run('--from', 'B', '--to', 'A', '--yes');
    expect(wrongWay.code).toBe(4);
    expect(wrongWay.stderr).toMatch(/^icmsync: sync refused: status says A is ahead of B/);
    const done = await run('--from', 'A', '--to', 'B', '--scope', 'all', '--yes', '--json');
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ outcome: 'done', exitCode: 0 });
    const audit = readFileSync(join(dir, 'icmsync-journal', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(audit.at(-1) ?? '{}')).toMatchObject({
      kind: 'icmsync.audit',
      from: 'A',
      to: 'B',
      mode: 'merge',
      outcome: 'done',
    });
    const status = await icmsync(['status', ...sides(instance)], POSTGRES_ENV);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('IN SYNC');
  });

  it('stops before the deadline with exit 5 and finishes on --resume', async () => {
    const instance = await lab('--scale', '0.2');
    labs.push(instance);
    const dir = scratchDir();
    const run = (...args: string[]) =>
      icmsync(['sync', ...sides(instance), '--yes', ...args], POSTGRES_ENV, dir);
    const stopped = await run('--from', 'A', '--to', 'B', '--scope', 'all', '--max-duration', '0s');
    expect(stopped.code).toBe(5);
    expect(stopped.stderr).toContain('Stopped at a batch boundary');
    const resumed = await run('--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await icmsync(['diff', '--scope', 'all', ...sides(instance)], POSTGRES_ENV)).code).toBe(
      0,
    );
    expect((await run('--resume')).stderr).toContain('no unfinished sync to resume');
  });
});

/** Applies a script as the fix script's header says: stop at the first error, one transaction. */
function psql(database: string, file: string, cwd: string) {
  const args = ['-h', POSTGRES_ENV.ICMSYNC_SERVER, '-p', POSTGRES_ENV.ICMSYNC_PORT];
  args.push(
    '-U',
    POSTGRES_ENV.ICMSYNC_USER,
    '-d',
    database,
    '-v',
    'ON_ERROR_STOP=1',
    '-1',
    '-f',
    file,
  );
  return new Promise<{ code: number | null; stderr: string }>((done) => {
    const child = spawn('psql', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => done({ code, stderr }));
  });
}

describe('icmsync diff --script', () => {
  it('writes a fix script for --to B that psql applies in one transaction; diff then exits 0', async () => {
    const instance = await lab();
    labs.push(instance);
    const dir = scratchDir();
    const made = await icmsync(
      ['diff', '--scope', 'all', '--script', 'fix.sql', '--to', 'B', ...sides(instance)],
      POSTGRES_ENV,
      dir,
    );
    expect(made.code, made.stderr).toBe(1);
    expect(made.stderr).toMatch(
      /^Fix script for B in .*fix\.sql: [\d,]+ rows inserted, \d+ updated, \d+ deleted/,
    );
    const text = readFileSync(join(dir, 'fix.sql'), 'utf8');
    expect(text).toContain('-- icmsync fix script: makes side B match side A.');
    expect(text).toContain(
      `psql -h 127.0.0.1 -p 5432 -d ${instance}_sideB -v ON_ERROR_STOP=1 -1 -f fix.sql`,
    );
    // The guard: applied to A, the script changes nothing and says why.
    const wrong = await psql(`${instance}_sideA`, 'fix.sql', dir);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain(`This script is for database ${instance}_sideB`);
    const applied = await psql(`${instance}_sideB`, 'fix.sql', dir);
    expect(applied, applied.stderr).toEqual({ code: 0, stderr: '' });
    const after = await icmsync(['diff', '--scope', 'all', ...sides(instance)], POSTGRES_ENV);
    expect(after.code, after.stdout).toBe(0);
  });

  it('writes for the side status calls behind, and refuses when status gives no direction', async () => {
    const [drifted, identical] = await Promise.all([lab(), lab('--identical')]);
    labs.push(drifted, identical);
    const dir = scratchDir();
    const run = (instance: string, ...args: string[]) =>
      icmsync(['diff', ...sides(instance), ...args], POSTGRES_ENV, dir);
    const behind = await run(drifted, '--script', 'behind.sql');
    expect(behind.code).toBe(1);
    expect(behind.stderr).toMatch(/^Fix script for B in /);
    const same = await run(identical, '--script', 'same.sql');
    expect(same.code).toBe(0);
    expect(same.stderr).toContain('nothing differs, so it changes nothing');
    expect(readFileSync(join(dir, 'same.sql'), 'utf8')).toContain('this script changes nothing');
    const generic = await run(identical, '--profile', 'generic', '--script', 'generic.sql');
    expect(generic).toMatchObject({ code: 2, stdout: '' });
    expect(generic.stderr).toMatch(/^icmsync: status says DIVERGED, .*\(add --to A or --to B\)\n$/);
    expect(() => readFileSync(join(dir, 'generic.sql'))).toThrow();
    const toAlone = await run(identical, '--to', 'B');
    expect(toAlone.code).toBe(2);
    expect(toAlone.stderr).toContain('add --script <file>');
  });
});

describe('icmsync sync under fire', () => {
  /** Starts a sync and sends `signal` once its journal shows a committed batch. */
  async function interrupted(signal: NodeJS.Signals) {
    const instance = await lab('--scale', '0.3');
    labs.push(instance);
    const dir = scratchDir();
    const child = spawn(
      process.execPath,
      [
        BIN,
        'sync',
        ...sides(instance),
        '--from',
        'A',
        '--to',
        'B',
        '--scope',
        'all',
        '--batch-size',
        '5',
        '--yes',
        '--json',
      ],
      { cwd: dir, env: { ...process.env, ...POSTGRES_ENV, NO_COLOR: '1' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let done = false;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        done = true;
        resolve(code);
      }),
    );
    const journal = join(dir, 'icmsync-journal');
    const batches = () => {
      try {
        const file = readdirSync(journal).find((f) => f.endsWith('.jsonl') && f !== 'audit.jsonl');
        return file
          ? readFileSync(join(journal, file), 'utf8').split('"event":"batch"').length - 1
          : 0;
      } catch {
        return 0;
      }
    };
    while (batches() < 2 && !done) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done, 'the sync ended before it could be interrupted').toBe(false);
    child.kill(signal);
    return { instance, dir, code: await exited, stdout, stderr };
  }

  const converges = async (instance: string, dir: string) => {
    const rerun = await icmsync(
      ['sync', ...sides(instance), '--resume', '--yes', '--json'],
      POSTGRES_ENV,
      dir,
    );
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ outcome: 'done' });
    expect((await icmsync(['diff', '--scope', 'all', ...sides(instance)], POSTGRES_ENV)).code).toBe(
      0,
    );
  };

  it('stops at a batch boundary on Ctrl-C: exit 130, what was committed said, --resume finishes', async () => {
    const run = await interrupted('SIGINT');
    expect(run.code).toBe(130);
    expect(JSON.parse(run.stdout)).toMatchObject({
      kind: 'icmsync.sync',
      outcome: 'stopped',
      exitCode: 130,
    });
    await converges(run.instance, run.dir);
  });

  it('loses nothing when the process is killed mid-sync: --resume converges', async () => {
    const run = await interrupted('SIGKILL');
    expect(run.code).toBeNull();
    await converges(run.instance, run.dir);
  });
});

describe('icmsync trace', () => {
  const sample = (name: string) =>
    fileURLToPath(new URL(`../fixtures/traces/${name}`, import.meta.url));

  it('explains the seed pair of traces, and reads UTF-16 from stdin', async () => {
    const both = await icmsync([
      'trace',
      '--json',
      sample('seed-sender-b.txt'),
      sample('seed-receiver-a.txt'),
    ]);
    expect(both.code).toBe(0);
    const document = JSON.parse(both.stdout);
    expect(document).toMatchObject({ kind: 'icmsync.trace', version: 1, recognised: true });
    expect(document.findings.map((f: { code: string }) => f.code)).toContain('TEMP_FILE_FAILED');
    const piped = await new Promise<{ code: number | null; stdout: string }>((done) => {
      const child = spawn(process.execPath, [BIN, 'trace', '-'], { cwd: scratchDir() });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.on('exit', (code) => done({ code, stdout }));
      child.stdin.end(readFileSync(sample('seed-sender-b.utf16le-bom.txt')));
    });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('TEMP_FILE_FAILED');
  });

  it('says nothing was recognised in unrelated text, and exits 0', async () => {
    const result = await icmsync(['trace', sample('nginx-access.txt')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No Cisco ICM Logger trace messages found in nginx-access.txt');
  });
});

describe('--json contract', () => {
  it('prints an icmsync.error document for a usage error, and every error starts alike', async () => {
    const result = await icmsync(['status', '--bogus', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^icmsync: unknown option '--bogus'/);
    expect(JSON.parse(result.stdout)).toEqual({
      kind: 'icmsync.error',
      version: 1,
      error: { code: 'USAGE', side: null, message: "unknown option '--bogus'" },
      exitCode: 2,
    });
  });
});

describe('Ctrl-C', () => {
  /** Starts icmsync, sends SIGINT once `ready(stdout, stderr)` holds, and collects the run. */
  async function interrupt(
    args: readonly string[],
    env: Record<string, string>,
    ready: (output: { stdout: string; stderr: string }) => Promise<boolean>,
  ) {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: scratchDir(),
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    while (!(await ready({ stdout, stderr })))
      await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    return { code: await exited, stdout, stderr };
  }

  it('ends a --json run as interrupted, with its error document and exit 130', async () => {
    const result = await interrupt(['demo', '--json', '--scale', '3'], {}, async ({ stderr }) =>
      stderr.includes('Starting two embedded'),
    );
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('icmsync: interrupted');
    expect(JSON.parse(result.stdout)).toMatchObject({
      kind: 'icmsync.error',
      error: { code: 'INTERRUPTED' },
      exitCode: 130,
    });
  });

  it('says what an interrupted lab create left, and the command that removes it', async () => {
    const instance = uniqueName('halfbuilt');
    const admin = await postgresEngine.openAdmin('A', postgresSettings('postgres'));
    try {
      const result = await interrupt(
        ['lab', 'create', '--instance', instance, '--scale', '20'],
        POSTGRES_ENV,
        async () => (await admin.findDatabase(`${instance}_sideB`)) !== null,
      );
      expect(result.code).toBe(130);
      const drop = /left half built \(remove with: icmsync (lab drop [^;]*);/.exec(result.stderr);
      expect(drop, result.stderr).not.toBeNull();
      expect(result.stderr).toContain(`${instance}_sideA on 127.0.0.1:5432 and ${instance}_sideB`);
      const dropped = await icmsync([...(drop?.[1] ?? '').split(' '), '--yes'], {});
      expect(dropped.stdout).toContain(`Dropped ${instance}_sideA`);
      expect(await admin.findDatabase(`${instance}_sideA`)).toBeNull();
    } finally {
      await icmsync(['lab', 'drop', '--yes', '--instance', instance], POSTGRES_ENV);
      await admin.close();
    }
  });

  it('stops a run with exit 130 and says so', async () => {
    const child = spawn(process.execPath, [BIN, 'demo'], {
      cwd: scratchDir(),
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Starting two embedded')) child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(130);
    expect(stderr).toContain('icmsync: interrupted');
  });
});

describe('icmsync demo', () => {
  it('tells the whole story on the embedded pair with nothing configured, and exits 0', async () => {
    const result = await icmsync(['demo']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Starting two embedded PostgreSQL instances');
    expect(result.stdout).toContain('A AHEAD: sync from A to B');
    expect(result.stdout).toMatch(/Done: every synced table has equal checksums[\s\S]*IN SYNC\n$/);
  });

  it('runs on the local PostgreSQL with --lab postgres and says how to reach and remove the pair', async () => {
    const result = await icmsync(['demo', '--lab', 'postgres', '--scale', '0.2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('A AHEAD: sync from A to B');
    expect(result.stdout).toContain('IN SYNC');
    const drop = /Remove it with: icmsync (lab drop .*)$/m.exec(result.stdout)?.[1];
    expect(drop).toContain('--instance icmsync_demo');
    const dropped = await icmsync([...(drop ?? '').split(' '), '--yes']);
    expect(dropped.stdout).toContain('Dropped icmsync_demo_sideA');
  });

  it('prints only the final status document on stdout with --json, the story on stderr', async () => {
    const result = await icmsync(['demo', '--json', '--scale', '0.2']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      kind: 'icmsync.status',
      verdict: { state: 'IN_SYNC' },
      exitCode: 0,
    });
    expect(result.stderr).toContain('icmsync demo:');
    expect(result.stderr).toContain('A AHEAD: sync from A to B');
    expect(result.stderr).toContain('$ icmsync sync --from A --to B --scope all --dry-run');
  });
});

describe('icmsync doctor', () => {
  const mine: string[] = [];
  let instance: string;

  beforeAll(async () => {
    instance = await lab('--scale', '0.2');
    mine.push(instance);
  });

  afterAll(async () => {
    await Promise.all(
      mine.map((name) => icmsync(['lab', 'drop', '--yes', '--instance', name], POSTGRES_ENV)),
    );
  });

  it('exits 0 when nothing fails, with every check in one versioned JSON document', async () => {
    const result = await icmsync(['doctor', '--json', ...sides(instance)], POSTGRES_ENV);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stderr).toBe('');
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({
      kind: 'icmsync.doctor',
      version: 1,
      direction: { from: 'A', to: 'B' },
      directionSource: 'status',
      mode: 'merge',
      sides: {
        A: { server: '127.0.0.1:5432', database: `${instance}_sideA`, engine: 'postgres' },
        B: { database: `${instance}_sideB` },
      },
      summary: { FAIL: 0 },
      exitCode: 0,
    });
    for (const check of doc.checks) {
      expect(Object.keys(check).sort()).toEqual(['fix', 'id', 'message', 'side', 'status']);
      expect(['PASS', 'WARN', 'SKIP']).toContain(check.status);
    }
    const ids = doc.checks.map(
      (c: { id: string; side: string | null }) => `${c.side ?? '-'} ${c.id}`,
    );
    expect(ids).toEqual([
      'A reachable',
      'A tls',
      'A login',
      'A permissions',
      'B reachable',
      'B tls',
      'B login',
      'B permissions',
      'B free-space',
      'B sessions',
      '- schema-version',
      '- table-shapes',
      '- journal-folder',
      '- temp-folder',
      '- clock',
    ]);
    // The lab connects without TLS, and PostgreSQL cannot tell its free disk space.
    const warned = doc.checks.filter((c: { status: string }) => c.status === 'WARN');
    expect(warned.map((c: { id: string }) => c.id)).toEqual(['tls', 'tls', 'free-space']);
  });

  it('exits 4 when a check fails, in text and in JSON: a journal folder it cannot write', async () => {
    const folder = await readOnlyFolder();
    try {
      const args = ['doctor', '--from', 'A', '--to', 'B', '--journal-dir', folder.path];
      const text = await icmsync([...args, ...sides(instance)], POSTGRES_ENV);
      expect(text.code, folder.how).toBe(4);
      expect(text.stdout).toMatch(
        /^icmsync doctor · merge from side A to side B: side B is written\n/,
      );
      expect(text.stdout).toMatch(
        /\n {2}FAIL {2}journal-folder +journal folder .*: cannot create a file there: .*\n +fix: give --journal-dir a folder/,
      );
      expect(text.stdout).toMatch(
        /\n1 FAIL: fix them before the sync \(\d+ PASS, 3 WARN, 1 FAIL, 0 SKIP\)\n$/,
      );
      const json = await icmsync([...args, '--json', ...sides(instance)], POSTGRES_ENV);
      expect(json.code).toBe(4);
      const doc = JSON.parse(json.stdout);
      expect(doc).toMatchObject({ kind: 'icmsync.doctor', exitCode: 4, summary: { FAIL: 1 } });
      expect(doc.checks.find((c: { status: string }) => c.status === 'FAIL')).toMatchObject({
        id: 'journal-folder',
        side: null,
        fix: expect.stringContaining('--journal-dir'),
      });
    } finally {
      await folder.release();
    }
  });

  it('exits 4 on an unreachable side, and still checks the other', async () => {
    const result = await icmsync(
      ['doctor', '--json', '--b-port', '1', ...sides(instance)],
      POSTGRES_ENV,
    );
    expect(result.code).toBe(4);
    const doc = JSON.parse(result.stdout);
    const status = (side: string, id: string) =>
      doc.checks.find((c: { side: string; id: string }) => c.side === side && c.id === id)?.status;
    expect(status('B', 'reachable')).toBe('FAIL');
    expect(status('B', 'login')).toBe('SKIP');
    expect(status('A', 'login')).toBe('PASS');
    expect(doc.direction).toBeNull();
  });
});
