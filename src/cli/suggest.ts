import type { ConnectionSettings } from '../port/settings.js';
import type { Pair } from '../port/types.js';
import { SIDE_DEFAULTS } from './config.js';
import { flagName, SIDE_FIELD_NAMES, type SideField } from './config-fields.js';

/** Settings a suggested command names always, even at their default: where the servers are. */
const ALWAYS: ReadonlySet<SideField> = new Set(['engine', 'server', 'port', 'user']);

/** Quotes a value for a POSIX shell when it needs it. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The flags that reach the same two servers again, so a command icmsync suggests works when pasted
 * whatever file or variables set them up: the settings both sides share as `--<setting>`, the others
 * as `--a-<setting>` / `--b-<setting>`. Databases are left to the caller; passwords are never shown
 * (they stay in the environment or the prompt).
 */
export function connectionFlags({ a, b }: Pair<ConnectionSettings>): string {
  const flags: string[] = [];
  const flag = (prefix: string, field: SideField, value: unknown) => {
    flags.push(`--${prefix}${flagName(field)} ${shellWord(String(value))}`);
  };
  for (const field of SIDE_FIELD_NAMES) {
    if (field === 'database') continue;
    const va = a[field];
    const vb = b[field];
    const fallback = (SIDE_DEFAULTS as Partial<Record<SideField, unknown>>)[field];
    if (va === vb) {
      if (va !== undefined && (ALWAYS.has(field) || va !== fallback)) flag('', field, va);
    } else {
      // Both sides' values differ: name each one that is set, defaults included.
      if (va !== undefined) flag('a-', field, va);
      if (vb !== undefined) flag('b-', field, vb);
    }
  }
  return flags.join(' ');
}

/** `--a-database X --b-database Y`, quoted for the shell. */
export function databaseFlags({ a, b }: Pair<ConnectionSettings>): string {
  return `--a-database ${shellWord(a.database)} --b-database ${shellWord(b.database)}`;
}
