// Part `diff` of the benchmark (see run.js): one historical-shaped table of BENCH_DIFF_ROWS rows
// (20 columns) per side, B a copy of A with 100 scattered differences (90 updated, 5 deleted, 5
// inserted rows). In the same rounds:
// - `icmsync diff --profile generic --tables Termination_Call_Detail --json`, the whole process;
//   its `cost` says rows hashed and fetched and bytes received;
// - the naive diff (naive-diff.js, a whole Node process): both tables streamed in key order by
//   COPY and compared row by row in the client;
// - the floor: both servers hashing every row once, at once (psql, the sum of the first 64 bits of
//   md5(row::text)).
import { postgresEngine } from '../dist/db/postgres/database.js';
import { bucketChecksumsSql, sampleKeysSql } from '../dist/db/postgres/segments-sql.js';
import { samplingStep } from '../dist/diff/segments.js';
import { DEFAULT_TUNING } from '../dist/diff/tuning.js';
import {
  createDatabase,
  dropDatabase,
  floorHash,
  HISTORICAL,
  historicalTable,
  mb,
  median,
  n,
  onBothSides,
  psql,
  psqlValue,
  RUNS,
  row,
  rss,
  runIcmsync,
  runProcess,
  runs,
  scatteredChangesSql,
  settings,
  timed,
} from './common.js';

const ROWS = Number(process.env.BENCH_DIFF_ROWS ?? 1_000_000);
const DIFFERENCES = 100;
const NAIVE = new URL('./naive-diff.js', import.meta.url).pathname;

