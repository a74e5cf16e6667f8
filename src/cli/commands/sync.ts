import { resolve } from 'node:path';
import { closePair, openPair } from '../../db/open-pair.js';
import { DIFF_SCOPES, type DiffScope } from '../../diff/select-tables.js';
import { profileNamed } from '../../icm/profiles.js';
import { IcmsyncError } from '../../port/errors.js';
import { serverLabel } from '../../port/server-label.js';
import type { ConnectionSettings } from '../../port/settings.js';
import { type Pair, pick, SIDES, type Side } from '../../port/types.js';
import { appendAudit, auditRecord } from '../../sync/audit.js';
import { Journal, journalName, lastRun } from '../../sync/journal.js';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONCURRENCY,
  SYNC_MODES,
  type SyncMode,
  type TablePlan,
} from '../../sync/plan.js';
import { runSync, type SyncReport } from '../../sync/sync.js';
import { DEFAULT_JOURNAL_DIR } from '../choices.js';
import { type CommonOptions, compareLayer, numberFlag } from '../common-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type CliIo, narration } from '../io.js';
import { loadConfig } from '../load-config.js';
import { confirm } from '../prompt.js';
import { JSON_VERSION } from '../status-json.js';
import { columns } from '../style.js';
import { SyncProgress } from '../sync-progress.js';

/** Options of `icmsync sync`. */
export interface SyncCommandOptions extends CommonOptions {
  readonly from?: Side;
  readonly to?: Side;
  readonly mode?: SyncMode;
  readonly scope?: DiffScope;
  readonly tables?: string;
  readonly batchSize?: string;
  readonly concurrency?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly force?: boolean;
  readonly allowSessions?: boolean;
  readonly truncateConfigMessageLog?: boolean;
  readonly lockout?: boolean;
  readonly journalDir?: string;
  readonly auditFile?: string;
  readonly maxDuration?: string;
  readonly resume?: boolean;
}

/**
 * Tables written at once: each needs a connection of its own on the target beside the run's
 * session (which holds the lock), and one on the source to read from.
 */
export function concurrencyFor(
  raw: string | undefined,
  sides: Pair<ConnectionSettings>,
  direction: { from: Side; to: Side },
): number {
  const target = pick(sides, direction.to).poolSize;
  const source = pick(sides, direction.from).poolSize;
  const most = Math.max(1, Math.min(target - 1, source));
  if (raw === undefined) return Math.min(DEFAULT_CONCURRENCY, most);
  const asked = Math.floor(numberFlag('concurrency', raw, DEFAULT_CONCURRENCY, 1));
  if (asked > most) {
    const side = target - 1 < source ? direction.to : direction.from;
    const has = side === direction.to ? target : source;
    const needs = side === direction.to ? asked + 1 : asked;
    throw new IcmsyncError(
      `--concurrency ${asked} needs ${needs} connections to side ${side}, whose poolSize is ${has} (raise side ${side}'s poolSize, or lower --concurrency to ${most})`,
      'USAGE',
    );
  }
  return asked;
}

/** `40m`, `90s`, `2h`, `1h30m` → milliseconds. */
export function parseDuration(raw: string): number {
  const parts = [...raw.matchAll(/(\d+)\s*([hms])/g)];
  const whole = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || whole.replace(/\s/g, '') !== raw.replace(/\s/g, '')) {
    throw new IcmsyncError(
      `--max-duration must look like 40m, 90s or 1h30m, not "${raw}" (fix the flag)`,
      'USAGE',
    );
  }
  const unit = { h: 3_600_000, m: 60_000, s: 1000 } as const;
  return parts.reduce((ms, p) => ms + Number(p[1]) * unit[p[2] as 'h' | 'm' | 's'], 0);
}

function direction(options: SyncCommandOptions): { from: Side; to: Side } {
  const from = options.from ?? (options.to ? (options.to === 'A' ? 'B' : 'A') : undefined);
  const to = options.to ?? (from ? (from === 'A' ? 'B' : 'A') : undefined);
  if (!from || !to)
    throw new IcmsyncError('say which side to copy: --from A --to B, or --from B --to A', 'USAGE');
  if (from === to) throw new IcmsyncError('--from and --to must name different sides', 'USAGE');
  return { from, to };
}

/** The plan as a DBA reads it before saying yes. */
export function planText(
  report: Pick<SyncReport, 'direction' | 'mode'>,
  plan: readonly TablePlan[],
): string {
  const { from, to } = report.direction;
  const rows = plan.map((p) => [
    p.truncate ? `${p.table} (emptied, not copied)` : p.table,
    String(p.insert),
    String(p.update),
    String(p.delete),
  ]);
  const emptied = plan.filter((p) => p.truncate).map((p) => p.table);
  return [
    `Sync plan: ${report.mode} from side ${from} to side ${to} (side ${to} is written)`,
    ...columns([['table', 'insert', 'update', 'delete'], ...rows], new Set([1, 2, 3])).map(
      (l) => `  ${l}`,
    ),
    ...(emptied.length > 0
      ? [
          `  --truncate-config-message-log: ${emptied.join(', ')} on side ${to} is emptied. A Logger whose Config_Message_Log is empty may not start (an update-key assertion); leave the flag out to copy it.`,
        ]
      : []),
    '',
  ].join('\n');
}

