import { IcmsyncError } from '../port/errors.js';

/** Which tables diff compares when `--tables` names none. */
export const DIFF_SCOPES = ['config', 'historical', 'all'] as const;
export type DiffScope = (typeof DIFF_SCOPES)[number];

/** A `--tables` item: a name or glob (`*`, `?`), or an exclusion when it starts with `!`. */
interface Pattern {
  readonly exclude: boolean;
  readonly test: RegExp;
}

function toPattern(raw: string): Pattern {
  const exclude = raw.startsWith('!');
  const glob = exclude ? raw.slice(1) : raw;
  if (glob.length === 0)
    throw new IcmsyncError(`--tables has an empty name in "${raw}" (fix the list)`, 'USAGE');
  const source = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { exclude, test: new RegExp(`^${source}$`, 'i') };
}

/** Parses `--tables a,b*,!c` (commas separate; spaces around names are ignored). */
export function parseTablePatterns(raw: string | undefined): readonly Pattern[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(toPattern);
}

/**
 * The tables to compare, by `schema.name` label: those the scope picks, or, when `--tables` names
 * some, every table matching a name (scope aside); then without the excluded ones. A pattern
 * matches the bare name or `schema.name`.
 */
export function selectTables(
  all: readonly string[],
  inScope: readonly string[],
  patterns: readonly Pattern[],
): string[] {
  const matches = (label: string, p: Pattern) =>
    p.test.test(label) || p.test.test(label.slice(label.indexOf('.') + 1));
  const include = patterns.filter((p) => !p.exclude);
  const exclude = patterns.filter((p) => p.exclude);
  const chosen =
    include.length > 0 ? all.filter((t) => include.some((p) => matches(t, p))) : inScope;
  if (include.length > 0 && chosen.length === 0) {
    throw new IcmsyncError(
      '--tables matches no table on either side (check the names; globs use * and ?)',
      'USAGE',
    );
  }
  return chosen.filter((t) => !exclude.some((p) => matches(t, p)));
}
