import { closePair, openPair } from '../../db/open-pair.js';
import { readDiff } from '../../diff/diff.js';
import { diffIsClean } from '../../diff/diff-report.js';
import { DIFF_SCOPES, type DiffScope } from '../../diff/select-tables.js';
import { DEFAULT_MAX_ROWS, DEFAULT_TUNING } from '../../diff/tuning.js';
import { profileNamed } from '../../icm/profiles.js';
import { IcmsyncError } from '../../port/errors.js';
import { type CommonOptions, compareLayer, numberFlag } from '../common-options.js';
import { diffDocument } from '../diff-json.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type CliIo, colorFor } from '../io.js';
import { loadConfig } from '../load-config.js';
import { renderDiff } from '../render-diff.js';
import { renderDiffMarkdown } from '../render-diff-markdown.js';
import { startSpinner } from '../spinner.js';
import { makeStyle } from '../style.js';

/** Report formats for stdout. */
export const DIFF_FORMATS = ['text', 'markdown'] as const;

/** Options of `icmsync diff`. */
export interface DiffCommandOptions extends CommonOptions {
  readonly scope?: DiffScope;
  readonly tables?: string;
  readonly key?: string;
  readonly since?: string;
  readonly maxRows?: string;
  readonly leafRows?: string;
  readonly format?: (typeof DIFF_FORMATS)[number];
}

const wholeFlag = (name: string, raw: string | undefined, fallback: number, min: number) => {
  const value = numberFlag(name, raw, fallback, min);
  if (!Number.isInteger(value))
    throw new IcmsyncError(
      `--${name} must be a whole number, not "${raw}" (fix the flag)`,
      'USAGE',
    );
  return value;
};

/** `icmsync diff`: which rows differ between the sides, as a report and an exit code. */
export async function diffCommand(
  io: CliIo,
  options: DiffCommandOptions & Record<string, unknown>,
): Promise<ExitCode> {
  if (options.scope && !(DIFF_SCOPES as readonly string[]).includes(options.scope))
    throw new IcmsyncError(`--scope must be ${DIFF_SCOPES.join(', ')}`, 'USAGE');
  const maxRows = wholeFlag('max-rows', options.maxRows, DEFAULT_MAX_ROWS, 0);
  const leafRows = wholeFlag('leaf-rows', options.leafRows, DEFAULT_TUNING.leafRows, 1);
  const key = options.key
    ?.split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  const config = await loadConfig(io, {
    configPath: options.config,
    flags: options,
    command: compareLayer(options),
  });
  const pair = await openPair(config.sides, { signal: io.signal });
  try {
    const spinner = startSpinner(io, 'comparing side A and side B');
    let report: Awaited<ReturnType<typeof readDiff>>;
    try {
      report = await readDiff(pair, profileNamed(config.profile), {
        ...(options.scope ? { scope: options.scope } : {}),
        ...(options.tables ? { tables: options.tables } : {}),
        ...(key && key.length > 0 ? { key } : {}),
        ...(options.since ? { since: options.since } : {}),
        maxRows,
        parallel: config.parallel,
        tuning: { ...DEFAULT_TUNING, leafRows },
        onProgress: (e) => spinner.update(`compared ${e.table} (${e.done}/${e.total})`),
      });
    } finally {
      spinner.stop();
    }
    const exitCode = diffIsClean(report) ? EXIT.ok : EXIT.differences;
    if (options.json)
      io.stdout.write(`${JSON.stringify(diffDocument(report, exitCode), null, 2)}\n`);
    else if (options.format === 'markdown') io.stdout.write(renderDiffMarkdown(report));
    else io.stdout.write(renderDiff(report, makeStyle(colorFor(io.stdout, io.env))));
    return exitCode;
  } finally {
    await closePair(pair);
  }
}
