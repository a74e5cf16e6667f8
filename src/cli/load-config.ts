import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { IcmsyncError } from '../port/errors.js';
import { Secret } from '../port/secret.js';
import type { Side } from '../port/types.js';
import {
  type ConfigLayer,
  environmentLayer,
  type PasswordSource,
  type ResolvedConfig,
  resolveConfig,
  unknownVariables,
} from './config.js';
import { parseConfigFile } from './config-file.js';
import { flagLayer } from './connection-options.js';
import { type CliIo, warn } from './io.js';
import { promptSecret } from './prompt.js';

/** The file read when `--config` is not given, from the working directory. */
export const DEFAULT_CONFIG_FILE = 'icmsync.json';

/** What a command passes to {@link loadConfig}. */
export interface LoadConfigOptions {
  /** `--config`: a file that must exist. */
  readonly configPath?: string | undefined;
  /** The command's parsed options (connection flags among them). */
  readonly flags: Readonly<Record<string, unknown>>;
  /** Defaults that come before the file (a lab or demo preset). */
  readonly preset?: ConfigLayer;
  /** Command-level settings from flags (`--profile`, `--parallel`). */
  readonly command?: ConfigLayer;
}

async function fileLayer(io: CliIo, configPath: string | undefined): Promise<ConfigLayer | null> {
  const explicit = configPath ?? io.env.ICMSYNC_CONFIG;
  const path = resolve(io.cwd, explicit ?? DEFAULT_CONFIG_FILE);
  if (!explicit && !existsSync(path)) return null;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
    throw new IcmsyncError(
      `config file ${path}: ${why} (check --config or ICMSYNC_CONFIG)`,
      'CONFIG',
      { cause: error },
    );
  }
  return parseConfigFile(explicit ?? DEFAULT_CONFIG_FILE, text);
}

/**
 * Passwords come from ICMSYNC_<SIDE>_PASSWORD, ICMSYNC_PASSWORD, or a prompt on a terminal. Prompts
 * run one after the other (two at once would both read the same keystrokes), and a login shared by
 * both sides on the same server is asked for once.
 */
export function passwordSource(io: CliIo): PasswordSource {
  const asked = new Map<string, Secret>();
  let previous: Promise<unknown> = Promise.resolve();
  return (side: Side, who: string) => {
    const value = io.env[`ICMSYNC_${side}_PASSWORD`] ?? io.env.ICMSYNC_PASSWORD;
    if (value) return Secret.of(value);
    if (!io.stdin.isTTY) return undefined;
    const shared = asked.get(who);
    if (shared) return shared;
    const question = `Password for ${who} (side ${side}): `;
    const secret = Secret.lazy(() => {
      // After an interrupted prompt, the next one fails the same way instead of asking again.
      const answer = previous.then(() => promptSecret(io, question));
      previous = answer;
      return answer;
    });
    asked.set(who, secret);
    return secret;
  };
}

/** Warns on stderr about each `ICMSYNC_*` variable icmsync does not read. */
export function warnUnknownVariables(io: CliIo): void {
  for (const message of unknownVariables(io.env)) warn(io, message);
}

/** Reads the file, the environment and the flags, and resolves them into frozen settings. */
export async function loadConfig(io: CliIo, options: LoadConfigOptions): Promise<ResolvedConfig> {
  warnUnknownVariables(io);
  const file = await fileLayer(io, options.configPath);
  const layers = [
    options.preset,
    file,
    environmentLayer(io.env),
    flagLayer(options.flags),
    options.command,
  ].filter((layer): layer is ConfigLayer => Boolean(layer));
  return resolveConfig(layers, passwordSource(io), file ? {} : { noFileIn: io.cwd });
}