export function resultText(report: SyncReport): string {
  const lines: string[] = [];
  if (report.restoredTriggers.length > 0)
    lines.push(
      `Re-enabled triggers an earlier run had left disabled: ${report.restoredTriggers.join('; ')}`,
    );
  if (report.removedLockouts.length > 0)
    lines.push(
      `Took off the lockout an earlier run had left on: ${report.removedLockouts.join(', ')}`,
    );
  const written = report.results.map((r) => [
    r.table,
    String(r.inserted),
    String(r.updated),
    String(r.deleted),
  ]);
  if (written.length > 0)
    lines.push(
      'Written:',
      ...columns([['table', 'inserted', 'updated', 'deleted'], ...written], new Set([1, 2, 3])).map(
        (l) => `  ${l}`,
      ),
    );
  for (const v of report.verified.filter((x) => x.truncated))
    lines.push(
      `${v.table} on side ${report.direction.to}: ${pick(v.checksums, report.direction.to).rows} rows left (emptied, as --truncate-config-message-log asked).`,
    );
  for (const v of report.verified.filter((x) => !x.equal && !x.truncated))
    lines.push(
      `NOT EQUAL after the sync: ${v.table} (A ${v.checksums.a.rows} rows, B ${v.checksums.b.rows} rows)`,
    );
  const said: Record<SyncReport['outcome'], string> = {
    'dry-run': 'Dry run: nothing was written.',
    declined: 'Nothing written.',
    'nothing-to-do': `Nothing to do: side ${report.direction.to} already matches side ${report.direction.from}.`,
    done: `Done: every synced table has equal checksums on both sides (${(report.ms / 1000).toFixed(1)} s).`,
    stopped: `Stopped at a batch boundary; what is written is committed. Run again (or with --resume) to finish.`,
    'verify-failed':
      'Verify failed: rows changed on a side during the run, or a write did not land. Run the sync again.',
  };
  lines.push(said[report.outcome], `Journal: ${report.journal}`);
  return `${lines.join('\n')}\n`;
}

const EXIT_FOR: Record<SyncReport['outcome'], ExitCode> = {
  'dry-run': EXIT.ok,
  declined: EXIT.ok,
  'nothing-to-do': EXIT.ok,
  done: EXIT.ok,
  stopped: EXIT.failed,
  'verify-failed': EXIT.failed,
};

/** The `icmsync sync --json` document. */
function syncDocument(report: SyncReport, exitCode: ExitCode) {
  return {
    kind: 'icmsync.sync',
    version: JSON_VERSION,
    run: report.run,
    from: report.direction.from,
    to: report.direction.to,
    mode: report.mode,
    verdict: report.verdict,
    plan: report.plan.map(({ shapes: _, ...p }) => p),
    written: report.results,
    verified: report.verified.map((v) => ({
      table: v.table,
      equal: v.equal,
      truncated: v.truncated,
      A: v.checksums.a,
      B: v.checksums.b,
    })),
    restoredTriggers: report.restoredTriggers,
    removedLockouts: report.removedLockouts,
    outcome: report.outcome,
    journal: report.journal,
    ms: report.ms,
    exitCode,
  };
}

/**
 * The options of the last sync into either side that did not finish, from its journal: what
 * `--resume` repeats (a rerun diffs again, so it continues where the run stopped).
 */
async function resumed(
  journalDir: string,
  sides: Pair<ConnectionSettings>,
  options: SyncCommandOptions,
): Promise<Partial<SyncCommandOptions>> {
  const candidates: Partial<SyncCommandOptions>[] = [];
  for (const side of SIDES) {
    if (options.to && options.to !== side) continue;
    const settings = pick(sides, side);
    const journal = await Journal.open(
      journalDir,
      journalName(serverLabel(settings), settings.database),
    );
    const last = lastRun(await journal.entries());
    if (!last || last.ended === 'done') continue;
    const o = last.start.options as Record<string, unknown>;
    candidates.push({
      from: o.from as Side,
      to: o.to as Side,
      mode: o.mode as SyncMode,
      ...(o.scope ? { scope: o.scope as DiffScope } : {}),
      ...(o.tables ? { tables: o.tables as string } : {}),
      ...(o.truncateConfigMessageLog ? { truncateConfigMessageLog: true } : {}),
      ...(o.lockout ? { lockout: true } : {}),
    });
  }
  if (candidates.length === 0)
    throw new IcmsyncError(
      `no unfinished sync to resume in ${journalDir} (run the sync again instead)`,
      'USAGE',
    );
  if (candidates.length > 1)
    throw new IcmsyncError(
      'unfinished syncs into both sides: say which with --to A or --to B',
      'USAGE',
    );
  return candidates[0] as Partial<SyncCommandOptions>;
}

