/** The process as the CLI sees it; tests pass their own. Only src/cli touches the real one. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & {
    readonly isTTY?: boolean;
    setRawMode?(mode: boolean): unknown;
  };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted by Ctrl-C: commands pass it to the databases so running statements stop. */
  readonly signal?: AbortSignal;
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

/** Whether to colour a stream: a terminal, and neither NO_COLOR nor TERM=dumb. */
export function colorFor(stream: CliIo['stdout'], env: CliIo['env']): boolean {
  return stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** Whether a spinner may draw: a colourable terminal outside CI. */
export function spinnerFor(io: CliIo): boolean {
  return colorFor(io.stderr, io.env) && !io.env.CI;
}
