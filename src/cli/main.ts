import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { DIFF_SCOPES } from '../diff/select-tables.js';
import { DEFAULT_MAX_ROWS, DEFAULT_TUNING } from '../diff/tuning.js';
import { firstLine, IcmsyncError, interrupted, isIcmsyncError } from '../port/errors.js';
import { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, SYNC_MODES } from '../sync/plan.js';
import { DEFAULT_JOURNAL_DIR, DEMO_LABS, DIFF_FORMATS } from './choices.js';
import { addCommonOptions, addCompareOptions, addOutputOptions } from './common-options.js';
import { EXIT, type ExitCode, exitCodeFor } from './exit-codes.js';
import { HELP, helpText } from './help.js';
import { type CliIo, processIo } from './io.js';
import { errorDocument } from './status-json.js';
import { silenceDriverDeprecations } from './warnings.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** The `--json` document of a failure, on stdout, so a runbook always has one to parse. */
function writeErrorDocument(io: CliIo, error: IcmsyncError, exitCode: ExitCode): void {
  io.stdout.write(`${JSON.stringify(errorDocument(error, error.code, exitCode))}\n`);
}

function reportError(io: CliIo, error: unknown, argv: readonly string[]): number {
  const known = isIcmsyncError(error)
    ? error
    : io.signal?.aborted
      ? interrupted()
      : new IcmsyncError(
          `unexpected error: ${firstLine(error)} (rerun with --debug and report it)`,
          'INTERNAL',
          { cause: error },
        );
  const exitCode = exitCodeFor(known.code);
  io.stderr.write(`icmsync: ${known.message}\n`);
  if (argv.includes('--debug')) {
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
      io.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    }
  }
  if (argv.includes('--json')) writeErrorDocument(io, known, exitCode);
  return exitCode;
}

