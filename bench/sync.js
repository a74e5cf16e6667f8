// Part `sync` of the benchmark (see run.js): one historical-shaped table of BENCH_SYNC_ROWS rows
// (20 columns) on side A; side B a copy of it with 1% of the rows changed, scattered (95% of them
// updated, 2.5% deleted, 2.5% inserted), made afresh from a template before every sync. In the
// same rounds:
// - the native pipe `psql -c 'COPY t TO STDOUT' | psql -c 'COPY t FROM STDIN'` into an emptied
//   copy of the table;
// - `icmsync sync --mode replace` from A to B, the whole process (status, diff, plan, the writes,
//   verify), with --batch-size BENCH_SYNC_BATCH; also into an emptied table, and with the default
//   --batch-size 1000;
// - `icmsync sync --mode merge` from A to B, the whole process, same batch size.
// The write phase of a sync is read from its journal: from the `start` entry's time to the moment
// the journal was last written (its `end` entry).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  conn,
  createDatabase,
  dropDatabase,
  HISTORICAL,
  historicalTable,
  median,
  n,
  psql,
  RUNS,
  row,
  rss,
  runIcmsync,
  runs,
  scatteredChangesSql,
  tableName,
  timed,
} from './common.js';

const ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_SYNC_BATCH ?? 100_000);
/** The CLI's own --batch-size, measured once per round for replace. */
const DEFAULT_BATCH = 1000;

