import { loadEngine } from '../../src/db/engines.js';
import { closePair, openPair } from '../../src/db/open-pair.js';
import {
  EMBEDDED_POOL_SIZE,
  type EmbeddedPostgres,
  startEmbeddedPostgres,
} from '../../src/db/postgres/embedded-postgres.js';
import { LAB_LABEL } from '../../src/lab/create-lab.js';
import type { Database } from '../../src/port/database.js';
import type { ConnectionSettings, EngineName } from '../../src/port/settings.js';
import type { Pair } from '../../src/port/types.js';
import { postgresSettings, uniqueName } from './settings.js';

/** Two empty databases, one per side, for one test. */
export interface FreshPair {
  readonly settings: Pair<ConnectionSettings>;
  /** Drops (or empties) both databases. */
  release(): Promise<void>;
}

/** How the shared integration cases reach an engine. */
export interface PairFixture {
  readonly engine: EngineName;
  /** Quotes an identifier for the fixture's own DDL. */
  quote(name: string): string;
  /** Engine-specific DDL the shared cases need. */
  readonly ddl: {
    /** A table with an identity column, a computed column and a trigger. */
    features(table: string): string;
    /** A table holding every kind of awkward value: keyed by `id`, with text, float, bytes and time. */
    values(table: string, textColumn: string): string;
    /**
     * A table keyed by `id` with one row whose `t` is the time-zone-aware type (`datetimeoffset(7)`,
     * `timestamptz`) holding `literal` (ISO with an offset).
     */
    instant(table: string, literal: string): string;
    /**
     * A table keyed by `name`, a text column with a case-insensitive collation, holding `names`
     * (each with `v` = 1).
     */
    caseInsensitiveKey(table: string, names: readonly string[]): string;
    /**
     * A table with an identity key `id` and a value `qty`, holding `rows` (id, qty), and a trigger
     * that makes every insert, update or delete fail: a write succeeds only with it disabled.
     */
    guarded(table: string, rows: readonly (readonly [number, number])[]): string;
    /** A table keyed by `k decimal(38,0)` holding the given keys (decimal text) with `v` = the key's position. */
    decimalKeyed(table: string, keys: readonly string[]): string;
    /**
     * `<name>_P (id, name)` and `<name>_C (id, parent)` with a foreign key from C to P, holding
     * the given parents and (child, parent) pairs.
     */
    parentChild(
      name: string,
      parents: readonly number[],
      children: readonly (readonly [number, number])[],
    ): string;
    /**
     * A tree: `id` an identity key, `parent` a foreign key to the same table (NULL at a root),
     * `name` Unicode text; holding `rows` (id, parent, name), inserted one by one in that order.
     */
    tree(table: string, rows: readonly (readonly [number, number | null, string])[]): string;
    /**
     * A table keyed by `id` with a column of each exact type a fix script must write back unchanged:
     * `dec` decimal(38,10), `ts` a timestamp with every fractional digit the engine has, `tz` the
     * zone-aware type, `g` a GUID, `flag` a boolean, `big` bigint and `m` money; rows 1 to 3.
     */
    exactTypes(table: string): string;
  };
  /** Ends every session of `program` on `database` (a killed connection mid-sync); servers only. */
  readonly terminate?: (database: string, program: string) => Promise<void>;
  /** Whether the engine's time-zone-aware type keeps the offset it was given (defect 7). */
  readonly keepsOffsets: boolean;
  freshPair(): Promise<FreshPair>;
}

/** Runs `work` on an open pair and closes it whatever happens. */
export async function withPair<T>(
  settings: Pair<ConnectionSettings>,
  work: (pair: Pair<Database>) => Promise<T>,
): Promise<T> {
  const pair = await openPair(settings);
  try {
    return await work(pair);
  } finally {
    await closePair(pair);
  }
}

