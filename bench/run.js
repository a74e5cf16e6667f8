// icmsync benchmarks, with public tools only (Node and psql), against the local PostgreSQL.
//
//   npm run bench                      # lab scale 200 (about 200,000 compared rows per side)
//   BENCH_SCALE=300 BENCH_RUNS=7 BENCH_WIDE_ROWS=2000000 npm run bench
//
// 1. status on a drifted lab pair (icm profile): `icmsync status`, the whole process, against an
//    independent floor: psql on both sides at once computing, over the compared tables, count(*)
//    and the sum of the first 64 bits of md5(row::text), plus count and max RecoveryKey of the
//    historical tables. Also against the statements status itself sends, run by psql the same way,
//    and against merely counting the compared rows.
// 2. status on one 1M-row, 20-column historical-shaped table per side (--profile generic), against
//    the same floor.
// 3. bulk load: the adapter's bulk path (COPY FROM STDIN, what the lab and sync write through) on the
//    largest table, against the native pipe `psql COPY … TO STDOUT | psql COPY … FROM STDIN`.
// Each icmsync run alternates with its baselines, BENCH_RUNS times; medians and ratios are printed.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closePair, openPair } from '../dist/db/open-pair.js';
import { checksumSql } from '../dist/db/postgres/checksum-sql.js';
import { postgresEngine } from '../dist/db/postgres/database.js';
import { icmProfile } from '../dist/icm/icm-profile.js';
import { createLabPair, dropLabPair } from '../dist/lab/create-lab.js';
import { STATE_TRANSFER_DRIFT } from '../dist/lab/drift.js';
import { readStatus } from '../dist/status/status.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Rows per side of the wide-table case. */
const WIDE_ROWS = Number(process.env.BENCH_WIDE_ROWS ?? 1_000_000);
const HOST = process.env.ICMSYNC_TEST_PG_HOST ?? '127.0.0.1';
const PORT = Number(process.env.ICMSYNC_TEST_PG_PORT ?? 5432);
const USER = process.env.ICMSYNC_TEST_PG_USER ?? 'postgres';
const INSTANCE = 'icmsync_bench';
const WIDE = 'icmsync_bench_wide';
const MEASURE = fileURLToPath(new URL('./measure.js', import.meta.url));
const ICMSYNC = fileURLToPath(new URL('../bin/icmsync.js', import.meta.url));

const settings = (database) =>
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
const pair = { a: settings(`${INSTANCE}_sideA`), b: settings(`${INSTANCE}_sideB`) };
const wide = { a: `${WIDE}_sideA`, b: `${WIDE}_sideB` };
const conn = `-h ${HOST} -p ${PORT} -U ${USER} -Xq -v ON_ERROR_STOP=1`;
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const psql = (database, sql) =>
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
const timed = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
/** Both servers at once, as status runs them: one psql per side, each with its side's statements. */
const onBothSides = (databases, sql) =>
  timed(() => {
    const both = `psql ${conn} -d ${databases.a} -c "$SQL_A" >/dev/null & psql ${conn} -d ${databases.b} -c "$SQL_B" >/dev/null; wait`;
    execFileSync('bash', ['-c', both], {
      env: { ...process.env, SQL_A: sql.a, SQL_B: sql.b },
    });
  });
const quote = (name) => `"${name.replaceAll('"', '""')}"`;
const tableName = (label) => label.split('.').map(quote).join('.');
/**
 * The floor's hash of every row of a table: count and the sum of md5(row::text)'s first 64 bits.
 * Summed as bigint (exact, in a 128-bit accumulator), which is cheaper than `::numeric` per row.
 */
const floorHash = (label) =>
  `SELECT count(*), sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint) FROM ${tableName(label)} AS t`;
const growthSql = (growing) =>
  growing.map((g) => `SELECT count(*), max("RecoveryKey") FROM ${tableName(g.table)}`);