/** Runs part `diff` and prints its table. */
export async function diffBench() {
  const databases = { a: 'icmsync_bench_diff_sideA', b: 'icmsync_bench_diff_sideB' };
  const icmsync = { ms: [], rss: [], cost: null, found: null };
  const naive = { ms: [], rss: [], bytes: 0, found: null };
  const floor = [];
  const diffArgs = [
    'diff',
    '--profile',
    'generic',
    '--tables',
    'Termination_Call_Detail',
    '--json',
  ];
  const runDiff = (into) => {
    const report = JSON.parse(runIcmsync(diffArgs, databases, into));
    const [t] = report.tables;
    into.cost = report.cost;
    into.found = `${t.onlyInA} only in A, ${t.onlyInB} only in B, ${t.changed} changed`;
  };
  const runNaive = (into) => {
    const out = JSON.parse(runProcess(NAIVE, [HISTORICAL, 'RecoveryKey'], databases, into, 0));
    into.bytes = out.bytes.a + out.bytes.b;
    into.found = `${out.onlyInA} only in A, ${out.onlyInB} only in B, ${out.changed} changed`;
  };
  const floorSql = { a: floorHash(HISTORICAL), b: floorHash(HISTORICAL) };
  const bucketPass = [];
  const sampling = [];
  let textBytes = 0;
  let relationBytes = 0;
  try {
    console.log(`Building the diff pair (${n(ROWS)} rows per side)…`);
    const t = Date.now();
    dropDatabase(databases.b);
    createDatabase(databases.a);
    psql(databases.a, historicalTable(ROWS));
    psql(databases.a, 'VACUUM ANALYZE');
    createDatabase(databases.b, databases.a);
    psql(databases.b, scatteredChangesSql(ROWS, DIFFERENCES, 5));
    psql(databases.b, 'VACUUM ANALYZE');
    console.log(`  ${((Date.now() - t) / 1000).toFixed(1)} s`);
    for (const database of [databases.a, databases.b]) {
      textBytes += Number(
        psqlValue(database, 'SELECT sum(octet_length(t::text)) FROM "Termination_Call_Detail" t'),
      );
      relationBytes += Number(
        psqlValue(database, `SELECT pg_total_relation_size('"Termination_Call_Detail"')`),
      );
    }

    // diff's first two statements on their own, run by psql as icmsync's session runs them (JIT
    // off): the key sampling pass on the larger side, then the first bucket pass on both.
    const source = await postgresEngine.open('A', settings(databases.a));
    const [shape] = (await source.readCatalog()).tables;
    const every = samplingStep(ROWS, 1, DEFAULT_TUNING);
    const boundaries = await source.sampleKeys(shape, every);
    await source.close();
    // psql takes no parameters: the keys here are numbers, written in as they are.
    const inline = (st) =>
      `SET jit = off; ${st.text.replace(/\$(\d+)/g, (_, i) => String(st.values[i - 1]))}`;
    const sampleSql = inline(sampleKeysSql(shape, 'A', every));
    const bucketSql = inline(bucketChecksumsSql(shape, 'A', boundaries));

    // One unmeasured round, so every measured one finds the same warm caches.
    runDiff({ ms: [], rss: [] });
    runNaive({ ms: [], rss: [] });
    onBothSides(databases, floorSql);

    console.log(`Timing, ${RUNS} rounds…`);
    for (let run = 0; run < RUNS; run++) {
      // Rotate the order, so none always follows the same one's cache effects.
      const steps = [
        () => runDiff(icmsync),
        () => runNaive(naive),
        () => floor.push(onBothSides(databases, floorSql)),
        () => {
          bucketPass.push(onBothSides(databases, { a: bucketSql, b: bucketSql }));
          sampling.push(timed(() => psql(databases.a, sampleSql)));
        },
      ];
      for (let i = 0; i < steps.length; i++) steps[(run + i) % steps.length]();
    }
  } finally {
    dropDatabase(databases.a);
    dropDatabase(databases.b);
  }

  const cost = icmsync.cost;
  const received = cost.bytesReceived.A + cost.bytesReceived.B;
  const speedup = median(naive.ms) / median(icmsync.ms);
  console.log(
    `\ndiff: node ${process.version}, ${n(ROWS)} rows × 20 columns per side, ${DIFFERENCES} differences, ${RUNS} runs, medians\n`,
  );
  console.log('| measure | icmsync | baseline | ratio |');
  console.log('|---|---|---|---|');
  row(
    `diff --profile generic, ${n(ROWS)} rows per side`,
    icmsync.ms,
    floor,
    'floor: both servers count and sum md5(row::text) of every row',
  );
  row(
    `diff --profile generic, ${n(ROWS)} rows per side`,
    icmsync.ms,
    naive.ms,
    'naive diff: both tables streamed in key order (COPY), compared in Node',
  );
  row(
    `diff's first bucket pass alone (${n(DEFAULT_TUNING.keyValuesPerRequest + 1)} buckets), psql on both sides at once`,
    bucketPass,
    floor,
    'floor',
  );
  row("diff's key sampling pass alone, psql on side A", sampling, floor, 'floor');
  console.log(
    `\nfound: icmsync ${icmsync.found}; naive ${naive.found}` +
      `\nicmsync diff is ${speedup.toFixed(2)}× as fast as the naive diff` +
      `\nbytes received, both sides: icmsync ${mb(received)} (${((100 * received) / textBytes).toFixed(3)}% of the tables' row text, ${mb(textBytes)}; ${((100 * received) / relationBytes).toFixed(3)}% of pg_total_relation_size, ${mb(relationBytes)}); naive ${mb(naive.bytes)} (${((100 * naive.bytes) / textBytes).toFixed(1)}% of the row text)` +
      `\nicmsync cost: rows hashed A ${n(cost.rowsHashed.A)} B ${n(cost.rowsHashed.B)}; rows fetched A ${n(cost.rowsFetched.A)} B ${n(cost.rowsFetched.B)}; round trips A ${cost.roundTrips.A} B ${cost.roundTrips.B}; phases ${cost.phases.map((p) => `${p.phase} ${p.ms} ms`).join(', ')}` +
      `\npeak RSS: icmsync diff ${rss(icmsync)}; naive diff ${rss(naive)}` +
      `\nall runs (ms): icmsync ${runs(icmsync.ms)}; naive ${runs(naive.ms)}; floor ${runs(floor)}; first bucket pass ${runs(bucketPass)}; sampling ${runs(sampling)}`,
  );
}
