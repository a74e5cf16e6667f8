// icmsync benchmarks, with public tools only (Node and psql), against the local PostgreSQL.
//
//   npm run bench                      # scale 100 (about 400,000 rows per side)
//   BENCH_SCALE=300 BENCH_RUNS=7 npm run bench
//
// 1. status: `icmsync status` (the whole process) on a drifted lab pair, against the servers' own
//    cost of the work status asks of them, run by psql on both sides at once: hashing every
//    compared row once (the same checksum statements) and counting the historical tables; and
//    against merely counting the compared rows.
// 2. bulk load: the adapter's bulk path (COPY FROM STDIN, what the lab and sync write through) on the
//    largest table, against the native pipe `psql COPY … TO STDOUT | psql COPY … FROM STDIN`.
// Each pair is run alternately, BENCH_RUNS times; the medians and their ratio are printed.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closePair, openPair } from '../dist/db/open-pair.js';
import { checksumSql } from '../dist/db/postgres/checksum-sql.js';
import { postgresEngine } from '../dist/db/postgres/database.js';
import { icmProfile } from '../dist/icm/icm-profile.js';
import { createLabPair, dropLabPair } from '../dist/lab/create-lab.js';
import { STATE_TRANSFER_DRIFT } from '../dist/lab/drift.js';
import { readStatus } from '../dist/status/status.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HOST = process.env.ICMSYNC_TEST_PG_HOST ?? '127.0.0.1';
const PORT = Number(process.env.ICMSYNC_TEST_PG_PORT ?? 5432);
const USER = process.env.ICMSYNC_TEST_PG_USER ?? 'postgres';
const INSTANCE = 'icmsync_bench';
const MEASURE = fileURLToPath(new URL('./measure.js', import.meta.url));

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
const conn = `-h ${HOST} -p ${PORT} -U ${USER} -Xq`;
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

console.log(`Building the lab pair at scale ${SCALE}…`);
let t = Date.now();
const built = await createLabPair(postgresEngine, pair, {
  seed: 1,
  scale: SCALE,
  drift: STATE_TRANSFER_DRIFT,
  replace: true,
});
console.log(`  ${built.a.rows + built.b.rows} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);

// The statements status sends, to run by psql as the baseline.
const open = await openPair(pair);
const report = await readStatus(open, icmProfile);
const catalog = await open.a.readCatalog();
await closePair(open);
const compared = catalog.tables.filter((t) =>
  report.tables.some((c) => c.table === `${t.schema}.${t.name}`),
);
const growing = report.sides.a.growing.map((g) => g.table.split('.'));
const hashSql = [
  ...compared.map((t) => checksumSql(t, 'A').text),
  ...growing.map(
    ([schema, name]) => `SELECT count(*), max("RecoveryKey") FROM "${schema}"."${name}"`,
  ),
].join(';\n');
const countSql = compared.map((t) => `SELECT count(*) FROM "${t.schema}"."${t.name}"`).join(';\n');
const comparedRows = report.tables.reduce(
  (n, t) => n + (t.checksums.a?.rows ?? 0) + (t.checksums.b?.rows ?? 0),
  0,
);

const env = {
  ...process.env,
  ICMSYNC_ENGINE: 'postgres',
  ICMSYNC_SERVER: HOST,
  ICMSYNC_PORT: String(PORT),
  ICMSYNC_USER: USER,
  ICMSYNC_ENCRYPT: 'false',
  ICMSYNC_A_DATABASE: pair.a.database,
  ICMSYNC_B_DATABASE: pair.b.database,
};
const status = { ms: [], rss: [] };
const hashing = [];
const counting = [];
for (let run = 0; run < RUNS; run++) {
  const child = spawnSync(process.execPath, [MEASURE, 'status'], { env, encoding: 'utf8' });
  const last = JSON.parse(child.stderr.trim().split('\n').at(-1));
  status.ms.push(last.ms);
  status.rss.push(last.maxRssMb);
  // Both sides' servers hash in parallel during status; the baseline runs them in parallel too.
  hashing.push(
    timed(() => {
      const both = `psql ${conn} -d ${pair.a.database} -c "$SQL" >/dev/null & psql ${conn} -d ${pair.b.database} -c "$SQL" >/dev/null; wait`;
      execFileSync('bash', ['-c', both], { env: { ...process.env, SQL: hashSql } });
    }),
  );
  counting.push(timed(() => psql(pair.a.database, countSql)));
}

// Bulk load: the largest table, through the adapter versus the native COPY pipe.
const big = catalog.tables.find((t) => t.name === 'Termination_Call_Detail');
const scratch = `${INSTANCE}_copy`;
const createCopy = `CREATE TABLE t (${big.columns.map((c) => `"${c.name}" ${c.type}${c.nullable ? '' : ' NOT NULL'}`).join(', ')}, PRIMARY KEY ("RecoveryKey"))`;
psql('postgres', `DROP DATABASE IF EXISTS ${scratch}`);
psql('postgres', `CREATE DATABASE ${scratch}`);
const bulk = [];
const pipe = [];
let rows = 0;
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
  const shape = (await target.readCatalog()).tables.find((x) => x.name === 't');
  t = process.hrtime.bigint();
  rows = await target.bulkInsert(shape, source.readRows(big, { batchSize: 5000 }));
  bulk.push(Number(process.hrtime.bigint() - t) / 1e6);
  await Promise.all([source.close(), target.close()]);
}
psql('postgres', `DROP DATABASE IF EXISTS ${scratch}`);
await dropLabPair(postgresEngine, pair);

const line = (name, ms, base, baseName) =>
  `| ${name} | ${median(ms).toFixed(0)} ms | ${median(base).toFixed(0)} ms (${baseName}) | ${(median(ms) / median(base)).toFixed(2)}× |`;
console.log(
  `\nnode ${process.version}, PostgreSQL at ${HOST}:${PORT}, scale ${SCALE}, ${RUNS} runs, medians\n`,
);
console.log('| measure | icmsync | baseline | ratio |');
console.log('|---|---|---|---|');
console.log(
  line(
    `status (${comparedRows} compared rows, both sides)`,
    status.ms,
    hashing,
    'servers hash every compared row once and count the historical tables',
  ),
);
console.log(line('status', status.ms, counting, 'count(*) of the compared tables, one side'));
console.log(
  line(
    `bulk load ${rows} rows (readRows → bulkInsert)`,
    bulk,
    pipe,
    'psql COPY TO STDOUT | psql COPY FROM STDIN',
  ),
);
console.log(
  `\nstatus peak RSS: median ${median(status.rss).toFixed(0)} MB, max ${Math.max(...status.rss).toFixed(0)} MB`,
);
console.log(
  `bulk load: ${(rows / (median(bulk) / 1000)).toFixed(0)} rows/s versus ${(rows / (median(pipe) / 1000)).toFixed(0)} rows/s native`,
);
