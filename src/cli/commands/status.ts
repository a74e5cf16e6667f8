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

/** Compares an open pair and prints the report; shared by `status` and `demo`. */
export async function reportStatus(
  io: CliIo,
  pair: Pair<Database>,
  config: Pick<ResolvedConfig, 'profile' | 'parallel'>,
  json: boolean,
  out: CliIo['stdout'] = io.stdout,
): Promise<StatusReport> {
  const spinner = startSpinner(io, 'comparing side A and side B');
  let report: StatusReport;
  try {
    report = await readStatus(pair, profileNamed(config.profile), {
      parallel: config.parallel,
      onProgress: (e) => spinner.update(`${e.step} (${e.done}/${e.total})`),
    });
  } finally {
    spinner.stop();
  }
  if (json)
    out.write(`${JSON.stringify(statusDocument(report, statusExitCode(report)), null, 2)}\n`);
  else out.write(renderStatus(report, makeStyle(colorFor(out, io.env))));
  return report;
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
    return statusExitCode(await reportStatus(io, pair, config, options.json === true));
  } finally {
    await closePair(pair);
  }
}
