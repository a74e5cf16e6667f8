import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { main } from '../../../src/cli/main.js';

/** What `icmsync <args>` prints on stdout, and its exit code. */
async function run(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: out,
    stderr: new PassThrough(),
    env: {},
    cwd: '/',
  };
  const code = await main(args, io);
  return { code, stdout };
}

/** The commands a help text lists, `help` aside. */
const commandsIn = (help: string) =>
  [...(help.split('\nCommands:\n')[1] ?? '').matchAll(/^ {2}([a-z][\w-]*)/gm)]
    .map((m) => m[1] as string)
    .filter((name) => name !== 'help');

async function everyCommand(): Promise<string[][]> {
  const all: string[][] = [[]];
  for (const name of commandsIn((await run(['--help'])).stdout)) {
    all.push([name]);
    for (const sub of commandsIn((await run([name, '--help'])).stdout)) all.push([name, sub]);
  }
  return all;
}

describe('--help', () => {
  it('lists the commands', async () => {
    const commands = (await everyCommand()).map((c) => c.join(' '));
    expect(commands).toEqual(
      expect.arrayContaining([
        'status',
        'diff',
        'sync',
        'demo',
        'trace',
        'lab',
        'lab create',
        'lab drop',
      ]),
    );
  });

  it('gives every command examples, its environment variables and its exit codes', async () => {
    for (const command of await everyCommand()) {
      const { code, stdout } = await run([...command, '--help']);
      const name = `icmsync ${command.join(' ')} --help`;
      expect(code, name).toBe(0);
      expect(stdout, name).toContain('\nExamples:\n');
      expect(stdout, name).toContain('\nEnvironment:\n');
      expect(stdout, name).toMatch(/\nExit codes:\n {2}0 /);
      expect(stdout.indexOf('Examples:'), name).toBeLessThan(stdout.indexOf('Exit codes:'));
    }
  });

  it('names the value of every option that takes one', async () => {
    for (const command of await everyCommand()) {
      const { stdout } = await run([...command, '--help']);
      const values = [...stdout.matchAll(/^ {2}(?:-\w, )?--[\w-]+ [<[]([^>\]]+)[>\]]/gm)].map(
        (m) => m[1],
      );
      expect(
        values.filter((v) => v === 'value'),
        command.join(' '),
      ).toEqual([]);
    }
    const status = (await run(['status', '--help'])).stdout;
    for (const option of [
      '--server <host>',
      '--a-port <port>',
      '--b-user <login>',
      '--encrypt <bool>',
      '--request-timeout-ms <ms>',
      '--pool-size <n>',
      '--config <file>',
    ])
      expect(status).toContain(option);
  });

  it('offers --quiet and --json on every command that runs', async () => {
    for (const command of await everyCommand()) {
      const { stdout } = await run([...command, '--help']);
      if (stdout.includes('\nCommands:\n')) continue;
      expect(stdout, command.join(' ')).toContain('--quiet');
      expect(stdout, command.join(' ')).toContain('--json');
    }
  });
});
