import { describe, expect, it } from 'vitest';
import { analyseTrace } from '../../../../src/icm/trace/analyse-trace.js';
import type {
  FindingCode,
  SideSource,
  TraceAnalysis,
} from '../../../../src/icm/trace/trace-analysis.js';
import type { TraceSide } from '../../../../src/icm/trace/trace-side.js';
import { fixtureInput } from './trace-fixtures.js';

const SEED_KEYS = { A: '309975091099', B: '310466685004', ahead: 'B', gap: '491593905' } as const;
const NO_KEYS = { A: null, B: null, ahead: null, gap: null } as const;
const B_TO_A = ['icmsync status', 'icmsync sync --from B --to A --dry-run'] as const;
const SENDER_CODES: FindingCode[] = ['TEMP_FILE_FAILED', 'SEND_SETUP_FAILED', 'UPDATE_KEYS_DIFFER'];

interface Expected {
  readonly codes: readonly FindingCode[];
  readonly side: readonly [TraceSide | null, SideSource];
  readonly keys: TraceAnalysis['lastUpdateKeys'];
  readonly next: readonly [string, string | null] | null;
  /** A text the first finding's message must contain (the Windows error name, a duration…). */
  readonly says?: string;
}

const sender = (says: string, source: SideSource = 'sender-key-order'): Expected => ({
  codes: SENDER_CODES,
  side: ['B', source],
  keys: SEED_KEYS,
  next: B_TO_A,
  says,
});
const stuckA = (says: string): Expected => ({
  codes: ['RECEIVE_STUCK'],
  side: ['A', 'database-name'],
  keys: NO_KEYS,
  next: B_TO_A,
  says,
});
const nothing: Expected = { codes: [], side: [null, 'unknown'], keys: NO_KEYS, next: null };

const CORPUS: Readonly<Record<string, Expected>> = {
  'seed-receiver-a.txt': stuckA(
    'at 23:27:04 and then only logged "Waiting for MDS Messages" (2 times) for 14 s',
  ),
  'seed-receiver-a.lines.txt': stuckA('for 14 s, until 23:27:18, and the trace ends there'),
  'seed-sender-b.txt': sender('Windows error 5 ERROR_ACCESS_DENIED ("Access is denied.")'),
  'seed-sender-b.lines.txt': sender('Windows error 5 ERROR_ACCESS_DENIED'),
  'seed-sender-b.utf16le-bom.txt': sender('Windows error 5 ERROR_ACCESS_DENIED'),
  'seed-sender-b.utf16le.txt': sender('Windows error 5 ERROR_ACCESS_DENIED'),
  'sender-disk-full-112.txt': sender('Windows error 112 ERROR_DISK_FULL'),
  'sender-path-not-found-3.txt': sender('Windows error 3 ERROR_PATH_NOT_FOUND'),
  'sender-unknown-error.txt': sender(
    'Windows error 1235 (unknown to icmsync) ("The request was aborted.")',
    'process-name',
  ),
  'date-prefixed-sender-b.txt': sender('Windows error 112 ERROR_DISK_FULL', 'process-name'),
  'iso-dates-receiver-a.txt': stuckA(
    '(3 times) for 180 s, until 2026-11-06 00:02:50:004, then it restarted. It got stuck like this 2 times',
  ),
  'technote-65201-assertion.txt': {
    codes: ['CONFIG_LOG_EMPTY'],
    side: ['A', 'process-name'],
    keys: NO_KEYS,
    next: B_TO_A,
    says: 'syncMsg.UpdateKey == g.checksumInfo.updateKey (y:\\icm\\logger\\logger\\rtinput.cpp, line 691) (3 times)',
  },
  'schema-mismatch.txt': {
    codes: ['SCHEMA_MISMATCH'],
    side: ['B', 'database-name'],
    keys: NO_KEYS,
    next: ['icmsync doctor', null],
    says: 'compatible with schema 77.4, but its database uses schema 76.2',
  },
  'truncated-receiver-a.txt': {
    codes: ['TRACE_CUT'],
    side: ['A', 'database-name'],
    keys: NO_KEYS,
    next: null,
    says: 'updateKey = 3104739"',
  },
  'truncated-first-line.txt': nothing,
  'empty.txt': nothing,
  'nginx-access.txt': nothing,
};

describe('analyseTrace on each sample of the corpus', () => {
  it.each(Object.entries(CORPUS))('%s', (name, expected) => {
    const analysis = analyseTrace([fixtureInput(name)]);
    expect(analysis.findings.map((f) => f.code)).toEqual(expected.codes);
    expect(analysis.recognised).toBe(expected !== nothing);
    expect(analysis.sides).toEqual([
      { file: name, side: expected.side[0], source: expected.side[1] },
    ]);
    expect(analysis.lastUpdateKeys).toEqual(expected.keys);
    expect(analysis.next && [analysis.next.command, analysis.next.followUp]).toEqual(expected.next);
    if (expected.says) expect(analysis.findings[0]?.message).toContain(expected.says);
    for (const f of analysis.findings) expect(f.file).toBe(name);
    // The document is plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(analysis))).toEqual(analysis);
  });

  it('reads the config checksum and schema figures of the receiving side', () => {
    const analysis = analyseTrace([fixtureInput('seed-receiver-a.txt')]);
    expect(analysis.configChecksums).toEqual([
      {
        file: 'seed-receiver-a.txt',
        side: 'A',
        line: 12,
        time: '23:27:03',
        rows: 23442,
        bytes: 13409511,
        checksum: 783166570,
        updateKey: '310473991055',
      },
    ]);
    expect(analysis.schemaVersions).toEqual([
      {
        file: 'seed-receiver-a.txt',
        side: 'A',
        line: 14,
        time: '23:27:03',
        major: 77,
        minor: 4,
        compatibleMajor: 77,
        compatibleMinor: 4,
      },
    ]);
    expect(analysis.files).toEqual([
      { name: 'seed-receiver-a.txt', lines: 27, recognisedLines: 12 },
    ]);
  });

  it('gives the cause and fix of each Windows error', () => {
    const first = (name: string) => analyseTrace([fixtureInput(name)]).findings[0];
    expect(first('seed-sender-b.txt')).toMatchObject({
      line: 6,
      time: '16:47:39',
      severity: 'error',
      cause: expect.stringContaining('cannot write to its own %temp% folder'),
      fix: expect.stringContaining('Grant full control'),
    });
    expect(first('sender-disk-full-112.txt')?.fix).toContain('Free disk space');
    expect(first('sender-path-not-found-3.txt')?.cause).toContain('folder that does not exist');
    expect(first('sender-unknown-error.txt')?.fix).toContain('net helpmsg 1235');
  });

  it('does not use figures from a line the file cuts short', () => {
    const analysis = analyseTrace([fixtureInput('truncated-receiver-a.txt')]);
    expect(analysis.configChecksums).toEqual([]);
    expect(analysis.findings[0]).toMatchObject({ severity: 'info', line: 12, time: '23:27:03' });
  });
});

