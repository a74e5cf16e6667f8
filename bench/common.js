// What the parts of the benchmark share: where the server is, how psql and whole icmsync processes
// are run and timed, the floor's hash, and the historical-shaped table the large cases build.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const RUNS = Number(process.env.BENCH_RUNS ?? 5);
export const HOST = process.env.ICMSYNC_TEST_PG_HOST ?? '127.0.0.1';
export const PORT = Number(process.env.ICMSYNC_TEST_PG_PORT ?? 5432);
export const USER = process.env.ICMSYNC_TEST_PG_USER ?? 'postgres';
export const MEASURE = fileURLToPath(new URL('./measure.js', import.meta.url));
export const ICMSYNC = fileURLToPath(new URL('../bin/icmsync.js', import.meta.url));

export const settings = (database) =>
  Object.freeze({
    engine: 'postgres',
    server: HOST,
    port: PORT,
    instanceName: undefined,
    database,
    user: USER,
    password: undefined,
    domain: undefined,
    encrypt: false,
    trustServerCertificate: false,
    connectTimeoutMs: 15000,
    requestTimeoutMs: 0,
    appName: 'icmsync-bench',
    poolSize: 4,
  });
export const conn = `-h ${HOST} -p ${PORT} -U ${USER} -Xq -v ON_ERROR_STOP=1`;
export const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
export const psql = (database, sql) =>
  execFileSync(
    'psql',
    [
      '-h',
      HOST,
      '-p',
      String(PORT),
      '-U',
      USER,
      '-d',
      database,
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      sql,
    ],
    {
      maxBuffer: 1 << 30,
      env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
    },
  );
/** One value of a one-row, one-column query, as text. */
export const psqlValue = (database, sql) =>
  execFileSync(
    'psql',
    ['-h', HOST, '-p', String(PORT), '-U', USER, '-d', database, '-XAtqc', sql],
    {
      encoding: 'utf8',
    },
  ).trim();
export const timed = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
/** Both servers at once, as status runs them: one psql per side, each with its side's statements. */
export const onBothSides = (databases, sql) =>
  timed(() => {
    const both = `psql ${conn} -d ${databases.a} -c "$SQL_A" >/dev/null & psql ${conn} -d ${databases.b} -c "$SQL_B" >/dev/null; wait`;
    execFileSync('bash', ['-c', both], {
      env: { ...process.env, SQL_A: sql.a, SQL_B: sql.b },
    });
  });
export const quote = (name) => `"${name.replaceAll('"', '""')}"`;
export const tableName = (label) => label.split('.').map(quote).join('.');
/**
 * The floor's hash of every row of a table: count and the sum of md5(row::text)'s first 64 bits.
 * Summed as bigint (exact, in a 128-bit accumulator), which is cheaper than `::numeric` per row.
 */
export const floorHash = (label) =>
  `SELECT count(*), sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint) FROM ${tableName(label)} AS t`;
/** Drops and creates a database, optionally as a copy of another. */
export function createDatabase(database, template) {
  psql('postgres', `DROP DATABASE IF EXISTS ${quote(database)}`);
  psql(
    'postgres',
    `CREATE DATABASE ${quote(database)}${template ? ` TEMPLATE ${quote(template)}` : ''}`,
  );
}
export const dropDatabase = (database) =>
  psql('postgres', `DROP DATABASE IF EXISTS ${quote(database)}`);

/** The environment every icmsync process of the bench runs with. */
export const icmsyncEnv = {
  ...process.env,
  ICMSYNC_ENGINE: 'postgres',
  ICMSYNC_SERVER: HOST,
  ICMSYNC_PORT: String(PORT),
  ICMSYNC_USER: USER,
  ICMSYNC_ENCRYPT: 'false',
};

/**
 * One whole process — `icmsync <args>` through measure.js, or a bench script — on a pair of
 * databases: its wall time from here, its peak RSS from the JSON line it prints last on stderr.
 * Exit codes above `okUpTo` are failures the figures must not hide. Returns stdout.
 */
