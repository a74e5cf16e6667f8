import { loadEngine } from '../../db/engines.js';
import type { SchemaVersion } from '../../icm/profile.js';
import { createLabPair, dropLabPair } from '../../lab/create-lab.js';
import { type Drift, NO_DRIFT, STATE_TRANSFER_DRIFT } from '../../lab/drift.js';
import { firstLine, IcmsyncError, isIcmsyncError } from '../../port/errors.js';
import { serverLabel } from '../../port/server-label.js';
import { SIDES, type Side } from '../../port/types.js';
import { type CommonOptions, numberFlag } from '../common-options.js';
import type { ConfigLayer, ResolvedConfig } from '../config.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type CliIo, narration } from '../io.js';
import { loadConfig } from '../load-config.js';
import { confirm } from '../prompt.js';
import { startSpinner } from '../spinner.js';
import { JSON_VERSION } from '../status-json.js';
import { connectionFlags, databaseFlags } from '../suggest.js';

/** The instance name lab databases get without `--instance`: `icmlab_sideA`, `icmlab_sideB`. */
export const DEFAULT_LAB_INSTANCE = 'icmlab';

/** Options of `lab create` and `lab drop`. */
export interface LabOptions extends CommonOptions {
  readonly instance?: string;
  readonly scale?: string;
  readonly seed?: string;
  readonly identical?: boolean;
  readonly missing?: string;
  readonly extra?: string;
  readonly changed?: string;
  readonly logAhead?: string;
  readonly historyAhead?: string;
  readonly diverge?: string;
  readonly behind?: Side;
  readonly behindSchema?: string;
  readonly replace?: boolean;
  readonly yes?: boolean;
}

/** Lab databases are always `<instance>_sideA/B`, whatever the configuration names: never a real Logger's. */
export function labDatabases(instance: string | undefined): ConfigLayer {
  const name = instance ?? DEFAULT_LAB_INSTANCE;
  if (!/^[A-Za-z][A-Za-z0-9_]{0,100}$/.test(name)) {
    throw new IcmsyncError(
      `--instance must be letters, digits and _ starting with a letter, not "${name}"`,
      'USAGE',
    );
  }
  return { source: 'lab', a: { database: `${name}_sideA` }, b: { database: `${name}_sideB` } };
}

