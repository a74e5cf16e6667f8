import type { TableGrants, TableProbe } from '../port/probe.js';
import type { EngineName } from '../port/settings.js';
import type { TableShape } from '../port/shapes.js';
import { tableLabel } from '../port/table-key.js';
import type { Side } from '../port/types.js';
import { type Check, fail, pass, plural, shortList } from './check.js';

/** What a side is to the sync being checked. */
export const SIDE_ROLES = ['target', 'source', 'possible-target'] as const;
export type SideRole = (typeof SIDE_ROLES)[number];

/** What the permissions check looks at for one side. */
export interface PermissionFacts {
  readonly side: Side;
  readonly engine: EngineName;
  readonly role: SideRole;
  /** The login, for server-level grants (SQL Server grants VIEW SERVER STATE to a login). */
  readonly login: string;
  /** The user in the database, for the GRANT statements. */
  readonly user: string;
  /** The tables the sync would read (source) or write (target) on this side. */
  readonly tables: readonly TableShape[];
  /** What the probe found for them; a table missing here is one the login cannot see. */
  readonly probed: readonly TableProbe[];
  readonly seesAllSessions: boolean;
  /** `--lockout`: the sync puts a trigger on every table it writes, and takes it off again. */
  readonly lockout?: boolean;
}

/** A permission the sync may need on a table, in the words of each engine's GRANT. */
type Need = keyof TableGrants;

const GRANT_WORDS: Readonly<Record<Need, string>> = {
  select: 'SELECT',
  insert: 'INSERT',
  update: 'UPDATE',
  delete: 'DELETE',
  disableTriggers: 'ALTER',
  keepIdentity: 'ALTER',
};

const POSTGRES_WORDS: Readonly<Record<Need, string>> = {
  ...GRANT_WORDS,
  // What the fix grants: ownership (ALTER TABLE … DISABLE TRIGGER), rights on the identity sequence.
  disableTriggers: 'OWNER',
  keepIdentity: 'SEQUENCE SELECT, UPDATE',
};

/**
 * What the sync needs on a table it reads from, or writes to (triggers disabled, identities kept;
 * with `--lockout`, a trigger created and dropped, which takes what disabling one takes: ALTER on
 * SQL Server, ownership on PostgreSQL, whose DROP TRIGGER only the owner may run).
 */
export function needsOf(table: TableShape, writes: boolean, lockout = false): Need[] {
  if (!writes) return ['select'];
  const needs: Need[] = ['select', 'insert', 'update', 'delete'];
  if (lockout || table.triggers.some((t) => t.enabled)) needs.push('disableTriggers');
  if (table.columns.some((c) => c.identity)) needs.push('keepIdentity');
  return needs;
}

const mssqlName = (schema: string, name?: string) =>
  [schema, name]
    .filter((p): p is string => p !== undefined)
    .map((p) => `[${p.replaceAll(']', ']]')}]`)
    .join('.');
const postgresName = (schema: string, name?: string) =>
  [schema, name]
    .filter((p): p is string => p !== undefined)
    .map((p) => `"${p.replaceAll('"', '""')}"`)
    .join('.');

/**
 * The statements that grant what is missing: schema-wide when several tables lack a permission,
 * one GRANT per securable with every permission it lacks, and on PostgreSQL ALTER … OWNER for
 * what only the owner may do.
 */
