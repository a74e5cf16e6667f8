import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, icmsync, POSTGRES_ENV, scratchDir } from '../support/cli.js';
import { uniqueName } from '../support/settings.js';

/** Every JSON Schema in schemas/, by the document kind it describes. */
function validators() {
  const folder = fileURLToPath(new URL('../../schemas/', import.meta.url));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose .default is the plugin.
  addFormats.default(ajv);
  for (const file of readdirSync(folder))
    ajv.addSchema(JSON.parse(readFileSync(join(folder, file), 'utf8')));
  return (kind: string) => {
    const validate = ajv.getSchema(`urn:icmsync:schema:${kind}:1`);
    if (!validate) throw new Error(`no schema for document kind ${kind}`);
    return validate;
  };
}
const schemaFor = validators();

/** Node's own warnings (`(node:123) [DEP0123] DeprecationWarning: …`) and experimental notices. */
const NODE_WARNING = /\(node:\d+\)|Warning:/;

/** Asserts `document` is valid for its kind's schema. */
function expectValid(document: { kind?: unknown }, kind: string): void {
  expect(document.kind).toBe(kind);
  const validate = schemaFor(kind);
  expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);
}

/**
 * Runs icmsync with --json and checks the contract: one document on stdout, valid for its kind,
 * whose exitCode is the code the process exits with, and no Node warning on stderr.
 */
async function json(
  kind: string,
  args: readonly string[],
  env: Record<string, string> = POSTGRES_ENV,
  cwd = scratchDir(),
): Promise<CliResult & { document: Record<string, unknown> }> {
  const result = await icmsync([...args, '--json'], env, cwd);
  expect(result.stderr).not.toMatch(NODE_WARNING);
  const document = JSON.parse(result.stdout) as Record<string, unknown>;
  expectValid(document, kind);
  expect(document.exitCode, result.stderr).toBe(result.code);
  return { ...result, document };
}

const sides = (instance: string) => [
  '--a-database',
  `${instance}_sideA`,
  '--b-database',
  `${instance}_sideB`,
];

