import { describe, expect, it } from 'vitest';
import { splitTraceLines } from '../../../../src/icm/trace/split-trace.js';
import { fixtureText } from './trace-fixtures.js';

const shape = (text: string) => splitTraceLines(text).map((l) => [l.time, l.text]);

describe('splitTraceLines on Cisco run-together examples', () => {
  const receiver = splitTraceLines(fixtureText('seed-receiver-a.txt'));
  const sender = splitTraceLines(fixtureText('seed-sender-b.txt'));

  it('splits the receiving trace at every time stamp, 27 lines in order', () => {
    expect(receiver).toHaveLength(27);
    expect(receiver.map((l) => l.index)).toEqual([...Array(27).keys()]);
    expect(receiver[0]).toEqual({
      index: 0,
      time: '23:26:58',
      seconds: 23 * 3600 + 26 * 60 + 58,
      process: null,
      text: 'Trace: Release 5.0 service pack 0+, Build 09778',
    });
    expect(receiver[1]?.text).toBe('Initializing Event Management System (EMS) Library.');
    expect(receiver.at(-1)).toMatchObject({
      time: '23:27:18',
      text: 'Trace: NodeManagerHandler: Logger Waiting for MDS Messages...',
    });
  });

  it('cuts digits glued to a stamp where the previous line stays well formed', () => {
    const texts = receiver.map((l) => l.text);
    expect(texts).toContain('Trace: Logger Type is 1');
    expect(texts).toContain('Trace: Setting the maximum number of DB-Lib connections to 101');
    expect(receiver[11]).toMatchObject({
      time: '23:26:59',
      text: 'Trace: Starting config checksum, updateKey = 310473991055',
    });
    expect(receiver[12]?.text).toMatch(/, updateKey = 310473991055$/);
    expect(texts).toContain('Trace: EMT I/O completion ports: max threads=4, concurrent threads=0');
    expect(texts).toContain('Trace: The Logger is registered with MDS; handle = 36');
  });

  it("splits the sending trace: transaction, .0 keys and the seed's `Seed = 11088734`", () => {
    expect(sender.map((l) => l.text)).toEqual([
      'Trace: Thread[2536]: Commit Config Transaction 2000000598',
      'Trace: PrepareToSendState',
      'Trace: Synchronizing Configuration Data',
      'Trace: LastUpdateKey for B Configuration is 310466685004.0',
      'Trace: LastUpdateKey for A Configuration is 309975091099.0',
      'The Logger has completed Database Synchronization, 200 Config Message Log Entries Sent.Seed = 11088734',
      'Trace: Unable to GetTempFileName for temporary state transfer file. Last API Error [5]: Access is denied.',
      'Trace: Unable to setup to use file in sending state.',
      'Trace: CleanupPreparedState',
    ]);
    expect(new Set(sender.map((l) => l.time))).toEqual(new Set(['16:47:39']));
  });

  it('gives the same lines for the copies with line breaks', () => {
    expect(shape(fixtureText('seed-receiver-a.lines.txt'))).toEqual(
      receiver.map((l) => [l.time, l.text]),
    );
    expect(shape(fixtureText('seed-sender-b.lines.txt'))).toEqual(
      sender.map((l) => [l.time, l.text]),
    );
  });
});

