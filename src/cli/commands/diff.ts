import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { loadEngine } from '../../db/engines.js';
import { closePair, openPair } from '../../db/open-pair.js';
import { readDiff } from '../../diff/diff.js';
import { diffIsClean } from '../../diff/diff-report.js';
import { FixScript } from '../../diff/fix-script.js';
import { DIFF_SCOPES, type DiffScope } from '../../diff/select-tables.js';
import { DEFAULT_MAX_ROWS, DEFAULT_TUNING } from '../../diff/tuning.js';
import type { Profile } from '../../icm/profile.js';
import { profileNamed } from '../../icm/profiles.js';
import type { Database } from '../../port/database.js';
import { firstLine, IcmsyncError } from '../../port/errors.js';
import { type Pair, pick, type Side } from '../../port/types.js';
import { readStatus } from '../../status/status.js';
import type { DiffFormat } from '../choices.js';
import { type CommonOptions, compareLayer, numberFlag } from '../common-options.js';
import { diffDocument } from '../diff-json.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type CliIo, colorFor, narration } from '../io.js';
import { loadConfig } from '../load-config.js';
import { renderDiff } from '../render-diff.js';
import { renderDiffHtml } from '../render-diff-html.js';
import { renderDiffMarkdown } from '../render-diff-markdown.js';
import { startSpinner } from '../spinner.js';
import { makeStyle } from '../style.js';

/** Options of `icmsync diff`. */
export interface DiffCommandOptions extends CommonOptions {
  readonly scope?: DiffScope;
  readonly tables?: string;
  readonly key?: string;
  readonly since?: string;
  readonly maxRows?: string;
  readonly leafRows?: string;
  readonly format?: DiffFormat;
  /** Also write the report as one HTML page to this file (relative to the working directory). */
  readonly html?: string;
  /** Also write a SQL script that makes the `to` side match the other (relative to the working directory). */
  readonly script?: string;
  /** The side `--script` writes. @default the side `status` calls behind */
  readonly to?: Side;
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

const WRITE_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such folder',
  ENOTDIR: 'no such folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  EISDIR: 'it is a folder',
  ENOSPC: 'no space left on the device',
};

const cannotWrite = (path: string, error: unknown) =>
  new IcmsyncError(
    `cannot write the HTML report ${path}: ${WRITE_FAILURES[(error as NodeJS.ErrnoException).code ?? ''] ?? firstLine(error)} (check the folder exists and is writable)`,
    'USAGE',
    { cause: error },
  );

/**
 * Writes `text` to a temporary file beside `path`, then renames it over `path`, so a reader never
 * finds a half-written report.
 */
async function writeWhole(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw cannotWrite(path, error);
  }
}

const cannotWriteScript = (path: string, error: unknown) =>
  new IcmsyncError(
    `cannot write the fix script ${path}: ${WRITE_FAILURES[(error as NodeJS.ErrnoException).code ?? ''] ?? firstLine(error)} (check the folder exists and is writable)`,
    'USAGE',
    { cause: error },
  );

/**
 * The side `--script` writes when `--to` is not given: the side status calls behind. Null when
 * status finds the sides in sync (a script is then written only if diff finds nothing either).
 */
async function scriptDirection(
  io: CliIo,
  pair: Pair<Database>,
  profile: Profile,
  parallel: number,
): Promise<Side | null> {
  const spinner = startSpinner(io, 'reading status: which side does --script write?');
  try {
    const { verdict } = await readStatus(pair, profile, { parallel });
    if (verdict.to || verdict.state === 'IN_SYNC') return verdict.to;
    throw new IcmsyncError(
      `status says ${verdict.state.replace('_', ' ')}, with no side to write: choose the side --script writes (add --to A or --to B)`,
      'USAGE',
    );
  } finally {
    spinner.stop();
  }
}

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
  const htmlPath = options.html === undefined ? undefined : resolve(io.cwd, options.html);
  // Fail before a long comparison rather than after it.
  if (htmlPath)
    await access(dirname(htmlPath), constants.W_OK).catch((error: unknown) => {
      throw cannotWrite(htmlPath, error);
    });
  const scriptPath = options.script === undefined ? undefined : resolve(io.cwd, options.script);
  if (options.to && !scriptPath)
    throw new IcmsyncError('--to says which side --script writes (add --script <file>)', 'USAGE');
  if (scriptPath)
    await access(dirname(scriptPath), constants.W_OK).catch((error: unknown) => {
      throw cannotWriteScript(scriptPath, error);
    });
  const config = await loadConfig(io, {
    configPath: options.config,
    flags: options,
    command: compareLayer(options),
  });
  const pair = await openPair(config.sides, { signal: io.signal });
  let script: FixScript | undefined;
  try {
    if (scriptPath) {
      const to =
        options.to ??
        (await scriptDirection(io, pair, profileNamed(config.profile), config.parallel));
      const engine = await loadEngine(pick(config.sides, to ?? 'B').engine);
      script = FixScript.create({ path: scriptPath, to, dialect: engine.scriptDialect });
    }
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
        ...(script ? { onRows: script.onRows } : {}),
      });
    } finally {
      spinner.stop();
    }
    const exitCode = diffIsClean(report) ? EXIT.ok : EXIT.differences;
    if (script && scriptPath) {
      const written = script;
      script = undefined;
      if (written.to === null && exitCode !== EXIT.ok) {
        await written.discard();
        throw new IcmsyncError(
          'status says IN SYNC, yet diff finds rows that differ: choose the side --script writes (add --to A or --to B)',
          'USAGE',
        );
      }
      const summary = await written.finish(report).catch((error: unknown) => {
        throw error instanceof IcmsyncError ? error : cannotWriteScript(scriptPath, error);
      });
      narration(io).write(
        summary.to === null
          ? `Fix script ${scriptPath}: nothing differs, so it changes nothing.\n`
          : `Fix script for ${summary.to} in ${scriptPath}: ${summary.inserted} rows inserted, ${summary.updated} updated, ${summary.deleted} deleted, in ${summary.statements} statements (review it, then apply it as its header says).\n`,
      );
    }
    // The file first: if it fails, stdout holds only the error (and its --json document).
    if (htmlPath) await writeWhole(htmlPath, renderDiffHtml(report, new Date()));
    if (options.json)
      io.stdout.write(`${JSON.stringify(diffDocument(report, exitCode), null, 2)}\n`);
    else if (options.format === 'markdown') io.stdout.write(renderDiffMarkdown(report));
    else io.stdout.write(renderDiff(report, makeStyle(colorFor(io.stdout, io.env))));
    return exitCode;
  } finally {
    await script?.discard();
    await closePair(pair);
  }
}