describe('every --json document validates against its schema', () => {
  const drifted = uniqueName('schema');
  const identical = uniqueName('schema_same');

  beforeAll(async () => {
    const built = await Promise.all([
      json('icmsync.lab', ['lab', 'create', '--instance', drifted, '--scale', '0.3']),
      json('icmsync.lab', [
        'lab',
        'create',
        '--instance',
        identical,
        '--scale',
        '0.2',
        '--identical',
      ]),
    ]);
    for (const lab of built) expect(lab.code, lab.stderr).toBe(0);
  });

  afterAll(async () => {
    for (const instance of [drifted, identical]) {
      const dropped = await json('icmsync.lab-drop', [
        'lab',
        'drop',
        '--yes',
        '--instance',
        instance,
      ]);
      expect(dropped.document.dropped).toEqual(['A', 'B']);
    }
    const none = await json('icmsync.lab-drop', ['lab', 'drop', '--yes', '--instance', drifted]);
    expect(none.document.dropped).toEqual([]);
  });

  it('status: in sync (0) and A ahead (1)', async () => {
    expect((await json('icmsync.status', ['status', ...sides(identical)])).code).toBe(0);
    const ahead = await json('icmsync.status', ['status', ...sides(drifted)]);
    expect(ahead.code).toBe(1);
    expect(ahead.document.verdict).toMatchObject({ state: 'A_AHEAD' });
    const generic = await json('icmsync.status', [
      'status',
      '--profile',
      'generic',
      ...sides(identical),
    ]);
    expect(generic.document.verdict).toMatchObject({ state: 'DIVERGED' });
  });

  it('doctor: every check on a pair that may sync (0)', async () => {
    const doctor = await json('icmsync.doctor', ['doctor', ...sides(drifted)]);
    expect(doctor.code, JSON.stringify(doctor.document.checks)).toBe(0);
    expect(doctor.document.direction).toEqual({ from: 'A', to: 'B' });
  });

  it('diff: no differences (0), and differences with rows listed and truncated (1)', async () => {
    expect((await json('icmsync.diff', ['diff', ...sides(identical)])).code).toBe(0);
    const all = await json('icmsync.diff', [
      'diff',
      '--scope',
      'all',
      '--max-rows',
      '3',
      ...sides(drifted),
    ]);
    expect(all.code).toBe(1);
    expect(JSON.stringify(all.document.tables)).toContain('"truncated":true');
  });

  it('sync: a dry run, a real run with its audit record, then nothing to do', async () => {
    const instance = uniqueName('schema_sync');
    expect(
      (await json('icmsync.lab', ['lab', 'create', '--instance', instance, '--scale', '0.2'])).code,
    ).toBe(0);
    const dir = scratchDir();
    try {
      const sync = (...args: string[]) =>
        json(
          'icmsync.sync',
          ['sync', ...sides(instance), '--from', 'A', '--to', 'B', ...args],
          POSTGRES_ENV,
          dir,
        );
      expect((await sync('--dry-run')).document.outcome).toBe('dry-run');
      const done = await sync('--scope', 'all', '--yes');
      expect(done.document.outcome).toBe('done');
      // stderr carries only progress lines, each valid.
      const progress = done.stderr.trim().split('\n');
      expect(progress.length).toBeGreaterThan(3);
      for (const line of progress) expectValid(JSON.parse(line), 'icmsync.sync-progress');
      expect(progress.map((l) => JSON.parse(l).event)).toContain('batch');
      expect((await sync('--scope', 'all', '--yes')).document.outcome).toBe('nothing-to-do');
      const audit = readFileSync(join(dir, 'icmsync-journal', 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { kind: string; outcome: string });
      expect(audit.map((record) => record.outcome)).toEqual(['done', 'nothing-to-do']);
      for (const record of audit) expectValid(record, 'icmsync.audit');
    } finally {
      await icmsync(['lab', 'drop', '--yes', '--instance', instance], POSTGRES_ENV);
    }
  });

  it('trace: every sample of the corpus, recognised or not', async () => {
    const folder = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));
    const samples = readdirSync(folder).filter((f) => f.endsWith('.txt'));
    expect(samples.length).toBeGreaterThan(10);
    for (const sample of samples) {
      const result = await json('icmsync.trace', ['trace', join(folder, sample)], {});
      expect(result.code, sample).toBe(0);
    }
    const pair = await json(
      'icmsync.trace',
      ['trace', join(folder, 'seed-sender-b.txt'), join(folder, 'seed-receiver-a.txt')],
      {},
    );
    expect(pair.document.recognised).toBe(true);
  });

  it('demo: the final status document, whose exitCode is the exit code', async () => {
    const demo = await json('icmsync.status', ['demo', '--scale', '0.2'], {});
    expect(demo.code).toBe(0);
    expect(demo.document.verdict).toMatchObject({ state: 'IN_SYNC' });
  });

  it.each([
    ['a usage error', ['status', '--bogus'], 'USAGE', 2],
    ['a missing argument', ['trace'], 'USAGE', 2],
    ['an unreadable trace file', ['trace', 'no-such-trace.txt'], 'USAGE', 2],
    ['missing settings', ['status'], 'CONFIG', 2],
    [
      'an unreachable port',
      ['status', '--a-database', 'x_sideA', '--b-database', 'x_sideB', '--a-port', '1'],
      'CONNECT',
      3,
    ],
    [
      'a sync off a terminal without --yes',
      ['sync', '--a-database', 'x', '--b-database', 'y', '--from', 'A'],
      'REFUSED',
      4,
    ],
    [
      'a database that is not a Logger',
      ['status', '--a-database', 'postgres', '--b-database', 'template1'],
      'NOT_A_LOGGER',
      2,
    ],
  ])('the error document: %s', async (_what, args, code, exitCode) => {
    const env = args[0] === 'status' && args.length === 1 ? {} : POSTGRES_ENV;
    const result = await json('icmsync.error', args, env);
    expect(result.code).toBe(exitCode);
    expect(result.document.error).toMatchObject({ code });
    expect(result.stderr).toMatch(/^icmsync: /);
  });
});
