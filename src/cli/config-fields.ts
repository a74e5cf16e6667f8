import { PROFILE_NAMES, type ProfileName } from '../icm/profile.js';
import { type ConnectionSettings, ENGINES, type EngineName } from '../port/settings.js';

export type FieldType = 'engine' | 'string' | 'port' | 'boolean' | 'milliseconds' | 'count';

interface FieldSpec {
  readonly type: FieldType;
  /** The value's name in `--help`: `--server <host>`. */
  readonly value: string;
  readonly help: string;
}

/** Every per-side setting, its type and its help; flags, variables and file keys derive from it. */
export const SIDE_FIELDS = {
  engine: { type: 'engine', value: 'engine', help: 'mssql or postgres (default mssql)' },
  server: { type: 'string', value: 'host', help: 'host name or address' },
  port: { type: 'port', value: 'port', help: 'TCP port (default 1433, or 5432 for postgres)' },
  instanceName: {
    type: 'string',
    value: 'name',
    help: 'SQL Server named instance, found through SQL Browser',
  },
  database: { type: 'string', value: 'name', help: 'Logger database, e.g. ucce_sideA' },
  user: { type: 'string', value: 'login', help: 'SQL login, or Windows user when domain is set' },
  domain: {
    type: 'string',
    value: 'domain',
    help: 'Windows domain: log in with NTLM (SQL Server)',
  },
  encrypt: { type: 'boolean', value: 'bool', help: 'use TLS (default true)' },
  trustServerCertificate: {
    type: 'boolean',
    value: 'bool',
    help: 'accept a self-signed certificate (default false)',
  },
  connectTimeoutMs: { type: 'milliseconds', value: 'ms', help: 'connect timeout (default 15000)' },
  requestTimeoutMs: {
    type: 'milliseconds',
    value: 'ms',
    help: 'statement timeout, 0 for none (default 0)',
  },
  appName: {
    type: 'string',
    value: 'name',
    help: 'client name shown to the server (default icmsync)',
  },
  poolSize: { type: 'count', value: 'n', help: 'connections per side (default 4)' },
} as const satisfies Record<string, FieldSpec>;

export type SideField = keyof typeof SIDE_FIELDS;
export const SIDE_FIELD_NAMES = Object.keys(SIDE_FIELDS) as SideField[];

/** Settings as one source gives them, before defaults. */
export type SideValues = { -readonly [K in SideField]?: ConnectionSettings[K] };

/** Most connections per side, and most tables compared at once. */
export const MAX_POOL = 64;

/** `trustServerCertificate` → `TRUST_SERVER_CERTIFICATE`. */
export const envName = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
/** `trustServerCertificate` → `trust-server-certificate`. */
export const flagName = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

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

/** Parses `parallel` (tables compared at once per side); throws `must be …` like {@link parseField}. */
export function parseParallel(raw: unknown): number {
  return parseField('poolSize', raw) as number;
}

/** Parses a profile name; throws `must be …` like {@link parseField}. */
export function parseProfile(raw: unknown): ProfileName {
  if ((PROFILE_NAMES as readonly unknown[]).includes(raw)) return raw as ProfileName;
  throw new Error(`must be ${PROFILE_NAMES.join(' or ')}`);
}