/** Builds the program; each action stores its exit code in `done`. */
function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command('icmsync')
    .description(
      'Compare and synchronise the side A and side B Logger databases of a Cisco ICM / UCCE central controller.',
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Every error starts the same way, commander's usage errors included.
      outputError: (s, write) => write(`icmsync: ${s.replace(/^error: /, '')}`),
    })
    .showSuggestionAfterError()
    .addHelpText('after', helpText(HELP.program));
  // `--quiet` reaches a command as part of its io: no spinner, no narration.
  const ioFor = (options: { readonly quiet?: boolean }): CliIo =>
    options.quiet ? { ...io, quiet: true } : io;

  // `status` — do the two Logger databases agree, and which side is ahead?
  addCompareOptions(addCommonOptions(program.command('status')))
    .description(
      'compare side A and side B: schema version, config checksum, LastUpdateKey, historical tables, verdict',
    )
    .addHelpText('after', helpText(HELP.status))
    .action(async (options) =>
      done(await (await import('./commands/status.js')).statusCommand(ioFor(options), options)),
    );

  // `diff` — which rows differ, as a report for a change record and an exit code for a runbook.
  addCompareOptions(addCommonOptions(program.command('diff')))
    .description(
      'list the rows that differ: only in A, only in B, and changed (with both values), found by checksums of key ranges on the servers',
    )
    .addOption(
      new Option('--scope <scope>', 'config (default), historical or all').choices(DIFF_SCOPES),
    )
    .option(
      '--tables <list>',
      'names or globs, comma-separated; !name excludes (overrides --scope)',
    )
    .option(
      '--key <columns>',
      'match rows of tables without a key by these columns (comma-separated)',
    )
    .option('--since <recoveryKey>', 'historical tables: only rows with a higher RecoveryKey')
    .option('--max-rows <n>', `rows listed per table and category (default ${DEFAULT_MAX_ROWS})`)
    .option(
      '--leaf-rows <n>',
      `key ranges with at most this many rows are fetched and compared (default ${DEFAULT_TUNING.leafRows})`,
    )
    .addOption(
      new Option('--format <format>', 'text (default) or markdown, on stdout').choices(
        DIFF_FORMATS,
      ),
    )
    .option('--html <file>', 'also write the report as one self-contained HTML page to this file')
    .option(
      '--script <file>',
      'also write a reviewable SQL script that makes the --to side match the other',
    )
    .addOption(
      new Option(
        '--to <side>',
        'the side --script writes (default: the side status calls behind)',
      ).choices(['A', 'B']),
    )
    .addHelpText('after', helpText(HELP.diff))
    .action(async (options) =>
      done(await (await import('./commands/diff.js')).diffCommand(ioFor(options), options)),
    );

  // `sync` — the workaround itself: copy the healthy side to the other, in batches.
  addCompareOptions(addCommonOptions(program.command('sync')))
    .description(
      'bring one side in line with the other: guarded, in batches of one transaction each, journaled, verified and audited',
    )
    .addOption(new Option('--from <side>', 'the side copied from').choices(['A', 'B']))
    .addOption(new Option('--to <side>', 'the side written').choices(['A', 'B']))
    .addOption(
      new Option(
        '--mode <mode>',
        'merge (default: write only the rows that differ) or replace (every row, as ICMDBA)',
      ).choices(SYNC_MODES),
    )
    .addOption(
      new Option('--scope <scope>', 'config (default), historical or all').choices(DIFF_SCOPES),
    )
    .option(
      '--tables <list>',
      'names or globs, comma-separated; !name excludes (overrides --scope)',
    )
    .option('--batch-size <rows>', `rows per transaction (default ${DEFAULT_BATCH_SIZE})`)
    .option(
      '--concurrency <n>',
      `tables written at once, foreign keys permitting (default ${DEFAULT_CONCURRENCY}; at most poolSize - 1)`,
    )
    .option('--dry-run', 'print the plan and write nothing')
    .option('--yes', 'do not ask before writing (needed when not on a terminal)')
    .option('--force', 'sync even when status says the source is behind, or the sides diverged')
    .option(
      '--allow-sessions',
      'write even though the target database has other sessions (a running Logger)',
    )
    .option(
      '--lockout',
      "keep every other writer off the run's tables on the target until the sync ends, as ICMDBA's Lockout Changes",
    )
    .option(
      '--truncate-config-message-log',
      "empty the target's Config_Message_Log instead of copying it, as ICMDBA offers (off by default)",
    )
    .option(
      '--max-duration <time>',
      'stop cleanly at a batch boundary after this long: 40m, 90s, 1h30m',
    )
    .option('--resume', 'repeat the last sync that did not finish, from its journal')
    .option(
      '--journal-dir <dir>',
      `where journals and the audit file go (default ./${DEFAULT_JOURNAL_DIR})`,
    )
    .option('--audit-file <file>', 'the audit log, JSON lines (default <journal-dir>/audit.jsonl)')
    .addHelpText('after', helpText(HELP.sync))
    .action(async (options) =>
      done(await (await import('./commands/sync.js')).syncCommand(ioFor(options), options)),
    );

  // `doctor` — before the maintenance window: would this sync work, and if not, what to fix.
  addCompareOptions(addCommonOptions(program.command('doctor')))
    .description(
      'preflight a sync without writing: reachability, TLS, login, permissions, schema versions, table shapes, free space, Logger sessions, own folders, clocks; each check PASS, WARN or FAIL with its fix',
    )
    .addOption(
      new Option(
        '--from <side>',
        'the side sync would copy from (default: as status says)',
      ).choices(['A', 'B']),
    )
    .addOption(
      new Option('--to <side>', 'the side sync would write (default: as status says)').choices([
        'A',
        'B',
      ]),
    )
    .addOption(
      new Option('--mode <mode>', 'merge (default) or replace, as sync takes it').choices(
        SYNC_MODES,
      ),
    )
    .option('--lockout', 'as sync takes it: the target tables also need the right to add a trigger')
    .addOption(
      new Option('--scope <scope>', 'config (default), historical or all').choices(DIFF_SCOPES),
    )
    .option(
      '--tables <list>',
      'names or globs, comma-separated; !name excludes (overrides --scope)',
    )
    .option('--batch-size <rows>', `rows per transaction (default ${DEFAULT_BATCH_SIZE})`)
    .option(
      '--journal-dir <dir>',
      `the folder sync journals to, tried for writing (default ./${DEFAULT_JOURNAL_DIR})`,
    )
    .option('--audit-file <file>', 'the audit log sync appends to; its folder is tried too')
    .addHelpText(
      'after',
      helpText({
        examples: [
          'icmsync doctor                                # the direction status gives',
          'icmsync doctor --from A --to B --mode replace',
          'icmsync doctor --json --quiet > doctor.json; echo $?',
        ],
        environment: HELP.sync.environment,
        exitCodes: [
          [EXIT.ok, 'no check failed (warnings may remain)'],
          [EXIT.usage, 'usage or configuration error'],
          [EXIT.refused, 'a check failed: fix it before the sync'],
          [EXIT.interrupted, 'interrupted (Ctrl-C)'],
        ],
      }),
    )
    .action(async (options) =>
      done(await (await import('./commands/doctor.js')).doctorCommand(ioFor(options), options)),
    );

  // `demo` — the whole story on a lab pair, with nothing to configure.
  addCommonOptions(program.command('demo'))
    .description('build a drifted lab Logger pair (embedded by default) and run status on it')
    .addOption(
      new Option(
        '--lab <where>',
        'embedded (in-process PostgreSQL), postgres (local) or mssql (docker compose)',
      ).choices(DEMO_LABS),
    )
    .option('--scale <n>', 'lab size: 1 is about 4,000 rows (default 1)')
    .option('--seed <n>', 'lab seed (default 1)')
    .option('--parallel <n>', 'tables compared at once on each side (default 4)')
    .addHelpText('after', helpText(HELP.demo))
    .action(async (options) =>
      done(await (await import('./commands/demo.js')).demoCommand(ioFor(options), options)),
    );

  // `trace` — what Logger process traces say about a failed state transfer.
  addOutputOptions(program.command('trace'))
    .description(
      "explain Logger process traces: a stuck state transfer, the sending side's Windows error, LastUpdateKeys, what to run next",
    )
    .argument('<file...>', 'trace files (UTF-8 or UTF-16, as dumplog writes them); - for stdin')
    .addHelpText('after', helpText(HELP.trace))
    .action(async (files: string[], options) =>
      done(
        await (await import('./commands/trace.js')).traceCommand(ioFor(options), files, options),
      ),
    );

  // `lab` — build or drop a lab Logger pair on real servers.
  const lab = program
    .command('lab')
    .description('build or drop a lab Logger pair on the configured servers')
    .addHelpText('after', helpText(HELP.lab));
  addCommonOptions(lab.command('create'))
    .description('create <instance>_sideA and <instance>_sideB and fill them deterministically')
    .option('--instance <name>', 'lab instance name (default icmlab)')
    .option('--scale <n>', 'size: 1 is about 4,000 rows, 1000 about 4 million (default 1)')
    .option('--seed <n>', 'seed for the generated rows (default 1)')
    .option('--identical', 'build two identical sides (no drift)')
    .addOption(
      new Option('--behind <side>', 'the side that missed the state transfer (default B)').choices([
        'A',
        'B',
      ]),
    )
    .option('--missing <n>', 'config rows the behind side lacks (default 3)')
    .option('--extra <n>', 'config rows only the behind side has (default 2)')
    .option('--changed <n>', 'config rows older on the behind side (default 4)')
    .option('--log-ahead <n>', 'Config_Message_Log entries only the ahead side has (default 200)')
    .option(
      '--history-ahead <n>',
      'rows per historical table only the ahead side has (default 500)',
    )
    .option('--diverge <n>', 'Config_Message_Log entries only the behind side has (default 0)')
    .option('--behind-schema <major.minor>', 'a different schema version for the behind side')
    .option('--replace', 'rebuild lab databases that already exist')
    .addHelpText('after', helpText(HELP.labCreate))
    .action(async (options) =>
      done(await (await import('./commands/lab.js')).labCreateCommand(ioFor(options), options)),
    );
  addCommonOptions(lab.command('drop'))
    .description('drop <instance>_sideA and <instance>_sideB (only databases icmsync lab created)')
    .option('--instance <name>', 'lab instance name (default icmlab)')
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', helpText(HELP.labDrop))
    .action(async (options) =>
      done(await (await import('./commands/lab.js')).labDropCommand(ioFor(options), options)),
    );
  return program;
}