function parseSchema(raw: string | undefined): SchemaVersion | null {
  if (raw === undefined) return null;
  const match = /^(\d+)\.(\d+)$/.exec(raw);
  if (!match) throw new IcmsyncError(`--behind-schema must look like 77.3, not "${raw}"`, 'USAGE');
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** The drift the flags ask for: the state-transfer scenario by default, none with `--identical`. */
export function driftFrom(options: LabOptions): Drift {
  const base = options.identical ? NO_DRIFT : STATE_TRANSFER_DRIFT;
  const n = (name: string, raw: string | undefined, fallback: number) =>
    Math.floor(numberFlag(name, raw, fallback));
  return {
    behind: options.behind ?? base.behind,
    missing: n('missing', options.missing, base.missing),
    extra: n('extra', options.extra, base.extra),
    changed: n('changed', options.changed, base.changed),
    logAhead: n('log-ahead', options.logAhead, base.logAhead),
    historyAhead: n('history-ahead', options.historyAhead, base.historyAhead),
    diverge: n('diverge', options.diverge, base.diverge),
    behindSchema: parseSchema(options.behindSchema),
  };
}

const where = (config: ResolvedConfig, side: Side) => {
  const s = side === 'A' ? config.sides.a : config.sides.b;
  return `${s.database} on ${serverLabel(s)}`;
};

/** The configured servers, with the lab's own database names. */
const labConfig = (io: CliIo, options: LabOptions & Record<string, unknown>) =>
  loadConfig(io, {
    configPath: options.config,
    flags: options,
    command: labDatabases(options.instance),
  });

/** The command that removes a lab pair built with `config`, to paste. */
const dropCommand = (config: ResolvedConfig, instance: string | undefined) =>
  `icmsync lab drop ${connectionFlags(config.sides)} --instance ${instance ?? DEFAULT_LAB_INSTANCE}`;

/** A failed or interrupted build, with what it left behind and how to remove it. */
function halfBuilt(
  config: ResolvedConfig,
  instance: string | undefined,
  created: readonly Side[],
  error: unknown,
): IcmsyncError {
  const reason = isIcmsyncError(error) ? error : null;
  const left = [...created]
    .sort()
    .map((side) => where(config, side))
    .join(' and ');
  return new IcmsyncError(
    `${reason?.message ?? firstLine(error)}; ${left} left half built (remove with: ${dropCommand(config, instance)}; or rebuild with lab create --replace)`,
    reason?.code ?? 'INTERNAL',
    { cause: error },
  );
}

/** `icmsync lab create`: builds a drifted (or identical) Logger pair to try icmsync on. */
export async function labCreateCommand(
  io: CliIo,
  options: LabOptions & Record<string, unknown>,
): Promise<ExitCode> {
  const config = await labConfig(io, options);
  const drift = driftFrom(options);
  const seed = Math.floor(numberFlag('seed', options.seed, 1));
  const scale = numberFlag('scale', options.scale, 1, 0.01);
  const spinner = startSpinner(io, 'building the lab pair');
  const started = Date.now();
  const created: Side[] = [];
  let summary: Awaited<ReturnType<typeof createLabPair>>;
  try {
    summary = await createLabPair(await loadEngine(config.sides.a.engine), config.sides, {
      seed,
      scale,
      drift,
      replace: options.replace === true,
      signal: io.signal,
      onCreated: (side) => created.push(side),
      onProgress: (e) => spinner.update(`${e.side}: loaded ${e.table} (${e.rows} rows)`),
    });
  } catch (error) {
    throw created.length > 0 ? halfBuilt(config, options.instance, created, error) : error;
  } finally {
    spinner.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  if (options.json) {
    const sides = Object.fromEntries(
      SIDES.map((side) => {
        const s = side === 'A' ? config.sides.a : config.sides.b;
        const done = side === 'A' ? summary.a : summary.b;
        return [
          side,
          { server: serverLabel(s), database: s.database, rows: done.rows, tables: done.tables },
        ];
      }),
    );
    const document = {
      kind: 'icmsync.lab',
      version: JSON_VERSION,
      seed,
      scale,
      drift,
      sides,
      seconds,
      exitCode: EXIT.ok,
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    io.stdout.write(
      [
        `Lab Logger pair built in ${seconds.toFixed(1)} s (seed ${seed}, scale ${scale}):`,
        `  A  ${where(config, 'A')}: ${summary.a.rows} rows in ${summary.a.tables} tables`,
        `  B  ${where(config, 'B')}: ${summary.b.rows} rows in ${summary.b.tables} tables`,
        '',
        'Compare them with:',
        `  icmsync status ${connectionFlags(config.sides)} ${databaseFlags(config.sides)}`,
        '',
      ].join('\n'),
    );
  }
  return EXIT.ok;
}

/** `icmsync lab drop`: removes a lab pair; databases icmsync did not create are refused. */
export async function labDropCommand(
  io: CliIo,
  options: LabOptions & Record<string, unknown>,
): Promise<ExitCode> {
  const config = await labConfig(io, options);
  if (!options.yes) {
    if (!io.stdin.isTTY) {
      throw new IcmsyncError('lab drop runs unattended only with --yes (add --yes)', 'REFUSED');
    }
    if (!(await confirm(io, `Drop ${where(config, 'A')} and ${where(config, 'B')}?`))) {
      narration(io).write('Nothing dropped.\n');
      return EXIT.ok;
    }
  }
  const dropped = await dropLabPair(await loadEngine(config.sides.a.engine), config.sides);
  const text =
    dropped.length === 0
      ? 'No lab databases found.'
      : `Dropped ${dropped.map((s) => where(config, s)).join(' and ')}.`;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ kind: 'icmsync.lab-drop', version: JSON_VERSION, dropped, exitCode: EXIT.ok })}\n`,
    );
  } else {
    io.stdout.write(`${text}\n`);
  }
  return EXIT.ok;
}
