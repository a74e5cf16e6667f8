import { envName, SIDE_FIELD_NAMES } from './config-fields.js';
import { EXIT } from './exit-codes.js';

/** One exit code and what it means for the command at hand. */
export type ExitLine = readonly [code: number, meaning: string];

/** What `--help` shows after the options: how to use the command in a runbook. */
export interface CommandHelp {
  readonly examples: readonly string[];
  readonly environment: readonly (readonly [name: string, meaning: string])[];
  readonly exitCodes: readonly ExitLine[];
}

/** The variables every command that reads the configuration honours. */
export const CONFIG_ENVIRONMENT = [
  ['ICMSYNC_CONFIG', 'configuration file, as --config (default ./icmsync.json)'],
  ['ICMSYNC_<SETTING>', 'a connection setting for both sides, e.g. ICMSYNC_SERVER (flags win)'],
  ['ICMSYNC_A_<SETTING>', 'the same for side A only (ICMSYNC_B_<SETTING> for side B)'],
  ['', `<SETTING>: ${SIDE_FIELD_NAMES.map(envName).join(', ')}`],
  [
    'ICMSYNC_PASSWORD',
    'password for both sides (ICMSYNC_A_PASSWORD, ICMSYNC_B_PASSWORD: one side)',
  ],
  ['ICMSYNC_PROFILE', 'as --profile'],
  ['ICMSYNC_PARALLEL', 'as --parallel'],
] as const;

/** The variables that decide colour and progress. */
export const OUTPUT_ENVIRONMENT = [
  ['NO_COLOR', 'any non-empty value: no colour (progress still shows on a terminal)'],
  ['FORCE_COLOR', '0 or false: no colour; any other non-empty value: colour even when piped'],
  ['CI', 'any non-empty value: no progress spinner'],
] as const;

/** The exit codes every command that connects can end with, besides its own 0 and 1. */
export const CONNECTING_EXITS: readonly ExitLine[] = [
  [EXIT.usage, 'usage or configuration error (also: not a Logger database)'],
  [EXIT.connect, 'cannot connect or authenticate'],
  [EXIT.refused, 'refused by a safety guard (e.g. different schema versions)'],
  [EXIT.failed, 'a statement failed on a server'],
  [EXIT.interrupted, 'interrupted (Ctrl-C)'],
];

/** Width the help's own sections wrap at, as commander wraps the options. */
const HELP_WIDTH = 80;

/** Splits `text` into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** Two columns, the second wrapped and aligned; a row with an empty name is a note. */
function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([name]) => name.length));
  const indent = width === 0 ? 2 : width + 4;
  return rows.flatMap(([name, meaning]) =>
    wrap(meaning, Math.max(HELP_WIDTH - indent, 30)).map((text, i) =>
      i === 0 && width > 0 ? `  ${name.padEnd(width)}  ${text}` : `${' '.repeat(indent)}${text}`,
    ),
  );
}

/** The text commander prints after a command's options. */
export function helpText(help: CommandHelp): string {
  return [
    '',
    'Examples:',
    ...help.examples.map((e) => `  ${e}`),
    '',
    'Environment:',
    ...table(help.environment),
    '',
    'Exit codes:',
    ...table(help.exitCodes.map(([code, meaning]) => [String(code), meaning])),
  ].join('\n');
}

const CONNECTING_ENVIRONMENT = [...CONFIG_ENVIRONMENT, ...OUTPUT_ENVIRONMENT];
const [usage, connect, , failed, interrupted] = CONNECTING_EXITS as [
  ExitLine,
  ExitLine,
  ExitLine,
  ExitLine,
  ExitLine,
];