/** Runs icmsync with `argv` (without node and script) and returns the exit code; never exits itself. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version succeed; help shown because no command was given is a usage error.
      if (['commander.helpDisplayed', 'commander.version'].includes(error.code)) return EXIT.ok;
      if (argv.includes('--json')) {
        const message = firstLine(error).replace(/^error: /, '');
        writeErrorDocument(io, new IcmsyncError(message, 'USAGE'), EXIT.usage);
      }
      return EXIT.usage;
    }
    return reportError(io, error, argv);
  }
}

/** Longest wait for open handles to drain once a command has finished. */
const EXIT_GRACE_MS = 2000;
/** Longest wait for a command to stop after the first Ctrl-C before the process exits anyway. */
const INTERRUPT_GRACE_MS = 10_000;

/**
 * The executable's entry: real process, Ctrl-C handling, exit code. The first Ctrl-C aborts the
 * command's signal, so running statements are cancelled and the command ends as interrupted (exit
 * 130, with its `--json` document); a second one, or a command that does not stop within
 * {@link INTERRUPT_GRACE_MS}, exits at once.
 */
export async function run(): Promise<void> {
  silenceDriverDeprecations();
  const controller = new AbortController();
  // Sync stops at its next batch boundary and then puts back what it changed (triggers, lockout):
  // however long the batch in flight takes, only a second Ctrl-C cuts that short.
  const syncing = process.argv.slice(2).find((a) => !a.startsWith('-')) === 'sync';
  const stopNow = (why: string) => {
    const left = syncing
      ? ' (triggers or a lockout this sync changed may be left: the next sync into that database puts them back)'
      : '';
    process.stderr.write(`\nicmsync: ${why}${left}\n`);
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', () => {
    if (controller.signal.aborted) stopNow('interrupted again: stopped at once');
    process.stderr.write(
      syncing
        ? '\nicmsync: interrupting at the next batch boundary… (Ctrl-C again to stop at once)\n'
        : '\nicmsync: interrupting… (Ctrl-C again to stop at once)\n',
    );
    controller.abort();
    if (syncing) return;
    setTimeout(
      () => stopNow('interrupted: did not stop in time, stopped at once'),
      INTERRUPT_GRACE_MS,
    ).unref();
  });
  const code = await main(process.argv.slice(2), processIo(controller.signal));
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}
