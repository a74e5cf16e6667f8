// icmsync benchmarks, with public tools only (Node and psql), against the local PostgreSQL.
//
//   npm run bench                                   # every part: status, diff, sync
//   BENCH_ONLY=diff,sync npm run bench              # some parts only
//   BENCH_SCALE=300 BENCH_RUNS=7 BENCH_WIDE_ROWS=2000000 npm run bench
//   BENCH_ONLY=diff BENCH_DIFF_ROWS=10000000 BENCH_RUNS=3 npm run bench   # long
//
// Parts (each in its own file; each drops the databases it made):
// - status (status.js): status on a drifted lab pair and on a 1M-row, 20-column table per side,
//   against an independent floor; the lab's bulk path against the native COPY pipe.
//   BENCH_SCALE (lab scale, 200), BENCH_WIDE_ROWS (1,000,000).
// - diff (diff.js): icmsync diff on a 20-column historical table per side with 100 scattered
//   differences, against a naive client-side diff and against the floor. BENCH_DIFF_ROWS
//   (1,000,000).
// - sync (sync.js): sync --mode replace and --mode merge of a 20-column historical table whose
//   copy has 1% of its rows changed, against the native COPY pipe. BENCH_SYNC_ROWS (1,000,000),
//   BENCH_SYNC_BATCH (--batch-size, 100,000).
// Each icmsync run is a whole process and alternates with its baselines, BENCH_RUNS times (5);
// medians and ratios are printed, with peak RSS from measure.js.
import { RUNS } from './common.js';
import { diffBench } from './diff.js';
import { statusBench } from './status.js';
import { syncBench } from './sync.js';

const PARTS = { status: statusBench, diff: diffBench, sync: syncBench };
const only = (process.env.BENCH_ONLY ?? Object.keys(PARTS).join(','))
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const unknown = only.filter((part) => !(part in PARTS));
if (unknown.length > 0)
  throw new Error(
    `BENCH_ONLY: no part ${unknown.join(', ')} (parts: ${Object.keys(PARTS).join(', ')})`,
  );
console.log(`Parts: ${only.join(', ')}; ${RUNS} rounds each`);
for (const part of only) await PARTS[part]();
