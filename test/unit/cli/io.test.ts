import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type CliIo,
  colorFor,
  forcedColor,
  narration,
  spinnerFor,
  warn,
} from '../../../src/cli/io.js';
import { startSpinner } from '../../../src/cli/spinner.js';

/** A stream that records what is written, on a terminal (with a tty's cursor moves) or not. */
function stream(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), {
    isTTY,
    text: '',
    columns: 80,
    cursorTo: (x: number) => out.write(`\u001b[${x + 1}G`),
    clearLine: () => out.write('\u001b[2K'),
    moveCursor: (_dx: number, dy: number) => out.write(dy < 0 ? `\u001b[${-dy}A` : ''),
  });
  out.on('data', (chunk: Buffer) => {
    out.text += chunk.toString();
  });
  return out;
}

function io(env: Record<string, string>, tty = true, quiet = false): CliIo {
  return {
    stdin: Object.assign(new PassThrough(), { isTTY: tty }),
    stdout: stream(tty),
    stderr: stream(tty),
    env,
    cwd: '/',
    quiet,
  };
}

const terminal = { isTTY: true } as CliIo['stdout'];
const pipe = { isTTY: false } as CliIo['stdout'];

describe('colorFor', () => {
  it.each([
    ['a terminal', terminal, {}, true],
    ['a pipe', pipe, {}, false],
    ['NO_COLOR=1', terminal, { NO_COLOR: '1' }, false],
    ['NO_COLOR=0 (any non-empty value)', terminal, { NO_COLOR: '0' }, false],
    ['an empty NO_COLOR (unset)', terminal, { NO_COLOR: '' }, true],
    ['TERM=dumb', terminal, { TERM: 'dumb' }, false],
    ['FORCE_COLOR=0', terminal, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false', terminal, { FORCE_COLOR: 'false' }, false],
    ['FORCE_COLOR=1 on a pipe', pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=3 with TERM=dumb', terminal, { FORCE_COLOR: '3', TERM: 'dumb' }, true],
    ['FORCE_COLOR=true on a pipe', pipe, { FORCE_COLOR: 'true' }, true],
    ['an empty FORCE_COLOR (unset) on a pipe', pipe, { FORCE_COLOR: '' }, false],
    ['NO_COLOR beats FORCE_COLOR', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['an empty NO_COLOR leaves FORCE_COLOR', pipe, { NO_COLOR: '', FORCE_COLOR: '1' }, true],
  ])('%s', (_what, target, env, expected) => {
    expect(colorFor(target, env)).toBe(expected);
  });

  it('reads FORCE_COLOR as on, off or unset', () => {
    expect(
      [undefined, '', ' ', '0', 'FALSE', '1', '2', 'yes'].map((v) =>
        forcedColor({ FORCE_COLOR: v }),
      ),
    ).toEqual([undefined, undefined, undefined, false, false, true, true, true]);
  });
});

describe('spinnerFor', () => {
  it.each([
    ['a terminal', {}, true, false, true],
    ['NO_COLOR: progress stays, without colour', { NO_COLOR: '1' }, true, false, true],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, true, false, true],
    ['not a terminal', {}, false, false, false],
    ['not a terminal, even with FORCE_COLOR', { FORCE_COLOR: '1' }, false, false, false],
    ['CI', { CI: 'true' }, true, false, false],
    ['an empty CI', { CI: '' }, true, false, true],
    ['TERM=dumb (no cursor control)', { TERM: 'dumb' }, true, false, false],
    ['--quiet', {}, true, true, false],
  ])('%s', (_what, env, tty, quiet, expected) => {
    expect(spinnerFor(io(env, tty, quiet))).toBe(expected);
  });
});

it('draws no spinner on a terminal of zero width (a pty nobody sized)', () => {
  const target = io({});
  Object.assign(target.stderr, { columns: 0 });
  expect(spinnerFor(target)).toBe(false);
});

describe('startSpinner', () => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching colour escapes is the point.
  const COLOUR = /\u001b\[(?:3\d|9\d|1|2|22|39)m/;
  const draw = async (target: CliIo) => {
    const spinner = startSpinner(target, 'comparing side A and side B');
    await new Promise((resolve) => setTimeout(resolve, 100));
    spinner.stop();
    return (target.stderr as ReturnType<typeof stream>).text;
  };

  it('draws on a terminal with NO_COLOR, without colour', async () => {
    const text = await draw(io({ NO_COLOR: '1' }));
    expect(text).toContain('comparing side A and side B');
    expect(text).not.toMatch(COLOUR);
  });

  it('draws nothing with --quiet or off a terminal', async () => {
    expect(await draw(io({}, true, true))).toBe('');
    expect(await draw(io({}, false))).toBe('');
  });
});

describe('narration and warn', () => {
  it('narrates on stderr, and nowhere with --quiet; warnings print either way', () => {
    const loud = io({});
    const quiet = io({}, true, true);
    for (const target of [loud, quiet]) {
      narration(target).write('Sync plan: …\n');
      warn(target, 'ICMSYNC_SEVER is not a variable icmsync reads');
    }
    const text = (target: CliIo) => (target.stderr as ReturnType<typeof stream>).text;
    expect(text(loud)).toBe(
      'Sync plan: …\nicmsync: warning: ICMSYNC_SEVER is not a variable icmsync reads\n',
    );
    expect(text(quiet)).toBe('icmsync: warning: ICMSYNC_SEVER is not a variable icmsync reads\n');
  });
});
