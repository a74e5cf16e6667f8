import type { ProfileName } from '../icm/profile.js';
import { IcmsyncError } from '../port/errors.js';
import type { Secret } from '../port/secret.js';
import { serverLabel } from '../port/server-label.js';
import type { ConnectionSettings } from '../port/settings.js';
import type { Pair, Side } from '../port/types.js';
import { DEFAULT_PARALLEL } from '../status/status.js';
import {
  envName,
  flagName,
  parseField,
  parseParallel,
  parseProfile,
  SIDE_FIELD_NAMES,
  type SideField,
  type SideValues,
} from './config-fields.js';
import { closest, settingMeant } from './did-you-mean.js';

/** The documented default of every optional setting. */
export const SIDE_DEFAULTS = {
  engine: 'mssql',
  encrypt: true,
  trustServerCertificate: false,
  connectTimeoutMs: 15_000,
  requestTimeoutMs: 0,
  appName: 'icmsync',
  poolSize: 4,
} as const satisfies SideValues;

const configError = (message: string, side?: Side) =>
  new IcmsyncError(message, 'CONFIG', side ? { side } : {});

/** One source of configuration: a file, the environment, flags, or a lab preset. */
export interface ConfigLayer {
  /** How messages name the source: `icmsync.json`, `environment`, `flags`. */
  readonly source: string;
  readonly both?: SideValues;
  readonly a?: SideValues;
  readonly b?: SideValues;
  readonly profile?: ProfileName;
  readonly parallel?: number;
}

/** Configuration validated once, then frozen. */
export interface ResolvedConfig {
  readonly profile: ProfileName;
  readonly parallel: number;
  readonly sides: Pair<ConnectionSettings>;
}

/** Reads `ICMSYNC_<FIELD>` (both sides) and `ICMSYNC_A_<FIELD>`, `ICMSYNC_B_<FIELD>`. */
export function environmentLayer(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const scope = (prefix: string, side?: Side): SideValues => {
    const out: SideValues = {};
    for (const field of SIDE_FIELD_NAMES) {
      const name = `${prefix}${envName(field)}`;
      const raw = env[name];
      if (raw === undefined || raw === '') continue;
      try {
        (out as Record<string, unknown>)[field] = parseField(field, raw);
      } catch (error) {
        throw configError(`${name} ${(error as Error).message} (fix the variable)`, side);
      }
    }
    return out;
  };
  const layer: { -readonly [K in keyof ConfigLayer]: ConfigLayer[K] } = {
    source: 'environment',
    both: scope('ICMSYNC_'),
    a: scope('ICMSYNC_A_', 'A'),
    b: scope('ICMSYNC_B_', 'B'),
  };
  const setting = <T>(name: string, parse: (raw: unknown) => T): T | undefined => {
    const raw = env[name];
    if (!raw) return undefined;
    try {
      return parse(raw);
    } catch (error) {
      throw configError(`${name} ${(error as Error).message} (fix the variable)`);
    }
  };
  const profile = setting('ICMSYNC_PROFILE', parseProfile);
  const parallel = setting('ICMSYNC_PARALLEL', parseParallel);
  if (profile) layer.profile = profile;
  if (parallel) layer.parallel = parallel;
  return layer;
}

/** The variables icmsync reads besides `ICMSYNC_[A_|B_]<SETTING>`. */
const OTHER_VARIABLES = ['CONFIG', 'PROFILE', 'PARALLEL', 'PASSWORD'] as const;

/** The test suites' own variables (`ICMSYNC_TEST_PG_HOST`…): icmsync itself ignores them. */
const TEST_PREFIX = 'ICMSYNC_TEST_';

/** Every variable icmsync reads. */
export function knownVariables(): ReadonlySet<string> {
  const names = OTHER_VARIABLES.map((v) => `ICMSYNC_${v}`);
  for (const scope of ['', 'A_', 'B_']) {
    names.push(`ICMSYNC_${scope}PASSWORD`);
    for (const field of SIDE_FIELD_NAMES) names.push(`ICMSYNC_${scope}${envName(field)}`);
  }
  return new Set(names);
}

/**
 * A warning for each `ICMSYNC_*` variable icmsync does not read, with the one it most likely
 * meant: the file is strict, and a misspelt variable is as silently ignored as a misspelt key.
 */