/** Databases on a server that has an admin connection: created labelled, dropped after. */
export async function adminPair(
  engine: EngineName,
  settingsFor: (database: string) => ConnectionSettings,
): Promise<FreshPair> {
  const name = uniqueName('icmsync_t');
  const settings = { a: settingsFor(`${name}_sideA`), b: settingsFor(`${name}_sideB`) };
  const driver = await loadEngine(engine);
  for (const s of [settings.a, settings.b]) {
    const admin = await driver.openAdmin('A', s);
    try {
      await admin.createDatabase(s.database, LAB_LABEL);
    } finally {
      await admin.close();
    }
  }
  return {
    settings,
    async release() {
      for (const s of [settings.a, settings.b]) {
        const admin = await driver.openAdmin('A', s);
        try {
          await admin.dropDatabase(s.database);
        } finally {
          await admin.close();
        }
      }
    },
  };
}

const quotePostgres = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** DDL of a table keyed by a 38-digit decimal, the same on both engines but for quoting. */
export const decimalKeyed =
  (quote: (name: string) => string) => (t: string, keys: readonly string[]) =>
    `CREATE TABLE ${quote(t)} (k decimal(38,0) NOT NULL PRIMARY KEY, v int NOT NULL);
INSERT INTO ${quote(t)} (k, v) VALUES ${keys.map((k, i) => `(${k}, ${i})`).join(', ')};`;

/** DDL of a parent and a child table joined by a foreign key, the same on both engines but for quoting. */
export const parentChild =
  (quote: (name: string) => string) =>
  (name: string, parents: readonly number[], children: readonly (readonly [number, number])[]) => {
    const p = quote(`${name}_P`);
    const c = quote(`${name}_C`);
    const values = (rows: readonly string[]) =>
      rows.length > 0 ? ` VALUES ${rows.join(', ')}` : '';
    return [
      `CREATE TABLE ${p} (id int NOT NULL PRIMARY KEY, name varchar(20) NOT NULL);`,
      `CREATE TABLE ${c} (id int NOT NULL PRIMARY KEY, parent int NOT NULL REFERENCES ${p} (id));`,
      parents.length > 0
        ? `INSERT INTO ${p} (id, name)${values(parents.map((id) => `(${id}, 'p${id}')`))};`
        : '',
      children.length > 0
        ? `INSERT INTO ${c} (id, parent)${values(children.map(([id, parent]) => `(${id}, ${parent})`))};`
        : '',
    ].join('\n');
  };

