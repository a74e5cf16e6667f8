import { describe, expect, it } from 'vitest';
import {
  checkFreeSpace,
  estimateWork,
  roomOf,
  type SpaceFacts,
  spaceNeeds,
} from '../../../src/doctor/free-space.js';
import type { StorageFile, TableProbe } from '../../../src/port/probe.js';

const MB = 1024 * 1024;
const GRANTS = {
  select: true,
  insert: true,
  update: true,
  delete: true,
  disableTriggers: true,
  keepIdentity: true,
};
const probe = (table: string, bytes: number, rows: number): TableProbe => ({
  table,
  grants: GRANTS,
  size: { bytes, rows },
});

const file = (over: Partial<StorageFile>): StorageFile => ({
  role: 'data',
  name: 'f',
  sizeBytes: 100 * MB,
  usedBytes: 100 * MB,
  maxBytes: 100 * MB,
  volume: 'D:\\',
  volumeFreeBytes: 1000 * MB,
  ...over,
});

describe('estimateWork', () => {
  it("sums the source's and target's sizes of the tables to write, and one batch of the widest rows", () => {
    const work = estimateWork(
      ['dbo.Agent', 'dbo.Person'],
      [
        probe('dbo.Agent', 10 * MB, 1000),
        probe('dbo.Person', 2 * MB, 10),
        probe('dbo.Other', MB, 1),
      ],
      [probe('dbo.Agent', 9 * MB, 900), probe('dbo.Person', 2 * MB, 10)],
      100,
    );
    expect(work).toEqual({
      sourceBytes: 12 * MB,
      targetBytes: 11 * MB,
      batchBytes: ((2 * MB) / 10) * 100,
    });
  });

  it('cannot estimate when the source hides a size or a table', () => {
    expect(estimateWork(['dbo.Agent'], [], [], 100).sourceBytes).toBeNull();
    const hidden: TableProbe = { table: 'dbo.Agent', grants: GRANTS, size: null };
    expect(estimateWork(['dbo.Agent'], [hidden], [], 100)).toMatchObject({
      sourceBytes: null,
      batchBytes: null,
    });
  });
});

describe('spaceNeeds', () => {
  const work = { sourceBytes: 10 * MB, targetBytes: 8 * MB, batchBytes: MB };

  it('replace: the whole source in data, source and target in the log (a bound)', () => {
    expect(spaceNeeds('replace', work)?.map((n) => [n.role, n.bytes / MB, n.firm])).toEqual([
      ['data', 10, true],
      ['log', 18, false],
      ['tempdb', 1, true],
    ]);
  });

  it('merge: the net growth in data, at most the source in the log', () => {
    expect(spaceNeeds('merge', work)?.map((n) => [n.role, n.bytes / MB, n.firm])).toEqual([
      ['data', 2, true],
      ['log', 10, false],
      ['tempdb', 1, true],
    ]);
    expect(spaceNeeds('merge', { ...work, targetBytes: 20 * MB })?.[0]?.bytes).toBe(0);
  });
});

describe('roomOf', () => {
  it('adds free pages inside the files and growth up to their limit and their volume', () => {
    expect(
      roomOf([
        file({ usedBytes: 60 * MB, maxBytes: 300 * MB }),
        file({ name: 'g', usedBytes: 90 * MB, maxBytes: null }),
      ]),
    ).toEqual({ inFiles: 50 * MB, growth: 1000 * MB, growthUnknown: false, volumes: ['D:\\'] });
  });

  it('counts a volume once however many files grow on it, and nothing for fixed-size files', () => {
    const room = roomOf([
      file({ maxBytes: null, volumeFreeBytes: 50 * MB }),
      file({ name: 'g', maxBytes: null, volumeFreeBytes: 50 * MB }),
      file({ name: 'fixed', volume: 'E:\\', usedBytes: 80 * MB }),
    ]);
    expect(room).toMatchObject({ inFiles: 20 * MB, growth: 50 * MB, volumes: ['D:\\'] });
  });

  it('says so when a growing file sits on a volume whose free space is hidden', () => {
    expect(roomOf([file({ maxBytes: null, volumeFreeBytes: null })]).growthUnknown).toBe(true);
  });
});