/** Runs part `sync` and prints its table. */
export async function syncBench() {
  const source = 'icmsync_bench_sync_sideA';
  const drifted = 'icmsync_bench_sync_drifted';
  const target = 'icmsync_bench_sync_sideB';
  const piped = 'icmsync_bench_sync_pipe';
  const databases = { a: source, b: target };
  const changed = Math.round(ROWS / 100);
  const cases = {
    replace: { ms: [], rss: [], write: [] },
    replaceEmpty: { ms: [], rss: [], write: [] },
    replaceDefault: { ms: [], rss: [], write: [] },
    merge: { ms: [], rss: [], write: [] },
  };
  const pipe = [];
  const written = {};

  /** One whole `icmsync sync` into a fresh B; the write phase from its journal. */
  const runSync = (name, mode, batch, empty) => {
    const into = cases[name] ?? { ms: [], rss: [], write: [] };
    createDatabase(target, drifted);
    if (empty) psql(target, `TRUNCATE ${tableName(HISTORICAL)}`);
    const journalDir = mkdtempSync(join(tmpdir(), 'icmsync-bench-journal-'));
    try {
      const out = runIcmsync(
        [
          'sync',
          '--from',
          'A',
          '--to',
          'B',
          '--mode',
          mode,
          '--profile',
          'generic',
          '--tables',
          'Termination_Call_Detail',
          '--batch-size',
          String(batch),
          '--journal-dir',
          journalDir,
          '--yes',
          '--json',
        ],
        databases,
        into,
        0,
      );
      const report = JSON.parse(out);
      if (report.outcome !== 'done' || !report.verified.every((v) => v.equal))
        throw new Error(`sync ${mode} ended ${report.outcome}`);
      written[name] = report.written[0];
      const journal = join(
        journalDir,
        readdirSync(journalDir).find((f) => f !== 'audit.jsonl'),
      );
      const start = JSON.parse(readFileSync(journal, 'utf8').split('\n')[0]);
      into.write.push(statSync(journal).mtimeMs - Date.parse(start.at));
    } finally {
      rmSync(journalDir, { recursive: true, force: true });
    }
  };
  const runPipe = (into) => {
    psql(piped, `TRUNCATE ${tableName(HISTORICAL)}`);
    const copy = (way) => `'COPY ${tableName(HISTORICAL).replaceAll("'", "'\\''")} ${way}'`;
    into.push(
      timed(() =>
        execFileSync('bash', [
          '-c',
          `psql ${conn} -d ${source} -c ${copy('TO STDOUT')} | psql ${conn} -d ${piped} -c ${copy('FROM STDIN')}`,
        ]),
      ),
    );
  };

  try {
    console.log(`Building the sync pair (${n(ROWS)} rows, ${n(changed)} changed on B)…`);
    const t = Date.now();
    for (const database of [target, piped, drifted]) dropDatabase(database);
    createDatabase(source);
    psql(source, historicalTable(ROWS));
    psql(source, 'VACUUM ANALYZE');
    createDatabase(drifted, source);
    psql(drifted, scatteredChangesSql(ROWS, changed, Math.round(changed / 40)));
    psql(drifted, 'VACUUM ANALYZE');
    createDatabase(piped, source);
    console.log(`  ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // One unmeasured round, so every measured one finds the same warm caches.
    runPipe([]);
    runSync('warm-up', 'replace', BATCH, false);
    runSync('warm-up', 'merge', BATCH, false);

    console.log(`Timing, ${RUNS} rounds…`);
    for (let run = 0; run < RUNS; run++) {
      const steps = [
        () => runPipe(pipe),
        () => runSync('replace', 'replace', BATCH, false),
        () => runSync('merge', 'merge', BATCH, false),
        () => runSync('replaceEmpty', 'replace', BATCH, true),
        () => runSync('replaceDefault', 'replace', DEFAULT_BATCH, false),
      ];
      for (let i = 0; i < steps.length; i++) steps[(run + i) % steps.length]();
    }
  } finally {
    for (const database of [target, piped, drifted, source]) dropDatabase(database);
  }

  const rate = (ms) => `${n(Math.round(ROWS / (median(ms) / 1000)))} rows/s`;
  const w = (c) => c.write;
  const pipeName = '`psql COPY TO STDOUT \\| psql COPY FROM STDIN` into an emptied table';
  console.log(
    `\nsync: node ${process.version}, ${n(ROWS)} rows × 20 columns, ${n(changed)} changed on B, --batch-size ${n(BATCH)}, ${RUNS} runs, medians\n`,
  );
  console.log('| measure | icmsync | baseline | ratio |');
  console.log('|---|---|---|---|');
  row(
    'replace A→B, whole process (status, diff, writes, verify)',
    cases.replace.ms,
    pipe,
    pipeName,
  );
  row('replace A→B, write phase', w(cases.replace), pipe, pipeName);
  row('replace into an emptied table, whole process', cases.replaceEmpty.ms, pipe, pipeName);
  row('replace into an emptied table, write phase', w(cases.replaceEmpty), pipe, pipeName);
  row(
    `replace A→B with --batch-size ${n(DEFAULT_BATCH)} (the default), write phase`,
    w(cases.replaceDefault),
    pipe,
    pipeName,
  );
  row(
    'merge A→B (1% changed), whole process',
    cases.merge.ms,
    cases.replace.ms,
    'replace A→B, whole process',
  );
  row(
    'merge A→B (1% changed), write phase',
    w(cases.merge),
    w(cases.replace),
    'replace, write phase',
  );
  const shown = (c) =>
    c ? `${n(c.inserted)} inserted, ${n(c.updated)} updated, ${n(c.deleted)} deleted` : '';
  console.log(
    `\nrows/s: native pipe ${rate(pipe)}; replace write phase ${rate(w(cases.replace))}, into an emptied table ${rate(w(cases.replaceEmpty))}, with --batch-size ${n(DEFAULT_BATCH)} ${rate(w(cases.replaceDefault))}` +
      `\nwritten: replace ${shown(written.replace)}; merge ${shown(written.merge)}` +
      `\npeak RSS: replace ${rss(cases.replace)}; into an emptied table ${rss(cases.replaceEmpty)}; with --batch-size ${n(DEFAULT_BATCH)} ${rss(cases.replaceDefault)}; merge ${rss(cases.merge)}` +
      `\nall runs (ms): pipe ${runs(pipe)}; replace ${runs(cases.replace.ms)} (writes ${runs(w(cases.replace))}); into an emptied table ${runs(cases.replaceEmpty.ms)} (writes ${runs(w(cases.replaceEmpty))}); --batch-size ${DEFAULT_BATCH} ${runs(cases.replaceDefault.ms)} (writes ${runs(w(cases.replaceDefault))}); merge ${runs(cases.merge.ms)} (writes ${runs(w(cases.merge))})`,
  );
}
