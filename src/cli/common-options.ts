import { type Command, Option } from 'commander';
import { PROFILE_NAMES, type ProfileName } from '../icm/profile.js';
import { IcmsyncError } from '../port/errors.js';
import type { ConfigLayer } from './config.js';
import { parseParallel } from './config-fields.js';
import { addConnectionOptions } from './connection-options.js';

/** Options every command that connects shares. */
export interface CommonOptions {
  readonly config?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly debug?: boolean;
  readonly profile?: ProfileName;
  readonly parallel?: string;
}

/** Adds `--json`, `--quiet` and `--debug`: every command has them. */
export function addOutputOptions(command: Command): Command {
  return command
    .option('--json', 'print one JSON document on stdout; human text goes to stderr')
    .option('--quiet', 'no progress and no narration on stderr (errors and warnings still print)')
    .option('--debug', 'print stack traces with errors');
}

/** Adds `--config`, `--json`, `--quiet`, `--debug` and the connection flags. */
export function addCommonOptions(command: Command): Command {
  command.option('--config <file>', 'configuration file (default ./icmsync.json)');
  return addConnectionOptions(addOutputOptions(command));
}

/** Adds `--profile` and `--parallel` (commands that compare). */
export function addCompareOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--profile <name>', 'icm (Logger pair) or generic (any same-shaped pair)').choices(
        PROFILE_NAMES,
      ),
    )
    .option('--parallel <n>', 'tables compared at once on each side (default 4)');
}

/** `--profile` and `--parallel` as the last configuration layer. */
export function compareLayer(options: CommonOptions): ConfigLayer {
  let parallel: number | undefined;
  if (options.parallel !== undefined) {
    try {
      parallel = parseParallel(options.parallel);
    } catch (error) {
      throw new IcmsyncError(`--parallel ${(error as Error).message} (fix the flag)`, 'USAGE');
    }
  }
  return {
    source: 'flags',
    ...(options.profile ? { profile: options.profile } : {}),
    ...(parallel ? { parallel } : {}),
  };
}

/** Parses a whole-number flag such as `--scale` or `--missing`. */
export function numberFlag(
  name: string,
  raw: string | undefined,
  fallback: number,
  min = 0,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new IcmsyncError(
      `--${name} must be a number of at least ${min}, not "${raw}" (fix the flag)`,
      'USAGE',
    );
  }
  return value;
}
