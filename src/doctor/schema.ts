import type { ProfileName, SchemaVersion } from '../icm/profile.js';
import { compareShapes } from '../pair/compare-shapes.js';
import type { Matched } from '../pair/match-tables.js';
import type { TableShape } from '../port/shapes.js';
import type { Pair, Side } from '../port/types.js';
import { type Check, fail, pass, plural, shortList, skip, warn } from './check.js';
import { splitFix } from './connection.js';

/** What inspecting one side with the profile gave: its schema version, or why it could not. */
export type Inspected =
  | { readonly kind: 'ok'; readonly version: SchemaVersion | null }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'not-connected' };

const text = (v: SchemaVersion) => `${v.major}.${v.minor}`;

/** Whether both sides are Logger databases at the same schema version (profile `icm`). */
export function checkSchemaVersions(profile: ProfileName, sides: Pair<Inspected>): Check[] {
  const failed = (['A', 'B'] as const).flatMap((side: Side) => {
    const s = side === 'A' ? sides.a : sides.b;
    if (s.kind !== 'failed') return [];
    const { message, fix } = splitFix(s.error, side);
    return [fail('schema-version', side, message, fix)];
  });
  if (failed.length > 0) return failed;
  const { a, b } = sides;
  if (a.kind !== 'ok' || b.kind !== 'ok') {
    return [skip('schema-version', null, 'needs both sides connected')];
  }
  if (a.version === null && b.version === null) {
    return [skip('schema-version', null, `the ${profile} profile has no schema version`)];
  }
  if (a.version && b.version && text(a.version) === text(b.version)) {
    return [pass('schema-version', null, `both sides are at schema version ${text(a.version)}`)];
  }
  const show = (v: SchemaVersion | null) => (v ? text(v) : 'none');
  return [
    fail(
      'schema-version',
      null,
      `schema versions differ: A is ${show(a.version)}, B is ${show(b.version)}`,
      'upgrade the older side first: icmsync syncs only equal schemas',
    ),
  ];
}

/** Whether the tables in scope exist on both sides with the same columns, types and keys. */
export function checkTableShapes(matched: readonly Matched<TableShape>[] | null): Check {
  if (matched === null) return skip('table-shapes', null, 'needs both sides inspected');
  if (matched.length === 0) {
    return warn(
      'table-shapes',
      null,
      'no table is in scope on either side',
      'check --scope and --tables',
    );
  }
  const problems: string[] = [];
  const names: string[] = [];
  for (const m of matched) {
    if (!m.a || !m.b) {
      problems.push(`${m.name} only in ${m.a ? 'A' : 'B'}`);
      names.push(m.name);
      continue;
    }
    const differences = compareShapes(m.a, m.b);
    if (differences.length > 0) {
      problems.push(`${m.name} (${differences.join(', ')})`);
      names.push(m.name);
    }
  }
  if (problems.length === 0) {
    return pass(
      'table-shapes',
      null,
      `${plural(matched.length, 'table')} in scope, the same on both sides: columns, types and keys`,
    );
  }
  const exclude = names.map((n) => `!${n.split('.').at(-1) ?? n}`).join(',');
  return fail(
    'table-shapes',
    null,
    `${plural(problems.length, 'table')} differ in shape: ${shortList(problems, 3)}`,
    `make the schemas equal, or leave them out with --tables '${exclude}'`,
  );
}
