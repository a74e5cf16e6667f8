import { SIDE_FIELD_NAMES, type SideField } from './config-fields.js';

/** Edit distance between two words, for "did you mean" hints. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate a typo most likely meant, if any is close enough (case ignored). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const scored = candidates.map((c) => ({ c, d: distance(lower, c.toLowerCase()) }));
  const best = scored.sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(1, Math.floor(word.length / 3)) ? best.c : undefined;
}

/**
 * Names other tools give a setting, and the one icmsync means: connection strings say `host`,
 * `db`, `username`, `ssl`. Keys are lower case without separators.
 */
const SYNONYMS: Readonly<Record<string, SideField>> = {
  host: 'server',
  hostname: 'server',
  address: 'server',
  addr: 'server',
  datasource: 'server',
  db: 'database',
  dbname: 'database',
  databasename: 'database',
  initialcatalog: 'database',
  username: 'user',
  login: 'user',
  loginname: 'user',
  uid: 'user',
  userid: 'user',
  ssl: 'encrypt',
  tls: 'encrypt',
  instance: 'instanceName',
  application: 'appName',
  applicationname: 'appName',
  pool: 'poolSize',
  poolmax: 'poolSize',
};

const bare = (name: string) => name.replace(/[_\-\s]/g, '').toLowerCase();

/**
 * The connection setting `name` is, or names in another tool's words (`host` → `server`,
 * `db` → `database`); `name` may be camelCase, snake_case or upper case.
 */
export function settingNamed(name: string): SideField | undefined {
  const key = bare(name);
  return SIDE_FIELD_NAMES.find((f) => f.toLowerCase() === key) ?? SYNONYMS[key];
}

/** The connection setting a key most likely meant: {@link settingNamed}, or a near spelling (`sever` → `server`). */
export function settingMeant(name: string): SideField | undefined {
  return settingNamed(name) ?? (closest(bare(name), SIDE_FIELD_NAMES) as SideField | undefined);
}