export function unknownVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  const known = knownVariables();
  return Object.keys(env)
    .filter((name) => name.startsWith('ICMSYNC_') && !name.startsWith(TEST_PREFIX))
    .filter((name) => !known.has(name))
    .sort()
    .map((name) => {
      const rest = name.slice('ICMSYNC_'.length);
      const scope = /^[AB]_/i.test(rest) ? rest.slice(0, 2).toUpperCase() : '';
      const tail = rest.slice(scope.length);
      const field = settingMeant(tail);
      const other = closest(tail, scope ? ['PASSWORD'] : OTHER_VARIABLES);
      const meant = field
        ? `ICMSYNC_${scope}${envName(field)}`
        : other && `ICMSYNC_${scope}${other}`;
      return `${name} is not a variable icmsync reads, so it is ignored${meant ? ` (did you mean ${meant}?)` : ' (the variables are listed under Environment in --help)'}`;
    });
}

/** What {@link resolveConfig} says when a required setting is missing. */
export interface ResolveContext {
  /** The folder searched for an `icmsync.json` that was not there; unset when a file was read. */
  readonly noFileIn?: string;
}

function missing(side: Side, field: SideField, context: ResolveContext): IcmsyncError {
  const key = side.toLowerCase();
  const noFile = context.noFileIn ? `no icmsync.json in ${context.noFileIn}; ` : '';
  return configError(
    `no ${field} configured (${noFile}set ${key}.${field} in icmsync.json, ICMSYNC_${side}_${envName(field)} or --${key}-${flagName(field)}; or try icmsync demo)`,
    side,
  );
}

/** Gives a side its password source once its user and server are known. */
export type PasswordSource = (side: Side, who: string) => Secret | undefined;

function settingsFor(
  side: Side,
  layers: readonly ConfigLayer[],
  passwordFor: PasswordSource,
  context: ResolveContext,
): ConnectionSettings {
  const key = side === 'A' ? 'a' : 'b';
  const merged: SideValues = { ...SIDE_DEFAULTS };
  for (const layer of layers) Object.assign(merged, layer.both, layer[key]);
  const engine = merged.engine ?? SIDE_DEFAULTS.engine;
  if (!merged.server) throw missing(side, 'server', context);
  if (!merged.database) throw missing(side, 'database', context);
  if (engine === 'mssql' && !merged.user) throw missing(side, 'user', context);
  if (merged.instanceName && merged.port !== undefined) {
    throw configError(
      `give a port or an instanceName, not both (the instance's port comes from SQL Browser)`,
      side,
    );
  }
  if (engine === 'postgres' && (merged.instanceName || merged.domain)) {
    throw configError(
      `instanceName and domain are SQL Server settings (remove them for a postgres side)`,
      side,
    );
  }
  const location = {
    engine,
    server: merged.server,
    port: merged.port,
    instanceName: merged.instanceName,
  };
  const password = passwordFor(side, `${merged.user ?? '(default user)'}@${serverLabel(location)}`);
  return Object.freeze({
    engine,
    server: merged.server,
    port: merged.port,
    instanceName: merged.instanceName,
    database: merged.database,
    user: merged.user,
    password,
    domain: merged.domain,
    encrypt: merged.encrypt ?? SIDE_DEFAULTS.encrypt,
    trustServerCertificate: merged.trustServerCertificate ?? SIDE_DEFAULTS.trustServerCertificate,
    connectTimeoutMs: merged.connectTimeoutMs ?? SIDE_DEFAULTS.connectTimeoutMs,
    requestTimeoutMs: merged.requestTimeoutMs ?? SIDE_DEFAULTS.requestTimeoutMs,
    appName: merged.appName ?? SIDE_DEFAULTS.appName,
    poolSize: merged.poolSize ?? SIDE_DEFAULTS.poolSize,
  });
}

/**
 * Merges the layers (later wins: preset, file, environment, flags; within a layer a side's own
 * value beats `both`) and validates the result once.
 */
export function resolveConfig(
  layers: readonly ConfigLayer[],
  passwordFor: PasswordSource,
  context: ResolveContext = {},
): ResolvedConfig {
  const a = settingsFor('A', layers, passwordFor, context);
  const b = settingsFor('B', layers, passwordFor, context);
  if (a.engine !== b.engine) {
    throw configError(
      `A uses ${a.engine} and B uses ${b.engine}: both sides must use the same engine (fix engine)`,
    );
  }
  const where = (s: ConnectionSettings) =>
    `${serverLabel(s).toLowerCase()}/${s.database.toLowerCase()}`;
  if (where(a) === where(b)) {
    throw configError(
      `A and B both point at database ${a.database} on ${serverLabel(a)} (point each side at its own Logger database)`,
    );
  }
  let profile: ProfileName = 'icm';
  let parallel = DEFAULT_PARALLEL;
  for (const layer of layers) {
    profile = layer.profile ?? profile;
    parallel = layer.parallel ?? parallel;
  }
  return Object.freeze({ profile, parallel, sides: Object.freeze({ a, b }) });
}