describe('splitTraceLines with glued digits that allow two readings', () => {
  it('prefers the reading that leaves a twelve-digit update key, even with a one-digit hour', () => {
    const [first, second] = splitTraceLines(
      'Trace: Starting config checksum, updateKey = 3104739910512:00:05 Trace: next',
    );
    expect(first?.text).toBe('Trace: Starting config checksum, updateKey = 310473991051');
    expect(second).toMatchObject({ time: '2:00:05', text: 'Trace: next' });
  });

  it('otherwise reads two-digit hours, as Logger traces pad them', () => {
    const [first, second] = splitTraceLines('Trace: Seed = 3104739910512:00:05 Trace: next');
    expect(first?.text).toBe('Trace: Seed = 31047399105');
    expect(second?.time).toBe('12:00:05');
  });

  it('keeps a LastUpdateKey ending in .0 when a dated stamp is glued to it', () => {
    const lines = splitTraceLines(fixtureText('date-prefixed-sender-b.txt'));
    expect(lines[3]?.text).toBe('Trace: LastUpdateKey for B Configuration is 310466685004.0');
    expect(lines[4]?.time).toBe('11/05/2026 16:47:39.251');
    expect(lines[5]?.text).toMatch(/Entries Sent\.Seed = 11088734$/);
    expect(lines[6]).toMatchObject({ time: '11/05/2026 16:47:39.412', process: 'lb-lgr' });
  });

  it('in a file with one-digit hours, takes the reading closest after the previous stamp', () => {
    const forward = splitTraceLines('9:59:59 Trace: Rows = 1210:00:01 Trace: b');
    expect(forward.map((l) => l.time)).toEqual(['9:59:59', '10:00:01']);
    expect(forward[0]?.text).toBe('Trace: Rows = 12');
    const close = splitTraceLines('2:00:00 Trace: Rows = 4112:00:05 Trace: b');
    expect(close.map((l) => [l.time, l.text])).toEqual([
      ['2:00:00', 'Trace: Rows = 411'],
      ['2:00:05', 'Trace: b'],
    ]);
  });
});

describe('splitTraceLines stamp forms', () => {
  it.each([
    ['16:47:39.123 Trace: x', '16:47:39.123', null],
    ['16:47:39:123 Trace: x', '16:47:39:123', null],
    ['11/05/2026 16:47:39 Trace: x', '11/05/2026 16:47:39', null],
    ['2026-11-05 16:47:39 Trace: x', '2026-11-05 16:47:39', null],
    ['2026-11-05T16:47:39 Trace: x', '2026-11-05T16:47:39', null],
    ['11/05 16:47:39 Trace: x', '11/05 16:47:39', null],
    ['16:47:39 la-lgr Trace: x', '16:47:39', 'la-lgr'],
    ['la-lgr 16:47:39 Trace: x', '16:47:39', 'la-lgr'],
    ['lb-lgr 11/05/2026 16:47:39.5 Trace: x', null, null],
    ['lgr-A 2026-11-05 16:47:39,120 Trace: x', '2026-11-05 16:47:39,120', 'lgr-A'],
  ])('%s', (line, time, process) => {
    const [first] = splitTraceLines(line);
    if (time === null) {
      // A one-digit fraction is not a millisecond field: the line has no stamp at all.
      expect(first).toMatchObject({ time: null, process: 'lb-lgr' });
      return;
    }
    expect(first).toMatchObject({ time, process, text: 'Trace: x' });
  });

  it('computes seconds since midnight, milliseconds included', () => {
    expect(splitTraceLines('23:59:59.250 Trace: x')[0]?.seconds).toBe(86_399.25);
  });

  it('splits a stamp after a space only before a line opener', () => {
    expect(shape('16:47:39 Trace: Purge scheduled at 00:30:00 for table Agent')).toEqual([
      ['16:47:39', 'Trace: Purge scheduled at 00:30:00 for table Agent'],
    ]);
    expect(shape('23:27:08 Trace: Waiting 23:27:18 Trace: Waiting')).toEqual([
      ['23:27:08', 'Trace: Waiting'],
      ['23:27:18', 'Trace: Waiting'],
    ]);
  });

  it('keeps untimed lines, with a leading process name, across CRLF and CR line ends', () => {
    const lines = splitTraceLines('la-lgr Fail: Assertion failed: x\r\nplain text\rlast\n\n');
    expect(lines.map((l) => [l.time, l.process, l.text])).toEqual([
      [null, 'la-lgr', 'Fail: Assertion failed: x'],
      [null, null, 'plain text'],
      [null, null, 'last'],
    ]);
  });

  it('does not split an nginx log at its time stamps, nor accept impossible clocks', () => {
    const nginx = splitTraceLines(fixtureText('nginx-access.txt'));
    expect(nginx).toHaveLength(3);
    expect(nginx.every((l) => l.time === null)).toBe(true);
    expect(shape('Build 0977845:26:58 x')).toEqual([[null, 'Build 0977845:26:58 x']]);
  });

  it('returns nothing for empty text', () => {
    expect(splitTraceLines('')).toEqual([]);
    expect(splitTraceLines('\n\r\n')).toEqual([]);
  });
});