describe('checkFreeSpace', () => {
  const facts = (over: Partial<SpaceFacts> = {}): SpaceFacts => ({
    side: 'B',
    mode: 'replace',
    storage: {
      files: [
        file({ role: 'data', maxBytes: null }),
        file({ role: 'log', name: 'log', volume: 'L:\\', maxBytes: null }),
        file({ role: 'tempdb', name: 'tempdev', volume: 'T:\\', usedBytes: 0 }),
      ],
      unknown: null,
      location: null,
    },
    work: { sourceBytes: 100 * MB, targetBytes: 90 * MB, batchBytes: MB },
    ...over,
  });

  it('passes when every kind of file has room, saying what each needs and has', () => {
    const check = checkFreeSpace(facts());
    expect(check.status).toBe('PASS');
    expect(check.message).toBe(
      'replace writes about 100.0 MB: data needs 100.0 MB (every source row, written again), has 1000.0 MB; log needs 190.0 MB (deleted and written rows, logged), has 1000.0 MB; tempdb needs 1.0 MB (one staged batch), has 100.0 MB',
    );
  });

  it('fails when the data files cannot grow enough, with how much to free', () => {
    const check = checkFreeSpace(
      facts({
        storage: {
          ...facts().storage,
          files: [file({ role: 'data', maxBytes: 150 * MB }), ...facts().storage.files.slice(1)],
        },
      }),
    );
    expect(check.status).toBe('FAIL');
    expect(check.fix).toBe(
      'free 50.0 MB for the data files (grow them, raise their MAXSIZE, or free their drive)',
    );
  });

  it('only warns when the log bound does not fit: merge and FULL recovery are not known', () => {
    const check = checkFreeSpace(
      facts({
        mode: 'merge',
        storage: {
          ...facts().storage,
          files: [
            file({ role: 'data', maxBytes: null }),
            file({ role: 'log', volume: 'L:\\', maxBytes: 120 * MB }),
          ],
        },
      }),
    );
    expect(check.status).toBe('WARN');
    expect(check.message).toContain(
      'log needs 100.0 MB (at most every source row, logged), has 20.0 MB',
    );
  });

  it('fails data and log that would together outgrow the one drive they share', () => {
    const shared = { volume: 'D:\\', volumeFreeBytes: 150 * MB, maxBytes: null };
    const check = checkFreeSpace(
      facts({
        storage: {
          files: [file({ role: 'data', ...shared }), file({ role: 'log', name: 'log', ...shared })],
          unknown: null,
          location: null,
        },
      }),
    );
    expect(check.status).toBe('FAIL');
    expect(check.message).toContain(
      'data and log together need 290.0 MB more on D:\\, which has 150.0 MB free',
    );
  });

  it('warns "cannot tell" on PostgreSQL, and says where to look', () => {
    const check = checkFreeSpace(
      facts({
        mode: 'merge',
        storage: {
          files: [],
          unknown: 'PostgreSQL does not report free disk space through SQL',
          location: '/var/lib/postgresql/15/main',
        },
      }),
    );
    expect(check).toMatchObject({
      status: 'WARN',
      message:
        'cannot tell: PostgreSQL does not report free disk space through SQL; the sync writes about 100.0 MB',
      fix: 'on the server, check that the filesystem holding /var/lib/postgresql/15/main has more than 100.0 MB free (df -h)',
    });
  });

  it('warns when the sizes are hidden, or growth lands on a drive it cannot see', () => {
    expect(
      checkFreeSpace(facts({ work: { sourceBytes: null, targetBytes: null, batchBytes: null } })),
    ).toMatchObject({
      status: 'WARN',
      message: expect.stringMatching(/^cannot estimate the work/),
    });
    const hidden = checkFreeSpace(
      facts({
        storage: {
          files: [file({ role: 'data', maxBytes: null, volumeFreeBytes: null })],
          unknown: null,
          location: null,
        },
      }),
    );
    expect(hidden.status).toBe('WARN');
    expect(hidden.fix).toContain('VIEW SERVER STATE');
  });
});
