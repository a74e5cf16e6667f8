import { IcmsyncError } from '../core/errors.js';
import { PROFILE_NAMES, type ProfileName } from '../core/profile.js';
import { DEFAULT_PARALLEL } from '../core/status.js';
import type { Pair, Side } from '../core/types.js';
import { type ConnectionSettings, ENGINES, type EngineName } from '../db/database.js';
import type { Secret } from '../db/secret.js';
import { serverLabel } from '../db/server-label.js';

type FieldType = 'engine' | 'string' | 'port' | 'boolean' | 'milliseconds' | 'count';

interface FieldSpec {
  readonly type: FieldType;
  readonly help: string;
}

/** Every per-side setting, its type and its help; flags, variables and file keys derive from it. */
export const SIDE_FIELDS = {
  engine: { type: 'engine', help: 'mssql or postgres (default mssql)' },
  server: { type: 'string', help: 'host name or address' },
  port: { type: 'port', help: 'TCP port (default 1433, or 5432 for postgres)' },
  instanceName: { type: 'string', help: 'SQL Server named instance, found through SQL Browser' },
  database: { type: 'string', help: 'Logger database, e.g. ucce_sideA' },
  user: { type: 'string', help: 'SQL login, or Windows user when domain is set' },
  domain: { type: 'string', help: 'Windows domain: log in with NTLM (SQL Server)' },
  encrypt: { type: 'boolean', help: 'use TLS (default true)' },
  trustServerCertificate: {
    type: 'boolean',
    help: 'accept a self-signed certificate (default false)',
  },
  connectTimeoutMs: { type: 'milliseconds', help: 'connect timeout (default 15000)' },
  requestTimeoutMs: { type: 'milliseconds', help: 'statement timeout, 0 for none (default 0)' },
  appName: { type: 'string', help: 'client name shown to the server (default icmsync)' },
  poolSize: { type: 'count', help: 'connections per side (default 4)' },
} as const satisfies Record<string, FieldSpec>;

export type SideField = keyof typeof SIDE_FIELDS;
export const SIDE_FIELD_NAMES = Object.keys(SIDE_FIELDS) as SideField[];

/** Settings as one source gives them, before defaults. */
export type SideValues = { -readonly [K in SideField]?: ConnectionSettings[K] };

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

const DEFAULTS = {
  engine: 'mssql',
  encrypt: true,
  trustServerCertificate: false,
  connectTimeoutMs: 15_000,
  requestTimeoutMs: 0,
  appName: 'icmsync',
  poolSize: 4,
} as const satisfies SideValues;

const MAX_POOL = 64;

/** `trustServerCertificate` → `TRUST_SERVER_CERTIFICATE`. */
export const envName = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
/** `trustServerCertificate` → `trust-server-certificate`. */
export const flagName = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const configError = (message: string, side?: Side) =>
  new IcmsyncError(message, 'CONFIG', side ? { side } : {});

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/**
 * Parses one setting from text (environment, flags) or a JSON value (file). Throws a message
 * fragment (`must be …`) that the caller places after the setting's name.
 */
export function parseField(field: SideField, raw: unknown): ConnectionSettings[SideField] {
  const type: FieldType = SIDE_FIELDS[field].type;
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const integer = (min: number, max: number, what: string) => {
    const n =
      typeof text === 'number'
        ? text
        : typeof text === 'string' && /^\d+$/.test(text)
          ? Number(text)
          : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`must be ${what}`);
    return n;
  };
  switch (type) {
    case 'engine':
      if (typeof text === 'string' && (ENGINES as readonly string[]).includes(text))
        return text as EngineName;
      throw new Error(`must be ${ENGINES.join(' or ')}`);
    case 'string':
      if (typeof text === 'string' && text.length > 0) return text;
      throw new Error('must be a non-empty string');
    case 'port':
      return integer(1, 65_535, 'an integer from 1 to 65535');
    case 'milliseconds':
      return integer(0, 86_400_000, 'a whole number of milliseconds (0 to 86400000)');
    case 'count':
      return integer(1, MAX_POOL, `an integer from 1 to ${MAX_POOL}`);
    case 'boolean':
      if (typeof text === 'boolean') return text;
      if (typeof text === 'string' && TRUE.has(text.toLowerCase())) return true;
      if (typeof text === 'string' && FALSE.has(text.toLowerCase())) return false;
      throw new Error('must be true or false');
  }
}

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

