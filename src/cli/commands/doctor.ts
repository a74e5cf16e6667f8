import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { loadEngine } from '../../db/engines.js';
import { DIFF_SCOPES, type DiffScope } from '../../diff/select-tables.js';
import { CHECK_STATUSES, type Check, type CheckStatus } from '../../doctor/check.js';
import { type DoctorReport, runDoctor } from '../../doctor/doctor.js';
import type { FolderRole } from '../../doctor/folders.js';
import { profileNamed } from '../../icm/profiles.js';
import { IcmsyncError, interrupted } from '../../port/errors.js';
import { otherSide, pick, SIDES, type Side } from '../../port/types.js';
import { DEFAULT_BATCH_SIZE, type Direction, SYNC_MODES, type SyncMode } from '../../sync/plan.js';
import { DEFAULT_JOURNAL_DIR } from '../choices.js';
import { type CommonOptions, compareLayer, numberFlag } from '../common-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type CliIo, colorFor } from '../io.js';
import { loadConfig } from '../load-config.js';
import { startSpinner } from '../spinner.js';
import { JSON_VERSION } from '../status-json.js';
import { makeStyle, type Style } from '../style.js';

/** Options of `icmsync doctor`: the sync to check, as `icmsync sync` takes it. */
export interface DoctorCommandOptions extends CommonOptions {
  readonly from?: Side;
  readonly to?: Side;
  readonly mode?: SyncMode;
  readonly lockout?: boolean;
  readonly scope?: DiffScope;
  readonly tables?: string;
  readonly batchSize?: string;
  readonly journalDir?: string;
  readonly auditFile?: string;
}

/** The direction the flags name (one of them is enough), or undefined to let status decide. */
export function flagDirection(
  options: Pick<DoctorCommandOptions, 'from' | 'to'>,
): Direction | undefined {
  const from = options.from ?? (options.to ? otherSide(options.to) : undefined);
  const to = options.to ?? (from ? otherSide(from) : undefined);
  if (!from || !to) return undefined;
  if (from === to) throw new IcmsyncError('--from and --to must name different sides', 'USAGE');
  return { from, to };
}

/** 0 when nothing fails; 4 when a check fails (the sync would be refused or would break). */
export const doctorExitCode = (report: Pick<DoctorReport, 'checks'>): ExitCode =>
  report.checks.some((c) => c.status === 'FAIL') ? EXIT.refused : EXIT.ok;

/** How many checks came out each way. */
function tally(checks: readonly Check[]): Record<CheckStatus, number> {
  const counts = Object.fromEntries(CHECK_STATUSES.map((s) => [s, 0])) as Record<
    CheckStatus,
    number
  >;
  for (const c of checks) counts[c.status] += 1;
  return counts;
}

/** The `icmsync doctor --json` document (kind `icmsync.doctor`, documented in the README). */
export function doctorDocument(report: DoctorReport, exitCode: ExitCode) {
  return {
    kind: 'icmsync.doctor',
    version: JSON_VERSION,
    direction: report.direction,
    directionSource: report.directionSource,
    directionReason: report.directionReason,
    mode: report.mode,
    sides: { A: report.sides.a, B: report.sides.b },
    checks: report.checks.map((c) => ({
      id: c.id,
      side: c.side,
      status: c.status,
      message: c.message,
      fix: c.fix,
    })),
    summary: tally(report.checks),
    exitCode,
  };
}

/** The sync checked, in one line. */
function headline(report: DoctorReport): string {
  const d = report.direction;
  if (!d) {
    const why = report.directionReason ? ` (${report.directionReason})` : '';
    return `${report.mode}, no direction given${why}: both sides checked as possible targets`;
  }
  const from = report.directionSource === 'status' ? `, as status says` : '';
  const why =
    report.directionSource === 'status' && report.directionReason
      ? `\n  ${report.directionReason}`
      : '';
  return `${report.mode} from side ${d.from} to side ${d.to}${from}: side ${d.to} is written${why}`;
}