export function runProcess(script, args, databases, into, okUpTo = 1) {
  const t = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [script, ...args], {
    env: { ...icmsyncEnv, ICMSYNC_A_DATABASE: databases.a, ICMSYNC_B_DATABASE: databases.b },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const last = JSON.parse(child.stderr.trim().split('\n').at(-1));
  if (last.code > okUpTo)
    throw new Error(`${args.join(' ')} failed (exit ${last.code}):\n${child.stderr}`);
  into?.ms.push(ms);
  into?.rss.push(last.maxRssMb);
  return child.stdout;
}
/** One whole `icmsync` process (bin/icmsync.js, as a user runs it). */
export const runIcmsync = (args, databases, into, okUpTo) =>
  runProcess(MEASURE, args, databases, into, okUpTo);

/**
 * A 20-column table shaped like the Logger's `Termination_Call_Detail` (RecoveryKey first, some
 * NULLs and empty strings), filled with `rows` rows by generate_series.
 */
export const historicalTable = (rows) => `CREATE TABLE "Termination_Call_Detail" (
  "RecoveryKey" double precision NOT NULL PRIMARY KEY,
  "DateTime" timestamp(3) NOT NULL,
  "DbDateTime" timestamp(3) NOT NULL,
  "PeripheralID" smallint NOT NULL,
  "RouterCallKeyDay" integer NULL,
  "RouterCallKey" integer NULL,
  "RouterCallKeySequenceNumber" integer NULL,
  "AgentSkillTargetID" integer NULL,
  "SkillGroupSkillTargetID" integer NULL,
  "CallTypeID" integer NULL,
  "PeripheralCallType" smallint NOT NULL,
  "CallDisposition" smallint NOT NULL,
  "Duration" integer NULL,
  "TalkTime" integer NULL,
  "HoldTime" integer NULL,
  "DelayTime" integer NULL,
  "ServiceLevel" double precision NULL,
  "ANI" varchar(32) NULL,
  "DigitsDialed" varchar(40) NULL,
  "Variable1" varchar(40) NULL
);
INSERT INTO "Termination_Call_Detail"
SELECT 310000000000 + g,
  timestamp '2026-11-01' + (g * 37) * interval '1 ms',
  timestamp '2026-11-01' + (g * 37 + 1500 + g % 997) * interval '1 ms',
  5000 + g % 7,
  CASE WHEN g % 11 = 0 THEN NULL ELSE 152000 + g / 100000 END,
  CASE WHEN g % 11 = 0 THEN NULL ELSE g END,
  CASE WHEN g % 11 = 0 THEN NULL ELSE g % 5 END,
  CASE WHEN g % 4 = 0 THEN NULL ELSE 5000 + g % 800 END,
  CASE WHEN g % 4 = 0 THEN NULL ELSE 6000 + g % 60 END,
  CASE WHEN g % 13 = 0 THEN NULL ELSE 7000 + g % 40 END,
  (g % 9)::smallint,
  (g % 34)::smallint,
  g * 7919 % 3600,
  CASE WHEN g % 4 = 0 THEN NULL ELSE g * 104729 % 1800 END,
  CASE WHEN g % 4 = 0 THEN NULL ELSE g % 120 END,
  CASE WHEN g % 6 = 0 THEN NULL ELSE g % 45 END,
  CASE WHEN g % 5 = 0 THEN NULL ELSE (g % 1000) / 7.0::float8 END,
  '+1' || lpad((g * 7919 % 9999999999)::text, 10, '0'),
  CASE WHEN g % 3 = 0 THEN '' ELSE (8000 + g % 9000)::text END,
  CASE WHEN g % 2 = 0 THEN NULL ELSE 'acct=' || md5(g::text) END
FROM generate_series(1::bigint, ${rows}) AS g`;
export const HISTORICAL = 'public.Termination_Call_Detail';

/**
 * Changes `count` rows of the historical table scattered over its keys (key i·step apart, from a
 * fixed odd stride, so no two land together): most updated, `deletes` deleted, and as many new
 * rows inserted halfway between two keys.
 */
export function scatteredChangesSql(rows, count, deletes) {
  const keys = `SELECT i, 310000000000 + 1 + (i * 9901::bigint * ${Math.max(1, Math.floor(rows / 1_000_000))}) % ${rows} AS key FROM generate_series(1, ${count}) AS i`;
  const updates = count - 2 * deletes;
  return `WITH k AS (${keys})
UPDATE "Termination_Call_Detail" t SET "Duration" = coalesce("Duration", 0) + 1, "Variable1" = 'drift ' || k.i
FROM k WHERE t."RecoveryKey" = k.key AND k.i <= ${updates};
WITH k AS (${keys})
DELETE FROM "Termination_Call_Detail" t USING k
WHERE t."RecoveryKey" = k.key AND k.i > ${updates} AND k.i <= ${updates + deletes};
WITH k AS (${keys})
INSERT INTO "Termination_Call_Detail"
SELECT t."RecoveryKey" + 0.5, t."DateTime", t."DbDateTime", t."PeripheralID", t."RouterCallKeyDay",
  t."RouterCallKey", t."RouterCallKeySequenceNumber", t."AgentSkillTargetID",
  t."SkillGroupSkillTargetID", t."CallTypeID", t."PeripheralCallType", t."CallDisposition",
  t."Duration", t."TalkTime", t."HoldTime", t."DelayTime", t."ServiceLevel", t."ANI",
  t."DigitsDialed", 'inserted ' || k.i
FROM "Termination_Call_Detail" t JOIN k ON t."RecoveryKey" = k.key WHERE k.i > ${updates + deletes}`;
}

export const fmtMs = (xs) =>
  `${median(xs).toLocaleString('en-US', { maximumFractionDigits: 0 })} ms`;
export const ratio = (xs, base) => `${(median(xs) / median(base)).toFixed(2)}×`;
export const row = (measure, mine, base, baseName) =>
  console.log(
    `| ${measure} | ${fmtMs(mine)} | ${fmtMs(base)} — ${baseName} | ${ratio(mine, base)} |`,
  );
export const n = (x) => x.toLocaleString('en-US');
export const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
export const rss = (s) =>
  `median ${median(s.rss).toFixed(0)} MB, max ${Math.max(...s.rss).toFixed(0)} MB`;
export const runs = (xs) => xs.map(Math.round).join(', ');