/** `icmsync sync`: copies side to side in batches, guarded, journaled, verified and audited. */
export async function syncCommand(
  io: CliIo,
  options: SyncCommandOptions & Record<string, unknown>,
): Promise<ExitCode> {
  if (options.mode && !(SYNC_MODES as readonly string[]).includes(options.mode))
    throw new IcmsyncError(`--mode must be ${SYNC_MODES.join(' or ')}`, 'USAGE');
  if (options.scope && !(DIFF_SCOPES as readonly string[]).includes(options.scope))
    throw new IcmsyncError(`--scope must be ${DIFF_SCOPES.join(', ')}`, 'USAGE');
  const batchSize = Math.floor(numberFlag('batch-size', options.batchSize, DEFAULT_BATCH_SIZE, 1));
  const deadline = options.maxDuration
    ? Date.now() + parseDuration(options.maxDuration)
    : undefined;
  const journalDir = resolve(io.cwd, options.journalDir ?? DEFAULT_JOURNAL_DIR);
  const auditFile = resolve(io.cwd, options.auditFile ?? `${journalDir}/audit.jsonl`);
  const config = await loadConfig(io, {
    configPath: options.config,
    flags: options,
    command: compareLayer(options),
  });

  const asked = options.resume
    ? { ...options, ...(await resumed(journalDir, config.sides, options)) }
    : options;
  const { from, to } = direction(asked);
  const concurrency = concurrencyFor(options.concurrency, config.sides, { from, to });
  if (!options.dryRun && !options.yes && !io.stdin.isTTY) {
    throw new IcmsyncError(
      'sync writes only with --yes when not on a terminal (add --yes, or --dry-run to see the plan)',
      'REFUSED',
    );
  }
  // Sync stops at batch boundaries on Ctrl-C, so the pair itself is not cancelled.
  const pair = await openPair(config.sides);
  try {
    const progress = new SyncProgress(io, options.json === true);
    progress.step('preparing the sync');
    let report: SyncReport;
    try {
      report = await runSync(pair, profileNamed(config.profile), {
        direction: { from, to },
        mode: asked.mode ?? 'merge',
        ...(asked.scope ? { scope: asked.scope } : {}),
        ...(asked.tables ? { tables: asked.tables } : {}),
        batchSize,
        concurrency,
        journalDir,
        allowSessions: options.allowSessions === true,
        force: options.force === true,
        truncateConfigMessageLog: asked.truncateConfigMessageLog === true,
        lockout: asked.lockout === true,
        dryRun: options.dryRun === true,
        ownPrograms: SIDES.map((side) => pick(config.sides, side).appName),
        ...(deadline !== undefined ? { deadline } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
        recorded: {
          from,
          to,
          mode: asked.mode ?? 'merge',
          scope: asked.scope ?? null,
          tables: asked.tables ?? null,
          batchSize,
          truncateConfigMessageLog: asked.truncateConfigMessageLog === true,
          lockout: asked.lockout === true,
        },
        onProgress: (e) => progress.step(e.step),
        onBatch: (table, written) => progress.batch(table, written),
        confirm: async (plan) => {
          progress.planned(plan);
          progress.pause();
          // The plan is part of the question, so it shows with --quiet when there is one.
          const text = planText({ direction: { from, to }, mode: asked.mode ?? 'merge' }, plan);
          if (options.yes) {
            // With --json, stderr carries only JSON lines: the plan is an event there.
            if (options.json) progress.plan(plan);
            else narration(io).write(text);
            return true;
          }
          io.stderr.write(text);
          return confirm(io, `Write these changes to side ${to}?`);
        },
      });
    } finally {
      progress.pause();
    }
    if (report.outcome === 'dry-run' && !options.json)
      narration(io).write(planText(report, report.plan));
    const exitCode =
      report.outcome === 'stopped' && io.signal?.aborted
        ? EXIT.interrupted
        : EXIT_FOR[report.outcome];
    if (report.outcome !== 'dry-run' && report.outcome !== 'declined') {
      const sides = { a: await pair.a.describe(), b: await pair.b.describe() };
      await appendAudit(auditFile, auditRecord(report, sides, new Date()));
    }
    if (options.json)
      io.stdout.write(`${JSON.stringify(syncDocument(report, exitCode), null, 2)}\n`);
    else narration(io).write(resultText(report));
    return exitCode;
  } finally {
    await closePair(pair);
  }
}