/** The report as a DBA reads it: checks grouped by side, aligned, each fix under its finding. */
export function renderDoctor(report: DoctorReport, style: Style): string {
  const paint: Readonly<Record<CheckStatus, (s: string) => string>> = {
    PASS: style.green,
    WARN: style.yellow,
    FAIL: style.red,
    SKIP: style.dim,
  };
  const idWidth = Math.max(0, ...report.checks.map((c) => c.id.length));
  const indent = ' '.repeat(2 + 4 + 2 + idWidth + 2);
  const lines: string[] = [style.bold(`icmsync doctor · ${headline(report)}`)];
  const role = (side: Side) =>
    !report.direction ? 'possible target' : report.direction.to === side ? 'target' : 'source';
  const groups: [string, Side | null][] = SIDES.map((side) => {
    const s = pick(report.sides, side);
    return [`Side ${side}  ${s.server} ${s.database} (${role(side)})`, side] as [string, Side];
  });
  for (const [title, side] of [...groups, ['Both sides and this machine', null] as const]) {
    const checks = report.checks.filter((c) => c.side === side);
    if (checks.length === 0) continue;
    lines.push('', style.bold(title));
    for (const c of checks) {
      lines.push(`  ${paint[c.status](c.status.padEnd(4))}  ${c.id.padEnd(idWidth)}  ${c.message}`);
      if (c.fix && c.status !== 'PASS') lines.push(`${indent}${style.dim(`fix: ${c.fix}`)}`);
    }
  }
  const counts = tally(report.checks);
  const verdict =
    counts.FAIL > 0
      ? style.red(`${counts.FAIL} FAIL: fix them before the sync`)
      : counts.WARN > 0
        ? style.yellow('nothing fails; read the warnings before the sync')
        : style.green('ready for the sync');
  lines.push(
    '',
    `${verdict} (${counts.PASS} PASS, ${counts.WARN} WARN, ${counts.FAIL} FAIL, ${counts.SKIP} SKIP)`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `icmsync doctor`: preflight of a sync. Connects to both sides as sync would, writes nothing,
 * and reports every check PASS, WARN, FAIL or SKIP with its fix; exits 4 when one fails.
 */
export async function doctorCommand(
  io: CliIo,
  options: DoctorCommandOptions & Record<string, unknown>,
): Promise<ExitCode> {
  if (options.mode && !(SYNC_MODES as readonly string[]).includes(options.mode))
    throw new IcmsyncError(`--mode must be ${SYNC_MODES.join(' or ')}`, 'USAGE');
  if (options.scope && !(DIFF_SCOPES as readonly string[]).includes(options.scope))
    throw new IcmsyncError(`--scope must be ${DIFF_SCOPES.join(', ')}`, 'USAGE');
  const direction = flagDirection(options);
  const batchSize = Math.floor(numberFlag('batch-size', options.batchSize, DEFAULT_BATCH_SIZE, 1));
  const journalDir = resolve(io.cwd, options.journalDir ?? DEFAULT_JOURNAL_DIR);
  const auditDir = options.auditFile ? dirname(resolve(io.cwd, options.auditFile)) : journalDir;
  const folders: { role: FolderRole; path: string }[] = [
    { role: 'journal', path: journalDir },
    ...(auditDir !== journalDir ? [{ role: 'audit' as const, path: auditDir }] : []),
    { role: 'temp', path: tmpdir() },
  ];
  const config = await loadConfig(io, {
    configPath: options.config,
    flags: options,
    command: compareLayer(options),
  });
  const spinner = startSpinner(io, 'checking');
  let report: DoctorReport;
  try {
    report = await runDoctor({
      settings: config.sides,
      open: async (side) => {
        const settings = pick(config.sides, side);
        return (await loadEngine(settings.engine)).open(side, settings, {
          ...(io.signal ? { signal: io.signal } : {}),
        });
      },
      profile: profileNamed(config.profile),
      ...(direction ? { direction } : {}),
      mode: options.mode ?? 'merge',
      lockout: options.lockout === true,
      ...(options.scope ? { scope: options.scope } : {}),
      ...(options.tables ? { tables: options.tables } : {}),
      batchSize,
      ownPrograms: SIDES.map((side) => pick(config.sides, side).appName),
      folders,
      onProgress: (step) => spinner.update(step),
    });
  } finally {
    spinner.stop();
  }
  // Doctor turns failures into findings; Ctrl-C is not one.
  if (io.signal?.aborted) throw interrupted();
  const exitCode = doctorExitCode(report);
  if (options.json)
    io.stdout.write(`${JSON.stringify(doctorDocument(report, exitCode), null, 2)}\n`);
  else io.stdout.write(renderDoctor(report, makeStyle(colorFor(io.stdout, io.env))));
  return exitCode;
}