const postgresDdl = {
  features: (t: string) => `CREATE TABLE ${quotePostgres(t)} (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  qty integer NOT NULL,
  doubled integer GENERATED ALWAYS AS (qty * 2) STORED,
  note varchar(20) NULL
);
CREATE FUNCTION ${quotePostgres(`${t}_fn`)}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER ${quotePostgres(`${t}_trg`)} BEFORE INSERT ON ${quotePostgres(t)} FOR EACH ROW EXECUTE FUNCTION ${quotePostgres(`${t}_fn`)}();`,
  values: (t: string, text: string) => `CREATE TABLE ${quotePostgres(t)} (
  id integer NOT NULL PRIMARY KEY,
  ${quotePostgres(text)} text NULL,
  f double precision NULL,
  b bytea NULL,
  d timestamp(3) NULL
);`,
  instant: (t: string, literal: string) => `CREATE TABLE ${quotePostgres(t)} (
  id integer NOT NULL PRIMARY KEY,
  t timestamptz(6) NOT NULL
);
INSERT INTO ${quotePostgres(t)} VALUES (1, '${literal}');`,
  // A nondeterministic ICU collation: 'a' = 'A', as under SQL Server's _CI_ collations.
  caseInsensitiveKey: (
    t: string,
    names: readonly string[],
  ) => `CREATE COLLATION IF NOT EXISTS icmsync_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE ${quotePostgres(t)} (
  name varchar(20) COLLATE icmsync_ci NOT NULL PRIMARY KEY,
  v integer NOT NULL
);
INSERT INTO ${quotePostgres(t)} VALUES ${names.map((n) => `('${n}', 1)`).join(', ')};`,
  guarded: (
    t: string,
    rows: readonly (readonly [number, number])[],
  ) => `CREATE TABLE ${quotePostgres(t)} (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  qty integer NOT NULL
);
INSERT INTO ${quotePostgres(t)} (id, qty) OVERRIDING SYSTEM VALUE VALUES ${rows.map(([id, qty]) => `(${id}, ${qty})`).join(', ')};
CREATE FUNCTION ${quotePostgres(`${t}_refuse`)}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'writes to ${t} are refused'; END $$;
CREATE TRIGGER ${quotePostgres(`${t}_guard`)} BEFORE INSERT OR UPDATE OR DELETE ON ${quotePostgres(t)} FOR EACH ROW EXECUTE FUNCTION ${quotePostgres(`${t}_refuse`)}();`,
  tree: (
    t: string,
    rows: readonly (readonly [number, number | null, string])[],
  ) => `CREATE TABLE ${quotePostgres(t)} (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent integer NULL REFERENCES ${quotePostgres(t)} (id),
  name varchar(40) NOT NULL
);
${rows.map(([id, parent, name]) => `INSERT INTO ${quotePostgres(t)} (id, parent, name) OVERRIDING SYSTEM VALUE VALUES (${id}, ${parent ?? 'NULL'}, '${name.replaceAll("'", "''")}');`).join('\n')}`,
  exactTypes: (t: string) => `CREATE TABLE ${quotePostgres(t)} (
  id integer NOT NULL PRIMARY KEY,
  dec numeric(38,10) NULL,
  ts timestamp(6) NULL,
  tz timestamptz(6) NULL,
  g uuid NULL,
  flag boolean NULL,
  big bigint NULL,
  m money NULL
);
INSERT INTO ${quotePostgres(t)} VALUES
  (1, 1234567890123456789012345678.0123456789, '2026-11-24 10:00:00.123456', '2026-11-24 10:00:00.123456+05:30', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, 9223372036854775807, 1234567.89),
  (2, -0.0000000001, '1900-01-01 00:00:00', '1999-12-31 23:59:59.999999-08:00', '00000000-0000-0000-0000-000000000001', false, -9223372036854775808, -0.01),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`,
  decimalKeyed: (t: string, keys: readonly string[]) => decimalKeyed(quotePostgres)(t, keys),
  parentChild: parentChild(quotePostgres),
};

/** Ends the sessions of a program on a PostgreSQL database, from the maintenance database. */
async function terminatePostgres(database: string, program: string): Promise<void> {
  const admin = await (await loadEngine('postgres')).open('A', postgresSettings('postgres'));
  try {
    await admin.runScript(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND application_name = '${program}' AND pid <> pg_backend_pid()`,
    );
  } finally {
    await admin.close();
  }
}

/** The local PostgreSQL server (ICMSYNC_TEST_PG_* override where it is). */
export const postgresFixture: PairFixture = {
  engine: 'postgres',
  quote: quotePostgres,
  ddl: postgresDdl,
  keepsOffsets: false,
  terminate: terminatePostgres,
  freshPair: () => adminPair('postgres', (database) => postgresSettings(database)),
};

/**
 * Two embedded PGlite servers, started once and emptied between tests: PGlite serves a single
 * database, so a fresh pair is a fresh schema.
 */
export function embeddedFixture(): PairFixture & { start(): Promise<void>; stop(): Promise<void> } {
  let servers: EmbeddedPostgres[] = [];
  const settingsOf = (server: EmbeddedPostgres) =>
    postgresSettings(server.database, {
      server: server.host,
      port: server.port,
      poolSize: EMBEDDED_POOL_SIZE,
    });
  return {
    engine: 'postgres',
    quote: quotePostgres,
    ddl: postgresDdl,
    keepsOffsets: false,
    async start() {
      servers = await Promise.all([startEmbeddedPostgres(), startEmbeddedPostgres()]);
    },
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
    },
    async freshPair() {
      const [a, b] = servers;
      if (!a || !b) throw new Error('embedded servers not started');
      const settings = { a: settingsOf(a), b: settingsOf(b) };
      const reset = () =>
        withPair(settings, (pair) =>
          Promise.all(
            [pair.a, pair.b].map((db) =>
              db.runScript('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'),
            ),
          ),
        );
      await reset();
      return { settings, release: async () => void (await reset()) };
    },
  };
}
