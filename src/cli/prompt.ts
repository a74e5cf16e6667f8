import { createInterface } from 'node:readline/promises';
import { IcmsyncError } from '../port/errors.js';
import type { CliIo } from './io.js';

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

/**
 * Asks for a secret on the terminal without echoing it. The question goes to stderr, so stdout
 * stays clean for `--json`.
 */
export function promptSecret(io: CliIo, question: string): Promise<string> {
  const { stdin, stderr } = io;
  if (!stdin.isTTY || !stdin.setRawMode) {
    return Promise.reject(
      new IcmsyncError('cannot prompt for a password without a terminal', 'CONFIG'),
    );
  }
  return new Promise((resolve, reject) => {
    let answer = '';
    stderr.write(question);
    stdin.setRawMode?.(true);
    stdin.resume();
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ENTER.has(ch) || ch === CTRL_D) return finish();
        if (ch === CTRL_C)
          return finish(new IcmsyncError('interrupted at the password prompt', 'INTERRUPTED'));
        if (BACKSPACE.has(ch)) answer = answer.slice(0, -1);
        else answer += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * Asks a yes/no question on the terminal; anything but y or yes is no. Ctrl-C (which readline turns
 * into an AbortError) is an interruption, as at the password prompt.
 */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    const answer = await rl.question(`${question} [y/N] `, io.signal ? { signal: io.signal } : {});
    return /^y(es)?$/i.test(answer.trim());
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      io.stderr.write('\n');
      throw new IcmsyncError(
        'interrupted at the confirmation; nothing was changed',
        'INTERRUPTED',
        {
          cause: error,
        },
      );
    }
    throw error;
  } finally {
    rl.close();
  }
}