describe('analyseTrace on both sides together', () => {
  const pair = analyseTrace([
    fixtureInput('seed-receiver-a.txt'),
    fixtureInput('seed-sender-b.txt'),
  ]);

  it("takes the sender as the receiver's peer and points the stuck receiver at its failure", () => {
    expect(pair.sides).toEqual([
      { file: 'seed-receiver-a.txt', side: 'A', source: 'database-name' },
      { file: 'seed-sender-b.txt', side: 'B', source: 'peer-file' },
    ]);
    expect(pair.findings.map((f) => [f.code, f.file])).toEqual([
      ['RECEIVE_STUCK', 'seed-receiver-a.txt'],
      ['TEMP_FILE_FAILED', 'seed-sender-b.txt'],
      ['SEND_SETUP_FAILED', 'seed-sender-b.txt'],
      ['UPDATE_KEYS_DIFFER', 'seed-sender-b.txt'],
    ]);
    expect(pair.findings[0]?.fix).toContain(
      "The sending side's trace (seed-sender-b.txt) shows why",
    );
    expect(pair.lastUpdateKeys).toEqual(SEED_KEYS);
    expect(pair.next).toMatchObject({ command: B_TO_A[0], followUp: B_TO_A[1] });
    expect(pair.next?.why).toContain('ahead of side A');
  });

  it('compares the config checksums of two receiving sides', () => {
    const start = (side: TraceSide, rows: number) => ({
      name: `side-${side}.txt`,
      text: `10:00:00 Trace: Connected to ucce_side${side} database.\n10:00:04 Trace: Checksum config complete: Rows = ${rows}, bytes = 13409511, checksum = 783166570, updateKey = 310473991055\n`,
    });
    const same = analyseTrace([start('A', 23442), start('B', 23442)]);
    expect(same.findings).toEqual([]);
    expect(same.next).toBeNull();
    const differ = analyseTrace([start('A', 23442), start('B', 23441)]);
    expect(differ.findings.map((f) => f.code)).toEqual(['CHECKSUMS_DIFFER']);
    expect(differ.findings[0]?.message).toContain('B Rows = 23441');
    expect(differ.next).toMatchObject({ command: 'icmsync diff', followUp: null });
  });

  it('finds schema versions that differ between the sides', () => {
    const schema = (side: TraceSide, minor: number) => ({
      name: `${side}.txt`,
      text: `07:02:16 l${side.toLowerCase()}-lgr Trace: Database uses Major Version 77, CC Minor Version ${minor} of the Schema\n07:02:16 l${side.toLowerCase()}-lgr Trace: Logger Compatible with Major Version 77, CC Minor Version ${minor} of the Schema\n`,
    });
    const analysis = analyseTrace([schema('A', 4), schema('B', 3)]);
    expect(analysis.findings.map((f) => [f.code, f.message])).toEqual([
      ['SCHEMA_MISMATCH', "Side A's database uses schema 77.4, side B's 77.3."],
    ]);
    expect(analysis.next?.command).toBe('icmsync doctor');
  });

  it('reports any other assertion, and without a direction proposes status then diff', () => {
    const analysis = analyseTrace([
      { name: 'b.txt', text: '10:00:00 lb-lgr Fail: Assertion failed: pMsg != NULL\n' },
    ]);
    expect(analysis.findings).toMatchObject([
      { code: 'ASSERTION', severity: 'error', message: "Side B's Logger asserted: pMsg != NULL." },
    ]);
    expect(analysis.next).toMatchObject({ command: 'icmsync status', followUp: 'icmsync diff' });
  });
});

describe('analyseTrace on input that is not a Logger trace', () => {
  it.each([
    ['no files', []],
    ['binary noise', [{ name: 'x', text: '\u0000\ufffd\u0001'.repeat(1000) }]],
    [
      'a long line of clocks and digits',
      [{ name: 'x', text: '9999:99:99 12:34:56:7 '.repeat(20_000) }],
    ],
    ['huge numbers', [{ name: 'x', text: `updateKey = ${'9'.repeat(5000)}23:00:00 x` }]],
  ])('%s: nothing recognised, no throw', (_, inputs) => {
    const analysis = analyseTrace(inputs);
    expect(analysis.recognised).toBe(false);
    expect(analysis.findings).toEqual([]);
    expect(analysis.next).toBeNull();
  });
});
