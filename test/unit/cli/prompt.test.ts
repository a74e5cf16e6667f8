import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { passwordSource } from '../../../src/cli/load-config.js';
import { confirm, promptSecret } from '../../../src/cli/prompt.js';

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

describe('passwordSource', () => {
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('asks side by side, never two prompts at once', async () => {
    const { io, stdin, stderr } = terminal();
    const source = passwordSource(io);
    const a = source('A', 'sa@loggera,1433');
    const b = source('B', 'sa@loggerb,1433');
    const answers = Promise.all([a?.reveal(), b?.reveal()]);
    await flush();
    expect(stderr.text).toBe('Password for sa@loggera,1433 (side A): ');
    stdin.write('first\r');
    await flush();
    expect(stderr.text).toBe(
      'Password for sa@loggera,1433 (side A): \nPassword for sa@loggerb,1433 (side B): ',
    );
    stdin.write('second\r');
    await expect(answers).resolves.toEqual(['first', 'second']);
  });

  it('asks once when both sides share a login on the same server', async () => {
    const { io, stdin, stderr } = terminal();
    const source = passwordSource(io);
    const a = source('A', 'sa@logger,1433');
    const b = source('B', 'sa@logger,1433');
    expect(b).toBe(a);
    const answers = Promise.all([a?.reveal(), b?.reveal()]);
    await flush();
    stdin.write('shared\r');
    await expect(answers).resolves.toEqual(['shared', 'shared']);
    expect(stderr.text).toBe('Password for sa@logger,1433 (side A): \n');
  });

  it('does not ask side B after Ctrl-C at side A', async () => {
    const { io, stdin, stderr } = terminal();
    const source = passwordSource(io);
    const a = source('A', 'sa@loggera,1433')?.reveal();
    const b = source('B', 'sa@loggerb,1433')?.reveal();
    await flush();
    stdin.write('\u0003');
    await expect(a).rejects.toMatchObject({ code: 'INTERRUPTED' });
    await expect(b).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(stderr.text).not.toContain('side B');
  });

  it('takes the environment before any prompt', async () => {
    const { io, stderr } = terminal();
    const source = passwordSource({ ...io, env: { ICMSYNC_B_PASSWORD: 'fromenv' } });
    await expect(source('B', 'sa@loggerb,1433')?.reveal()).resolves.toBe('fromenv');
    expect(stderr.text).toBe('');
  });
});

describe('confirm', () => {
  it('takes y or yes, and anything else as no', async () => {
    for (const [typed, expected] of [
      ['y\r', true],
      ['YES\r', true],
      ['\r', false],
      ['nope\r', false],
    ] as const) {
      const { io, stdin } = terminal();
      const answer = confirm(io, 'Drop it?');
      stdin.write(typed);
      await expect(answer).resolves.toBe(expected);
    }
  });

  it('turns Ctrl-C into an interruption, not an unexpected error', async () => {
    const { io, stdin, stderr } = terminal();
    const answer = confirm(io, 'Drop icmlab_sideA and icmlab_sideB?');
    stdin.write('\u0003');
    await expect(answer).rejects.toMatchObject({
      code: 'INTERRUPTED',
      message: 'interrupted at the confirmation; nothing was changed',
    });
    expect(stderr.text).toContain('Drop icmlab_sideA and icmlab_sideB? [y/N] ');
  });
});