function grantStatements(
  engine: EngineName,
  user: string,
  missing: ReadonlyMap<Need, readonly TableShape[]>,
): string[] {
  const grants = new Map<string, Set<string>>();
  const others: string[] = [];
  const grant = (word: string, on: string) =>
    grants.set(on, (grants.get(on) ?? new Set<string>()).add(word));
  const who = engine === 'mssql' ? mssqlName(user) : postgresName(user);
  for (const [need, tables] of missing) {
    const schemas = [...new Set(tables.map((t) => t.schema))];
    const several = tables.length > 1;
    if (engine === 'mssql') {
      const on = several
        ? schemas.map((s) => `SCHEMA::${mssqlName(s)}`)
        : tables.map((t) => mssqlName(t.schema, t.name));
      for (const target of on) grant(GRANT_WORDS[need], target);
    } else if (need === 'disableTriggers') {
      for (const t of tables)
        others.push(`ALTER TABLE ${postgresName(t.schema, t.name)} OWNER TO ${who}`);
    } else if (need === 'keepIdentity') {
      for (const s of schemas) {
        grant('SELECT', `ALL SEQUENCES IN SCHEMA ${postgresName(s)}`);
        grant('UPDATE', `ALL SEQUENCES IN SCHEMA ${postgresName(s)}`);
      }
    } else {
      const on = several
        ? schemas.map((s) => `ALL TABLES IN SCHEMA ${postgresName(s)}`)
        : tables.map((t) => postgresName(t.schema, t.name));
      for (const target of on) grant(GRANT_WORDS[need], target);
    }
  }
  return [
    ...[...grants].map(([on, words]) => `GRANT ${[...words].join(', ')} ON ${on} TO ${who}`),
    ...others,
  ];
}

/** The grant that lets a login see every session, so that a running Logger cannot hide. */
function sessionsGrant(engine: EngineName, login: string): { what: string; statement: string } {
  return engine === 'mssql'
    ? { what: 'VIEW SERVER STATE', statement: `GRANT VIEW SERVER STATE TO ${mssqlName(login)}` }
    : {
        what: 'the privileges of pg_read_all_stats',
        statement: `GRANT pg_read_all_stats TO ${postgresName(login)}`,
      };
}

/**
 * Whether the login may do what the sync needs on this side: read every table of a source; read,
 * insert, update and delete every table of a target, disable its triggers and keep its identity
 * values; and, on a target, see every session (the Logger-still-running guard).
 */
export function checkPermissions(facts: PermissionFacts): Check {
  const { side, engine } = facts;
  const writes = facts.role !== 'source';
  const found = new Map(facts.probed.map((p) => [p.table.toLowerCase(), p]));
  const missing = new Map<Need, TableShape[]>();
  const invisible: string[] = [];
  for (const table of facts.tables) {
    const probe = found.get(tableLabel(table).toLowerCase());
    if (!probe) invisible.push(tableLabel(table));
    for (const need of needsOf(table, writes, facts.lockout === true)) {
      if (probe?.grants[need]) continue;
      missing.set(need, [...(missing.get(need) ?? []), table]);
    }
  }
  const words = engine === 'mssql' ? GRANT_WORDS : POSTGRES_WORDS;
  // SQL Server's ALTER covers both triggers and identities: one phrase per permission word.
  const byWord = new Map<string, Set<string>>();
  for (const [need, tables] of missing) {
    const labels = byWord.get(words[need]) ?? new Set<string>();
    for (const t of tables) labels.add(tableLabel(t));
    byWord.set(words[need], labels);
  }
  // Permissions missing on the same tables read as one phrase: `INSERT, DELETE on dbo.Agent`.
  const byTables = new Map<string, { words: string[]; labels: string[] }>();
  for (const [word, labels] of byWord) {
    const key = [...labels].join('\u0000');
    const entry = byTables.get(key) ?? { words: [], labels: [...labels] };
    entry.words.push(word);
    byTables.set(key, entry);
  }
  const lacks = [...byTables.values()].map(
    ({ words, labels }) => `${words.join(', ')} on ${shortList(labels, 3)}`,
  );
  const grants = grantStatements(engine, facts.user || facts.login, missing);
  if (writes && !facts.seesAllSessions) {
    const g = sessionsGrant(engine, facts.login || facts.user);
    lacks.push(g.what);
    grants.push(g.statement);
  }
  const as = facts.role === 'possible-target' ? 'as a possible target' : `as the ${facts.role}`;
  if (lacks.length > 0) {
    const unseen =
      invisible.length > 0 ? ` (${plural(invisible.length, 'table')} not visible at all)` : '';
    return fail(
      'permissions',
      side,
      `${facts.user || facts.login} ${as} lacks ${lacks.join('; ')}${unseen}`,
      `as an administrator: ${grants.join('; ')}`,
    );
  }
  const what = writes ? 'read and write' : 'read';
  return pass(
    'permissions',
    side,
    `${facts.user || facts.login} may ${what} the ${plural(facts.tables.length, 'table')} the sync touches ${as}`,
  );
}