/** The candidate a typo most likely meant, if any is close enough. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const scored = candidates.map((c) => ({ c, d: distance(lower, c.toLowerCase()) }));
  const best = scored.sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(1, Math.floor(word.length / 3)) ? best.c : undefined;
}

function parseSideObject(source: string, path: string, value: unknown): SideValues {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError(`${source}: ${path} must be an object of connection settings (fix the file)`);
  }
  const out: SideValues = {};
  for (const [key, raw] of Object.entries(value)) {
    if (key === 'password') {
      throw configError(
        `${source}: ${path}.password is not allowed: passwords come only from ICMSYNC_${path === 'both' ? '' : `${path.toUpperCase()}_`}PASSWORD or a prompt (remove it from the file)`,
      );
    }
    if (!(key in SIDE_FIELDS)) {
      const hint = closest(key, SIDE_FIELD_NAMES);
      throw configError(
        `${source}: unknown key "${path}.${key}"${hint ? ` (did you mean "${hint}"?)` : ' (remove it)'}`,
      );
    }
    const field = key as SideField;
    try {
      (out as Record<string, unknown>)[field] = parseField(field, raw);
    } catch (error) {
      throw configError(`${source}: ${path}.${field} ${(error as Error).message} (fix the file)`);
    }
  }
  return out;
}

const TOP_KEYS = ['$schema', 'profile', 'parallel', 'both', 'a', 'b'] as const;

/** Parses the text of an `icmsync.json`; unknown keys and wrong types are errors. */
export function parseConfigFile(source: string, text: string): ConfigLayer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw configError(`${source}: not valid JSON: ${(error as Error).message} (fix the file)`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw configError(`${source}: must hold a JSON object with "a" and "b" (fix the file)`);
  }
  const file = json as Record<string, unknown>;
  for (const key of Object.keys(file)) {
    if (!(TOP_KEYS as readonly string[]).includes(key)) {
      const hint = closest(key, TOP_KEYS);
      throw configError(
        `${source}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ' (remove it)'}`,
      );
    }
  }
  const profile = file.profile;
  if (profile !== undefined && !(PROFILE_NAMES as readonly unknown[]).includes(profile)) {
    throw configError(`${source}: profile must be ${PROFILE_NAMES.join(' or ')} (fix the file)`);
  }
  const parallel = file.parallel;
  if (
    parallel !== undefined &&
    (!Number.isInteger(parallel) || (parallel as number) < 1 || (parallel as number) > MAX_POOL)
  ) {
    throw configError(
      `${source}: parallel must be an integer from 1 to ${MAX_POOL} (fix the file)`,
    );
  }
  return {
    source,
    ...(file.both !== undefined ? { both: parseSideObject(source, 'both', file.both) } : {}),
    ...(file.a !== undefined ? { a: parseSideObject(source, 'a', file.a) } : {}),
    ...(file.b !== undefined ? { b: parseSideObject(source, 'b', file.b) } : {}),
    ...(profile !== undefined ? { profile: profile as ProfileName } : {}),
    ...(parallel !== undefined ? { parallel: parallel as number } : {}),
  };
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
  const profile = env.ICMSYNC_PROFILE;
  if (profile) {
    if (!(PROFILE_NAMES as readonly string[]).includes(profile)) {
      throw configError(`ICMSYNC_PROFILE must be ${PROFILE_NAMES.join(' or ')} (fix the variable)`);
    }
    layer.profile = profile as ProfileName;
  }
  const parallel = env.ICMSYNC_PARALLEL;
  if (parallel) {
    try {
      layer.parallel = parseField('poolSize', parallel) as number;
    } catch {
      throw configError(
        `ICMSYNC_PARALLEL must be an integer from 1 to ${MAX_POOL} (fix the variable)`,
      );
    }
  }
  return layer;
}

function missing(side: Side, field: SideField): IcmsyncError {
  const key = side.toLowerCase();
  return configError(
    `no ${field} configured (set ${key}.${field} in icmsync.json, ICMSYNC_${side}_${envName(field)} or --${key}-${flagName(field)}; or try icmsync demo)`,
    side,
  );
}

/** Gives a side its password source once its user and server are known. */
export type PasswordSource = (side: Side, who: string) => Secret | undefined;

function settingsFor(
  side: Side,
  layers: readonly ConfigLayer[],
  passwordFor: PasswordSource,
): ConnectionSettings {
  const key = side === 'A' ? 'a' : 'b';
  const merged: SideValues = { ...DEFAULTS };
  for (const layer of layers) Object.assign(merged, layer.both, layer[key]);
  const engine = merged.engine ?? DEFAULTS.engine;
  if (!merged.server) throw missing(side, 'server');
  if (!merged.database) throw missing(side, 'database');
  if (engine === 'mssql' && !merged.user) throw missing(side, 'user');
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
    encrypt: merged.encrypt ?? DEFAULTS.encrypt,
    trustServerCertificate: merged.trustServerCertificate ?? DEFAULTS.trustServerCertificate,
    connectTimeoutMs: merged.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    requestTimeoutMs: merged.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    appName: merged.appName ?? DEFAULTS.appName,
    poolSize: merged.poolSize ?? DEFAULTS.poolSize,
  });
}

/**
 * Merges the layers (later wins: preset, file, environment, flags; within a layer a side's own
 * value beats `both`) and validates the result once.
 */
export function resolveConfig(
  layers: readonly ConfigLayer[],
  passwordFor: PasswordSource,
): ResolvedConfig {
  const a = settingsFor('A', layers, passwordFor);
  const b = settingsFor('B', layers, passwordFor);
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
