import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { analyseTrace, type TraceInput } from '../../icm/trace/analyse-trace.js';
import { decodeTrace } from '../../icm/trace/decode-trace.js';
import { IcmsyncError } from '../../port/errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { renderTrace } from '../render-trace.js';

/** The name standard input is reported by. */
const STDIN_NAME = '(stdin)';

async function readStdin(io: CliIo): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer | string));
  return Buffer.concat(chunks);
}

async function readInput(io: CliIo, path: string): Promise<TraceInput> {
  if (path === '-') return { name: STDIN_NAME, text: decodeTrace(await readStdin(io)) };
  try {
    return { name: basename(path), text: decodeTrace(await readFile(resolve(io.cwd, path))) };
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
    throw new IcmsyncError(`trace file ${path}: ${why} (check the path)`, 'USAGE', {
      cause: error,
    });
  }
}

/**
 * `icmsync trace <file…>`: explains Logger process traces (UTF-8 or UTF-16 as Windows writes them;
 * `-` reads standard input). It only reads files, so it exits 0 whenever it could read them, with
 * "nothing recognised" for text that is not a Logger trace.
 */
export async function traceCommand(
  io: CliIo,
  files: readonly string[],
  options: { readonly json?: boolean },
): Promise<ExitCode> {
  if (files.filter((f) => f === '-').length > 1)
    throw new IcmsyncError('trace reads standard input (-) once (give - only once)', 'USAGE');
  const inputs: TraceInput[] = [];
  for (const file of files) inputs.push(await readInput(io, file));
  const analysis = analyseTrace(inputs);
  if (options.json)
    io.stdout.write(`${JSON.stringify({ ...analysis, exitCode: EXIT.ok }, null, 2)}\n`);
  else io.stdout.write(renderTrace(analysis));
  return EXIT.ok;
}
