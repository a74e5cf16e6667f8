import { Socket } from 'node:net';
import pg from 'pg';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';
import { connectError } from './errors.js';

/**
 * Session settings that make every text rendering the checksum and the exact values rely on
 * deterministic, whatever the server's defaults: ISO dates in UTC, shortest exact floats (PostgreSQL
 * 12 and later), hex bytea, and money in the C locale (`$1,234.50`) rather than the server's. JIT
 * is off: diff's bucket statement is one long CASE, and compiling it in every parallel worker took
 * longer than the hashing itself (2.8 s of 4.3 s on a 1M-row table), while no statement of
 * icmsync's ran measurably faster compiled.
 */
export const SESSION_OPTIONS =
  '-c DateStyle=ISO,YMD -c TimeZone=UTC -c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex -c lc_monetary=C -c jit=off';

/** Date and time types kept as the server's text, so no value passes through a local time zone. */
const RAW_TEXT_TYPES = new Set([1082, 1083, 1114, 1184, 1186, 1266]);
/** `bytea`, the one type whose exact form is its bytes rather than text. */
const BYTEA = 17;

const identity = (text: string) => text;

/** The parsers for catalog and administration queries: numbers and booleans as JS values. */
const catalogTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (RAW_TEXT_TYPES.has(oid)) return identity;
    return format === 'binary'
      ? pg.types.getTypeParser(oid, 'binary')
      : pg.types.getTypeParser(oid);
  },
} as unknown as pg.CustomTypesConfig;

/**
 * The parsers for rows read in exact form: every value stays the server's own text, except bytea,
 * which becomes its bytes. No value passes through a JS number or Date.
 */
export const EXACT_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === BYTEA) return pg.types.getTypeParser(oid, format ?? 'text');
    return identity;
  },
} as unknown as pg.CustomTypesConfig;

/** The `pg` pool options for a side's settings; the password is asked for only if the server wants one. */
export function toPoolConfig(
  settings: ConnectionSettings,
  database = settings.database,
): pg.PoolConfig {
  const secret = settings.password;
  return {
    host: settings.server,
    port: settings.port ?? 5432,
    database,
    user: settings.user,
    ...(secret ? { password: () => secret.reveal() } : {}),
    ssl: settings.encrypt ? { rejectUnauthorized: !settings.trustServerCertificate } : false,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    ...(settings.requestTimeoutMs > 0 ? { statement_timeout: settings.requestTimeoutMs } : {}),
    application_name: settings.appName,
    // TCP keepalive after 30 s idle, as tedious does for SQL Server: a sync's own session can sit
    // idle holding its lock while other sessions copy, and firewalls drop silent connections.
    keepAlive: true,
    keepAliveInitialDelayMillis: 30_000,
    max: settings.poolSize,
    options: SESSION_OPTIONS,
    types: catalogTypes,
  };
}

/** An open pool and what its first round trip said about the server. */
export interface OpenedPool {
  readonly pool: pg.Pool;
  readonly config: pg.PoolConfig;
  /** `version()`: PostgreSQL's own, or PGlite's. */
  readonly version: string;
}

/** Opens a pool and proves it with one round trip (which also says what server it is), explaining any failure. */
export async function openPool(
  side: Side,
  settings: ConnectionSettings,
  database?: string,
): Promise<OpenedPool> {
  // pg leaves the socket open when it fails a login on its own side (no password to give the
  // server), which would keep the process alive: track the first sockets to close them on failure.
  const sockets = new Set<Socket>();
  const config = toPoolConfig(settings, database);
  const pool = new pg.Pool({
    ...config,
    stream: () => {
      const socket = new Socket();
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      return socket;
    },
  });
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const { rows } = await pool.query<{ v: string }>('SELECT version() AS v');
    return { pool, config, version: rows[0]?.v ?? '' };
  } catch (error) {
    await pool.end().catch(() => {});
    for (const socket of sockets) socket.destroy();
    throw connectError(side, settings, error);
  }
}