const env = {
  ...process.env,
  ICMSYNC_ENGINE: 'postgres',
  ICMSYNC_SERVER: HOST,
  ICMSYNC_PORT: String(PORT),
  ICMSYNC_USER: USER,
  ICMSYNC_ENCRYPT: 'false',
};
/** One whole `icmsync status` process; its wall time from here, its peak RSS from measure.js. */
function runStatus(databases, args, into) {
  const t = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [MEASURE, 'status', ...args], {
    env: { ...env, ICMSYNC_A_DATABASE: databases.a, ICMSYNC_B_DATABASE: databases.b },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const last = JSON.parse(child.stderr.trim().split('\n').at(-1));
  // 0 equal, 1 differs (the drifted lab); anything else is a failure the figures must not hide.
  if (last.code > 1) throw new Error(`status failed (exit ${last.code}):\n${child.stderr}`);
  into.ms.push(ms);
  into.rss.push(last.maxRssMb);
}

/** The wide case's table: the columns of a historical table (RecoveryKey first), some NULLs. */
const WIDE_TABLE = `CREATE TABLE "Termination_Call_Detail" (
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
FROM generate_series(1::bigint, ${WIDE_ROWS}) AS g`;

const labStatus = { ms: [], rss: [] };
const labFloor = [];
const hashing = [];
const counting = [];
const wideStatus = { ms: [], rss: [] };
const wideFloor = [];
const startup = [];
const bulk = [];
const pipe = [];
let comparedRows = 0;
let historicalRows = 0;
let bulkRows = 0;
const scratch = `${INSTANCE}_copy`;

try {
  console.log(`Building the lab pair at scale ${SCALE}…`);
  let t = Date.now();
  const built = await createLabPair(postgresEngine, pair, {
    seed: 1,
    scale: SCALE,
    drift: STATE_TRANSFER_DRIFT,
    replace: true,
  });
  for (const side of [pair.a, pair.b]) psql(side.database, 'VACUUM ANALYZE');
  console.log(`  ${built.a.rows + built.b.rows} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  // What status compares on each side, and the statements it sends (for the second baseline).
  const open = await openPair(pair);
  const report = await readStatus(open, icmProfile);
  const catalogs = { a: await open.a.readCatalog(), b: await open.b.readCatalog() };
  await closePair(open);
  const comparedOn = (side) =>
    report.tables.filter((c) => c.checksums[side] !== null).map((c) => c.table);
  const lab = { a: pair.a.database, b: pair.b.database };
  const floorSql = {};
  const hashSql = {};
  for (const side of ['a', 'b']) {
    const growth = growthSql(report.sides[side].growing);
    floorSql[side] = [...comparedOn(side).map(floorHash), ...growth].join(';\n');
    const shapes = catalogs[side].tables.filter((s) =>
      comparedOn(side).includes(`${s.schema}.${s.name}`),
    );
    hashSql[side] = [...shapes.map((s) => checksumSql(s, 'A').text), ...growth].join(';\n');
  }
  const countSql = comparedOn('a')
    .map((label) => `SELECT count(*) FROM ${tableName(label)}`)
    .join(';\n');
  comparedRows = report.tables.reduce(
    (n, c) => n + (c.checksums.a?.rows ?? 0) + (c.checksums.b?.rows ?? 0),
    0,
  );
  historicalRows = ['a', 'b'].reduce(
    (n, side) => n + report.sides[side].growing.reduce((m, g) => m + g.rows, 0),
    0,
  );

  console.log(`Building the wide pair (${WIDE_ROWS} rows per side)…`);
  t = Date.now();
  for (const database of [wide.b, wide.a])
    psql('postgres', `DROP DATABASE IF EXISTS ${quote(database)}`);
  psql('postgres', `CREATE DATABASE ${quote(wide.a)}`);
  psql(wide.a, WIDE_TABLE);
  psql(wide.a, 'VACUUM ANALYZE');
  psql('postgres', `CREATE DATABASE ${quote(wide.b)} TEMPLATE ${quote(wide.a)}`);
  console.log(`  ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const wideFloorSql = floorHash('public.Termination_Call_Detail');

  // One unmeasured round, so every measured one finds the same warm caches.
  runStatus(lab, [], { ms: [], rss: [] });
  runStatus(wide, ['--profile', 'generic'], { ms: [], rss: [] });
  onBothSides(lab, floorSql);
  onBothSides(wide, { a: wideFloorSql, b: wideFloorSql });

  console.log(`Timing, ${RUNS} rounds…`);
  for (let run = 0; run < RUNS; run++) {
    // Alternate which goes first, so neither always follows the other's cache effects.
    const first = run % 2 === 0;
    if (first) runStatus(lab, [], labStatus);
    labFloor.push(onBothSides(lab, floorSql));
    if (!first) runStatus(lab, [], labStatus);
    hashing.push(onBothSides(lab, hashSql));
    counting.push(timed(() => psql(pair.a.database, countSql)));
    if (first) runStatus(wide, ['--profile', 'generic'], wideStatus);
    wideFloor.push(onBothSides(wide, { a: wideFloorSql, b: wideFloorSql }));
    if (!first) runStatus(wide, ['--profile', 'generic'], wideStatus);
    startup.push(timed(() => execFileSync(process.execPath, [ICMSYNC, '--version'])));
  }

  // Bulk load: the largest table, through the adapter versus the native COPY pipe.
  const big = catalogs.a.tables.find((s) => s.name === 'Termination_Call_Detail');
  const createCopy = `CREATE TABLE t (${big.columns.map((c) => `"${c.name}" ${c.type}${c.nullable ? '' : ' NOT NULL'}`).join(', ')}, PRIMARY KEY ("RecoveryKey"))`;
  psql('postgres', `DROP DATABASE IF EXISTS ${quote(scratch)}`);
  psql('postgres', `CREATE DATABASE ${quote(scratch)}`);
  for (let run = 0; run < RUNS; run++) {
    psql(scratch, 'DROP TABLE IF EXISTS t');
    psql(scratch, createCopy);
    pipe.push(
      timed(() => {
        execFileSync('bash', [
          '-c',
          `psql ${conn} -d ${pair.a.database} -c 'COPY "public"."Termination_Call_Detail" TO STDOUT' | psql ${conn} -d ${scratch} -c 'COPY t FROM STDIN'`,
        ]);
      }),
    );
    psql(scratch, 'TRUNCATE t');
    const source = await postgresEngine.open('A', pair.a);
    const target = await postgresEngine.open('B', settings(scratch));
    const shape = (await target.readCatalog()).tables.find((s) => s.name === 't');
    t = process.hrtime.bigint();
    bulkRows = await target.bulkInsert(shape, source.readRows(big, { batchSize: 5000 }));
    bulk.push(Number(process.hrtime.bigint() - t) / 1e6);
    await Promise.all([source.close(), target.close()]);
  }
} finally {
  for (const database of [scratch, wide.a, wide.b])
    psql('postgres', `DROP DATABASE IF EXISTS ${quote(database)}`);
  await dropLabPair(postgresEngine, pair);
}

const ms = (xs) => `${median(xs).toLocaleString('en-US', { maximumFractionDigits: 0 })} ms`;
const ratio = (xs, base) => `${(median(xs) / median(base)).toFixed(2)}×`;
const row = (measure, mine, base, baseName) =>
  console.log(`| ${measure} | ${ms(mine)} | ${ms(base)} — ${baseName} | ${ratio(mine, base)} |`);
const n = (x) => x.toLocaleString('en-US');
console.log(
  `\nnode ${process.version}, PostgreSQL at ${HOST}:${PORT}, lab scale ${SCALE}, ${RUNS} runs, medians\n`,
);
console.log('| measure | icmsync | baseline | ratio |');
console.log('|---|---|---|---|');
row(
  `status, lab: ${n(comparedRows)} compared rows and ${n(historicalRows)} historical (both sides)`,
  labStatus.ms,
  labFloor,
  'floor: both servers count and sum md5(row::text) of every compared row, count and max RecoveryKey of the historical tables',
);
row(
  'status, lab',
  labStatus.ms,
  hashing,
  'the statements status sends, run by psql on both sides at once',
);
row('status, lab', labStatus.ms, counting, '`count(*)` of the compared tables, one side');
row(
  `status --profile generic, ${n(WIDE_ROWS)} rows × 20 columns per side`,
  wideStatus.ms,
  wideFloor,
  'floor: both servers count and sum md5(row::text) of every row',
);
row(
  `bulk load, ${n(bulkRows)} rows (readRows → bulkInsert)`,
  bulk,
  pipe,
  '`psql COPY TO STDOUT \\| psql COPY FROM STDIN`',
);
const rss = (s) => `median ${median(s.rss).toFixed(0)} MB, max ${Math.max(...s.rss).toFixed(0)} MB`;
console.log(`\nstatus peak RSS: lab ${rss(labStatus)}; wide ${rss(wideStatus)}`);
// What any icmsync process costs before it sends a statement, and status without it.
console.log(
  `icmsync --version (Node start and CLI imports): ${ms(startup)}; lab status less that: ${(
    (median(labStatus.ms) - median(startup)) / median(labFloor)
  ).toFixed(2)}× of the floor`,
);
console.log(
  `bulk load: ${(bulkRows / (median(bulk) / 1000)).toFixed(0)} rows/s versus ${(bulkRows / (median(pipe) / 1000)).toFixed(0)} rows/s native`,
);
console.log(
  `all runs (ms): lab status ${labStatus.ms.map(Math.round).join(', ')}; lab floor ${labFloor.map(Math.round).join(', ')}; wide status ${wideStatus.ms.map(Math.round).join(', ')}; wide floor ${wideFloor.map(Math.round).join(', ')}`,
);
