import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { promptSecret } from '../../../src/cli/prompt.js';

/** A terminal stand-in: stdin in raw mode, stderr captured. */
function terminal() {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    raw: false,
    setRawMode(mode: boolean) {
      stdin.raw = mode;
      return stdin;
    },
  });
  const stderr = Object.assign(new PassThrough(), { isTTY: true, text: '' });
  stderr.on('data', (chunk: Buffer) => {
    stderr.text += chunk.toString();
  });
  const io: CliIo = { stdin, stderr, stdout: new PassThrough(), env: {}, cwd: '/' };
  return { io, stdin, stderr };
}

describe('promptSecret', () => {
  it('reads a line in raw mode without echoing it, honouring backspace', async () => {
    const { io, stdin, stderr } = terminal();
    const answer = promptSecret(io, 'Password for sa@loggera,1433 (side A): ');
    expect(stdin.raw).toBe(true);
    stdin.write('hunterX\u007f2\r');
    await expect(answer).resolves.toBe('hunter2');
    expect(stdin.raw).toBe(false);
    expect(stderr.text).toBe('Password for sa@loggera,1433 (side A): \n');
  });

  it('turns Ctrl-C into an interruption', async () => {
    const { io, stdin } = terminal();
    const answer = promptSecret(io, 'Password: ');
    stdin.write('abc\u0003');
    await expect(answer).rejects.toMatchObject({ code: 'INTERRUPTED' });
  });

  it('refuses to prompt without a terminal', async () => {
    const io: CliIo = {
      stdin: new PassThrough(),
      stderr: new PassThrough(),
      stdout: new PassThrough(),
      env: {},
      cwd: '/',
    };
    await expect(promptSecret(io, 'Password: ')).rejects.toMatchObject({ code: 'CONFIG' });
  });
});
