import { type Command, Option } from 'commander';
import { IcmsyncError } from '../port/errors.js';
import type { ConfigLayer } from './config.js';
import {
  flagName,
  parseField,
  SIDE_FIELD_NAMES,
  SIDE_FIELDS,
  type SideValues,
} from './config-fields.js';

const SCOPES = [
  { prefix: '', key: 'both', heading: 'Connection, both sides:' },
  { prefix: 'a-', key: 'a', heading: 'Connection, side A:' },
  { prefix: 'b-', key: 'b', heading: 'Connection, side B:' },
] as const;

/** Commander's attribute for a long flag: `a-trust-server-certificate` → `aTrustServerCertificate`. */
const attributeOf = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Adds `--<setting>`, `--a-<setting>` and `--b-<setting>` for every connection setting. */
export function addConnectionOptions(command: Command): Command {
  for (const scope of SCOPES) {
    for (const field of SIDE_FIELD_NAMES) {
      const flag = `${scope.prefix}${flagName(field)}`;
      command.addOption(
        new Option(`--${flag} <${SIDE_FIELDS[field].value}>`, SIDE_FIELDS[field].help).helpGroup(
          scope.heading,
        ),
      );
    }
    // A password on the command line is visible to every user of the machine: refuse it by name.
    const trap = `${scope.prefix}password`;
    command.addOption(
      new Option(`--${trap} <value>`).hideHelp().argParser(() => {
        const variable = `ICMSYNC_${scope.prefix ? `${scope.prefix[0]?.toUpperCase()}_` : ''}PASSWORD`;
        throw new IcmsyncError(
          `--${trap} is not accepted: passwords never go on the command line (set ${variable}, or answer the prompt)`,
          'USAGE',
        );
      }),
    );
  }
  return command;
}

/** The connection flags the user gave, parsed; errors name the flag. */
export function flagLayer(options: Readonly<Record<string, unknown>>): ConfigLayer {
  const layer: Record<'both' | 'a' | 'b', SideValues> = { both: {}, a: {}, b: {} };
  for (const scope of SCOPES) {
    for (const field of SIDE_FIELD_NAMES) {
      const flag = `${scope.prefix}${flagName(field)}`;
      const raw = options[attributeOf(flag)];
      if (raw === undefined) continue;
      try {
        (layer[scope.key] as Record<string, unknown>)[field] = parseField(field, raw);
      } catch (error) {
        throw new IcmsyncError(`--${flag} ${(error as Error).message} (fix the flag)`, 'USAGE');
      }
    }
  }
  return { source: 'flags', ...layer };
}