/** The help of every command, by name (`lab create` as `labCreate`). */
export const HELP = {
  program: {
    examples: [
      'icmsync demo                                  # the whole story on an embedded pair',
      'icmsync status                                # with icmsync.json in this folder',
      'icmsync diff --json > diff.json',
      'icmsync sync --from A --to B --dry-run',
      'icmsync trace lgr-sideB.txt',
      'icmsync <command> --help                      # options, examples, exit codes',
    ],
    environment: CONNECTING_ENVIRONMENT,
    exitCodes: [
      [EXIT.ok, 'success; the sides are in sync'],
      [EXIT.differences, 'the sides differ'],
      usage,
      connect,
      [EXIT.refused, 'refused by a safety guard'],
      [EXIT.failed, 'the run failed or is incomplete (resumable)'],
      interrupted,
    ],
  },
  status: {
    examples: [
      'icmsync status',
      'ICMSYNC_PASSWORD=… icmsync status --a-server lgra --b-server lgrb --user icmsync_ro \\',
      '    --a-database ucce_sideA --b-database ucce_sideB',
      'icmsync status --json --quiet > status.json; echo $?',
    ],
    environment: CONNECTING_ENVIRONMENT,
    exitCodes: [
      [EXIT.ok, 'IN SYNC'],
      [EXIT.differences, 'A AHEAD, B AHEAD or DIVERGED'],
      usage,
      connect,
      [EXIT.refused, 'refused: the schema versions differ'],
      failed,
      interrupted,
    ],
  },
  diff: {
    examples: [
      'icmsync diff',
      'icmsync diff --scope all --json > diff.json',
      'icmsync diff --format markdown --html diff.html > diff.md',
      'icmsync diff --tables Agent,Person --script fix-b.sql --to B',
    ],
    environment: CONNECTING_ENVIRONMENT,
    exitCodes: [
      [EXIT.ok, 'no row differs'],
      [EXIT.differences, 'rows differ'],
      [EXIT.usage, `${usage[1]}; a report or script file cannot be written`],
      connect,
      [EXIT.refused, 'refused: the schema versions differ'],
      failed,
      interrupted,
    ],
  },
  sync: {
    examples: [
      'icmsync sync --from A --to B --dry-run',
      'icmsync sync --from A --to B                  # shows the plan, asks before writing',
      'icmsync sync --from A --to B --scope all --max-duration 40m --yes --json > sync.json',
      'icmsync sync --resume --yes                   # finish the last run that stopped',
    ],
    environment: CONNECTING_ENVIRONMENT,
    exitCodes: [
      [EXIT.ok, 'done and verified; also a dry run, nothing to do, or a declined prompt'],
      usage,
      connect,
      [
        EXIT.refused,
        'refused by a guard: no --yes off a terminal, source behind, sessions on the target, schemas or shapes differ',
      ],
      [EXIT.failed, 'stopped by --max-duration, verify failed, or a statement failed (rerun)'],
      [EXIT.interrupted, 'interrupted (Ctrl-C) at a batch boundary (rerun or --resume)'],
    ],
  },
  demo: {
    examples: [
      'icmsync demo',
      'icmsync demo --lab postgres --scale 0.2',
      'ICMSYNC_PASSWORD="$MSSQL_SA_PASSWORD" icmsync demo --lab mssql',
      'icmsync demo --json --quiet > final-status.json',
    ],
    environment: [
      ['(embedded lab)', 'reads no configuration; --lab postgres and --lab mssql read these:'],
      ...CONFIG_ENVIRONMENT.filter(
        ([name]) => !['ICMSYNC_CONFIG', 'ICMSYNC_PROFILE', 'ICMSYNC_PARALLEL'].includes(name),
      ),
      ...OUTPUT_ENVIRONMENT,
    ],
    exitCodes: [
      [EXIT.ok, 'the story ran: status IN SYNC after the sync'],
      usage,
      [EXIT.connect, 'cannot connect to the --lab postgres or --lab mssql servers'],
      [EXIT.failed, 'a step failed (a defect in icmsync: rerun with --debug and report it)'],
      interrupted,
    ],
  },
  trace: {
    examples: [
      'icmsync trace lgr-sideA.txt lgr-sideB.txt',
      'dumplog lgr /bt 11:00 | icmsync trace -',
      'icmsync trace --json lgr-sideB.txt > trace.json',
    ],
    environment: [['', 'trace reads no configuration and no ICMSYNC_* variable']],
    exitCodes: [
      [EXIT.ok, 'the traces were read (also when nothing in them was recognised)'],
      [EXIT.usage, 'a file cannot be read, or - given twice'],
    ],
  },
  lab: {
    examples: [
      'icmsync lab create --engine postgres --server 127.0.0.1 --user postgres --encrypt false',
      'icmsync lab drop --instance icmlab --yes',
    ],
    environment: CONNECTING_ENVIRONMENT,
    exitCodes: [
      [EXIT.ok, 'done'],
      usage,
      connect,
      [EXIT.refused, 'refused: a database icmsync lab did not create, or no --yes'],
      failed,
      interrupted,
    ],
  },
  labCreate: {
    examples: [
      'icmsync lab create                            # icmlab_sideA/B, B missed a state transfer',
      'icmsync lab create --instance t1 --identical --scale 10',
      'icmsync lab create --behind A --diverge 5 --replace --json',
    ],
    environment: CONNECTING_ENVIRONMENT,
    exitCodes: [
      [EXIT.ok, 'built'],
      usage,
      connect,
      [
        EXIT.refused,
        'refused: the database exists and icmsync lab did not create it, or holds a lab and no --replace',
      ],
      failed,
      [
        EXIT.interrupted,
        'interrupted (Ctrl-C): the message names what was left and how to drop it',
      ],
    ],
  },
  labDrop: {
    examples: [
      'icmsync lab drop --instance icmlab             # asks first',
      'icmsync lab drop --instance icmlab --yes --json',
    ],
    environment: CONNECTING_ENVIRONMENT,
    exitCodes: [
      [EXIT.ok, 'dropped (or no lab found, or the prompt declined)'],
      usage,
      connect,
      [EXIT.refused, 'refused: no --yes off a terminal'],
      failed,
      interrupted,
    ],
  },
} as const satisfies Record<string, CommandHelp>;
