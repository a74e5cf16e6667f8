import { Writable } from 'node:stream';

/** The process as the CLI sees it; tests pass their own. Only src/cli touches the real one. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stdin: NodeJS.ReadableStream & {
    readonly isTTY?: boolean;
    setRawMode?(mode: boolean): unknown;
  };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted by Ctrl-C: commands pass it to the databases so running statements stop. */
  readonly signal?: AbortSignal;
  /**
   * `--quiet`: no progress and no narration on stderr. Errors, warnings and prompts still print,
   * and stdout is unchanged. @default false
   */
  readonly quiet?: boolean;
}

/** The real process. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    signal,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** FORCE_COLOR values that turn colour off rather than on (as Node and chalk read them). */
const FORCE_COLOR_OFF = new Set(['0', 'false']);

/**
 * What FORCE_COLOR asks for: true (colour even off a terminal), false (`0` or `false`: no colour),
 * or undefined when unset or empty (force-color.org: an empty value counts as unset).
 */
export function forcedColor(env: CliIo['env']): boolean | undefined {
  const value = env.FORCE_COLOR?.trim().toLowerCase();
  if (!value) return undefined;
  return !FORCE_COLOR_OFF.has(value);
}

/**
 * Whether to colour a stream. A non-empty NO_COLOR turns colour off and wins over everything (so
 * no escape code reaches a log someone asked to keep plain); an empty one counts as unset
 * (no-color.org). Then FORCE_COLOR decides when set; otherwise colour needs a terminal that is not
 * TERM=dumb.
 */
export function colorFor(stream: CliIo['stdout'], env: CliIo['env']): boolean {
  if (env.NO_COLOR) return false;
  return forcedColor(env) ?? (stream.isTTY === true && env.TERM !== 'dumb');
}

/**
 * Whether progress (a spinner on stderr) may draw: stderr is a terminal that can move its cursor
 * (not TERM=dumb) and has a width (ora divides by it: a pty nobody sized, as `script` makes, reports
 * 0), outside CI, and not `--quiet`. Colour settings do not matter: NO_COLOR gives a plain spinner,
 * and FORCE_COLOR never puts one in a log.
 */
export function spinnerFor(io: CliIo): boolean {
  return (
    io.stderr.isTTY === true &&
    io.stderr.columns !== 0 &&
    io.env.TERM !== 'dumb' &&
    !io.env.CI &&
    io.quiet !== true
  );
}

/**
 * Where human narration goes (plans, summaries, the demo's story beside a `--json` document):
 * stderr, or nowhere with `--quiet`.
 */
export function narration(io: CliIo): CliIo['stderr'] {
  if (!io.quiet) return io.stderr;
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}

/** A one-line warning on stderr. `--quiet` keeps warnings, as it keeps errors. */
export function warn(io: CliIo, message: string): void {
  io.stderr.write(`icmsync: warning: ${message}\n`);
}
