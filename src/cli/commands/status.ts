import { closePair, openPair } from '../../db/open-pair.js';
import { profileNamed } from '../../icm/profiles.js';
import type { Database } from '../../port/database.js';
import type { Pair } from '../../port/types.js';
import { readStatus, type StatusReport } from '../../status/status.js';
import { type CommonOptions, compareLayer } from '../common-options.js';
import type { ResolvedConfig } from '../config.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type CliIo, colorFor } from '../io.js';
import { loadConfig } from '../load-config.js';
import { renderStatus } from '../render-status.js';
import { startSpinner } from '../spinner.js';
import { statusDocument } from '../status-json.js';
import { makeStyle } from '../style.js';

/** The exit code status gives for a report: 0 in sync, 1 otherwise. */
export const statusExitCode = (report: StatusReport): ExitCode =>
  report.verdict.state === 'IN_SYNC' ? EXIT.ok : EXIT.differences;

/** Compares an open pair, with progress on a terminal; shared by `status` and `demo`. */
export async function compareSides(
  io: CliIo,
  pair: Pair<Database>,
  config: Pick<ResolvedConfig, 'profile' | 'parallel'>,
): Promise<StatusReport> {
  const spinner = startSpinner(io, 'comparing side A and side B');
  try {
    return await readStatus(pair, profileNamed(config.profile), {
      parallel: config.parallel,
      onProgress: (e) => spinner.update(`${e.step} (${e.done}/${e.total})`),
    });
  } finally {
    spinner.stop();
  }
}

/**
 * Prints a status report as text, or as the `--json` document carrying `exitCode`: the code the
 * command exits with, so the two always agree.
 */
export function printStatus(
  io: CliIo,
  report: StatusReport,
  output: { readonly json: boolean; readonly exitCode: ExitCode; readonly out?: CliIo['stdout'] },
): void {
  const out = output.out ?? io.stdout;
  if (output.json)
    out.write(`${JSON.stringify(statusDocument(report, output.exitCode), null, 2)}\n`);
  else out.write(renderStatus(report, makeStyle(colorFor(out, io.env))));
}

/** `icmsync status`: whether the two Logger databases agree, which side is ahead, and by how much. */
export async function statusCommand(
  io: CliIo,
  options: CommonOptions & Record<string, unknown>,
): Promise<ExitCode> {
  const config = await loadConfig(io, {
    configPath: options.config,
    flags: options,
    command: compareLayer(options),
  });
  const pair = await openPair(config.sides, { signal: io.signal });
  try {
    const report = await compareSides(io, pair, config);
    const exitCode = statusExitCode(report);
    printStatus(io, report, { json: options.json === true, exitCode });
    return exitCode;
  } finally {
    await closePair(pair);
  }
}
