import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor } from '../../../src/cli/exit-codes.js';
import { errorDocument } from '../../../src/cli/status-json.js';
import type { TableDiffState } from '../../../src/diff/diff-report.js';
import { DIFF_SCOPES } from '../../../src/diff/select-tables.js';
import { CHECK_IDS } from '../../../src/doctor/check.js';
import { PROFILE_NAMES } from '../../../src/icm/profile.js';
import { FINDING_CODES, SEVERITIES, SIDE_SOURCES } from '../../../src/icm/trace/trace-analysis.js';
import { ERROR_CODES, IcmsyncError } from '../../../src/port/errors.js';
import { ENGINES } from '../../../src/port/settings.js';
import { TABLE_STATES, VERDICT_STATES } from '../../../src/status/verdict.js';
import { SYNC_MODES } from '../../../src/sync/plan.js';
import type { SyncOutcome } from '../../../src/sync/sync.js';

const FOLDER = new URL('../../../schemas/', import.meta.url);
const KINDS = [
  'icmsync.status',
  'icmsync.diff',
  'icmsync.sync',
  'icmsync.audit',
  'icmsync.trace',
  'icmsync.lab',
  'icmsync.lab-drop',
  'icmsync.error',
];
// Unions without a runtime list: a Record over them fails to compile when one gains a member.
const SYNC_OUTCOMES = Object.keys({
  'dry-run': 0,
  declined: 0,
  'nothing-to-do': 0,
  done: 0,
  stopped: 0,
  'verify-failed': 0,
} satisfies Record<SyncOutcome, 0>);
const DIFF_STATES = Object.keys({
  identical: 0,
  differs: 0,
  'only-in-A': 0,
  'only-in-B': 0,
  'shape-differs': 0,
  skipped: 0,
} satisfies Record<TableDiffState, 0>);

type Json = Record<string, unknown>;
const schemaOf = (kind: string) =>
  JSON.parse(readFileSync(new URL(`${kind}.schema.json`, FOLDER), 'utf8')) as Json;

/** Follows a path of property names through `properties`, `items`, `anyOf` and local `$ref`s. */
function at(schema: Json, path: readonly string[]): Json {
  const resolve = (node: Json): Json => {
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/$defs/', '');
      return resolve((schema.$defs as Record<string, Json>)[name] as Json);
    }
    const variants = node.anyOf as Json[] | undefined;
    return variants ? resolve(variants.find((v) => v.type !== 'null') as Json) : node;
  };
  let node = resolve(schema);
  for (const step of path) {
    node = resolve(
      step === '[]'
        ? (node.items as Json)
        : ((node.properties as Record<string, Json>)[step] as Json),
    );
  }
  return node;
}

function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose .default is the plugin.
  addFormats.default(ajv);
  for (const file of readdirSync(FOLDER))
    ajv.addSchema(JSON.parse(readFileSync(new URL(file, FOLDER), 'utf8')));
  return (kind: string) => {
    const validate = ajv.getSchema(`urn:icmsync:schema:${kind}:1`);
    if (!validate) throw new Error(`no schema for ${kind}`);
    return validate;
  };
}

describe('schemas/', () => {
  it('holds one draft 2020-12 schema per document kind, versioned by $id and strict at the top', () => {
    const kinds = readdirSync(FOLDER).map((file) => file.replace(/\.schema\.json$/, ''));
    expect(kinds).toEqual(expect.arrayContaining(KINDS));
    for (const kind of kinds) {
      const schema = schemaOf(kind);
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `urn:icmsync:schema:${kind}:1`,
        type: 'object',
        additionalProperties: false,
        properties: { kind: { const: kind }, version: { const: 1 } },
      });
      expect(schema.required).toEqual(Object.keys(schema.properties as Json));
    }
    expect(validator()).toBeTypeOf('function');
  });

  it.each([
    ['icmsync.error', ['error', 'code'], ERROR_CODES],
    ['icmsync.status', ['verdict', 'state'], VERDICT_STATES],
    ['icmsync.status', ['tables', '[]', 'state'], TABLE_STATES],
    ['icmsync.status', ['profile'], PROFILE_NAMES],
    ['icmsync.status', ['sides', 'A', 'engine'], ENGINES],
    ['icmsync.diff', ['scope'], DIFF_SCOPES],
    ['icmsync.diff', ['tables', '[]', 'state'], DIFF_STATES],
    ['icmsync.sync', ['mode'], SYNC_MODES],
    ['icmsync.sync', ['outcome'], SYNC_OUTCOMES],
    ['icmsync.sync', ['verdict', 'state'], VERDICT_STATES],
    ['icmsync.audit', ['mode'], SYNC_MODES],
    ['icmsync.trace', ['findings', '[]', 'code'], FINDING_CODES],
    ['icmsync.trace', ['findings', '[]', 'severity'], SEVERITIES],
    ['icmsync.trace', ['sides', '[]', 'source'], SIDE_SOURCES],
    ['icmsync.doctor', ['checks', '[]', 'id'], CHECK_IDS],
    ['icmsync.doctor', ['mode'], SYNC_MODES],
  ])('%s %j lists exactly the values the code has', (kind, path, values) => {
    expect(at(schemaOf(kind), path).enum).toEqual([...values]);
  });

  it('accepts the error document of every error code, with the exit code it maps to', () => {
    const validate = validator()('icmsync.error');
    for (const code of ERROR_CODES) {
      const document = errorDocument(
        new IcmsyncError('a message', code, { side: 'B' }),
        code,
        exitCodeFor(code),
      );
      expect(validate(document), `${code}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects a renamed, a missing and an extra field, and a wrong kind or version', () => {
    const validate = validator()('icmsync.error');
    const good = errorDocument(new IcmsyncError('x', 'USAGE'), 'USAGE', EXIT.usage);
    expect(validate(good)).toBe(true);
    const { exitCode, ...missing } = good;
    for (const bad of [
      missing,
      { ...missing, exit_code: exitCode },
      { ...good, extra: true },
      { ...good, error: { ...good.error, kode: 'USAGE' } },
      { ...good, kind: 'icmsync.status' },
      { ...good, version: 2 },
      { ...good, exitCode: 1 },
      { ...good, error: { ...good.error, code: 'NOPE' } },
    ])
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
  });
});
