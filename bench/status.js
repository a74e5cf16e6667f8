// Part `status` of the benchmark (see run.js).
//
// 1. status on a drifted lab pair (icm profile): `icmsync status`, the whole process, against an
//    independent floor: psql on both sides at once computing, over the compared tables, count(*)
//    and the sum of the first 64 bits of md5(row::text), plus count and max RecoveryKey of the
//    historical tables. Also against the statements status itself sends, run by psql the same way,
//    and against merely counting the compared rows.
// 2. status on one 1M-row, 20-column historical-shaped table per side (--profile generic), against
//    the same floor.
// 3. bulk load: the adapter's bulk path (COPY FROM STDIN, what the lab writes through) on the
//    largest table, against the native pipe `psql COPY … TO STDOUT | psql COPY … FROM STDIN`.
import { execFileSync } from 'node:child_process';
import { closePair, openPair } from '../dist/db/open-pair.js';
import { checksumSql } from '../dist/db/postgres/checksum-sql.js';
import { postgresEngine } from '../dist/db/postgres/database.js';
import { icmProfile } from '../dist/icm/icm-profile.js';
import { createLabPair, dropLabPair } from '../dist/lab/create-lab.js';
import { STATE_TRANSFER_DRIFT } from '../dist/lab/drift.js';
import { readStatus } from '../dist/status/status.js';
import {
  conn,
  floorHash,
  fmtMs,
  historicalTable,
  ICMSYNC,
  median,
  n,
  onBothSides,
  psql,
  quote,
  RUNS,
  row,
  rss,
  runIcmsync,
  settings,
  tableName,
  timed,
} from './common.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 200);
/** Rows per side of the wide-table case. */
const WIDE_ROWS = Number(process.env.BENCH_WIDE_ROWS ?? 1_000_000);
const INSTANCE = 'icmsync_bench';
const WIDE = 'icmsync_bench_wide';

const growthSql = (growing) =>
  growing.map((g) => `SELECT count(*), max("RecoveryKey") FROM ${tableName(g.table)}`);

/** Runs part `status` and prints its table. */
export async function statusBench() {
  const pair = { a: settings(`${INSTANCE}_sideA`), b: settings(`${INSTANCE}_sideB`) };
  const wide = { a: `${WIDE}_sideA`, b: `${WIDE}_sideB` };
  const runStatus = (databases, args, into) => runIcmsync(['status', ...args], databases, into);
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
    console.log(
      `  ${built.a.rows + built.b.rows} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );

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
      (sum, c) => sum + (c.checksums.a?.rows ?? 0) + (c.checksums.b?.rows ?? 0),
      0,
    );
    historicalRows = ['a', 'b'].reduce(
      (sum, side) => sum + report.sides[side].growing.reduce((m, g) => m + g.rows, 0),
      0,
    );

    console.log(`Building the wide pair (${WIDE_ROWS} rows per side)…`);
    t = Date.now();
    for (const database of [wide.b, wide.a])
      psql('postgres', `DROP DATABASE IF EXISTS ${quote(database)}`);
    psql('postgres', `CREATE DATABASE ${quote(wide.a)}`);
    psql(wide.a, historicalTable(WIDE_ROWS));
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

  console.log(
    `\nstatus: node ${process.version}, PostgreSQL at ${pair.a.server}:${pair.a.port}, lab scale ${SCALE}, ${RUNS} runs, medians\n`,
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
  console.log(`\nstatus peak RSS: lab ${rss(labStatus)}; wide ${rss(wideStatus)}`);
  // What any icmsync process costs before it sends a statement, and status without it.
  console.log(
    `icmsync --version (Node start and CLI imports): ${fmtMs(startup)}; lab status less that: ${(
      (median(labStatus.ms) - median(startup)) / median(labFloor)
    ).toFixed(2)}× of the floor`,
  );
  console.log(
    `bulk load: ${(bulkRows / (median(bulk) / 1000)).toFixed(0)} rows/s versus ${(bulkRows / (median(pipe) / 1000)).toFixed(0)} rows/s native`,
  );
  console.log(
    `all runs (ms): lab status ${labStatus.ms.map(Math.round).join(', ')}; lab floor ${labFloor.map(Math.round).join(', ')}; wide status ${wideStatus.ms.map(Math.round).join(', ')}; wide floor ${wideFloor.map(Math.round).join(', ')}`,
  );
}
