import { describe, expect, it } from 'vitest';
import { bucketCase } from '../../../src/db/bucket-case.js';
import {
  bucketRanges,
  byPath,
  differingBuckets,
  isLeaf,
  type Segment,
  samplingStep,
} from '../../../src/diff/segments.js';
import { DEFAULT_TUNING } from '../../../src/diff/tuning.js';

const sum = (rows: number, digest: string) => ({ rows, bytes: rows * 10, digest });

describe('segments', () => {
  it('cuts a range into one bucket more than boundaries, open at the range ends', () => {
    expect(bucketRanges({}, [['10'], ['20']])).toEqual([
      { upTo: ['10'] },
      { after: ['10'], upTo: ['20'] },
      { after: ['20'] },
    ]);
    expect(bucketRanges({ after: ['5'], upTo: ['30'] }, [['10']])).toEqual([
      { after: ['5'], upTo: ['10'] },
      { after: ['10'], upTo: ['30'] },
    ]);
    expect(bucketRanges({ after: ['5'] }, [])).toEqual([{ after: ['5'] }]);
  });

  it('keeps only the buckets whose checksums differ, with their counts and path', () => {
    const parent: Segment = { range: {}, rows: { a: 90, b: 91 }, path: [3] };
    const found = differingBuckets(parent, [['10'], ['20']], {
      a: [sum(30, '1'), sum(30, '2'), sum(30, '3')],
      b: [sum(30, '1'), sum(31, '9'), sum(30, '4')],
    });
    expect(found).toEqual([
      { range: { after: ['10'], upTo: ['20'] }, rows: { a: 30, b: 31 }, path: [3, 1] },
      { range: { after: ['20'] }, rows: { a: 30, b: 30 }, path: [3, 2] },
    ]);
  });

  it('orders segments by path, which is key order', () => {
    const at = (...path: number[]): Segment => ({ range: {}, rows: { a: 1, b: 1 }, path });
    expect([at(2), at(0, 5), at(1, 0, 3), at(0, 1)].sort(byPath).map((s) => s.path)).toEqual([
      [0, 1],
      [0, 5],
      [1, 0, 3],
      [2],
    ]);
  });

  it('fetches small or one-sided segments, cuts the others in request-sized steps', () => {
    const leaf = (a: number, b: number) =>
      isLeaf({ range: {}, rows: { a, b }, path: [] }, DEFAULT_TUNING);
    expect([leaf(32, 30), leaf(33, 0), leaf(0, 5000), leaf(33, 32)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(samplingStep(1_000_000, 1, DEFAULT_TUNING)).toBe(1000);
    expect(samplingStep(1_000_000, 2, DEFAULT_TUNING)).toBe(2000);
    expect(samplingStep(1000, 1, DEFAULT_TUNING)).toBe(DEFAULT_TUNING.leafRows);
  });
});

describe('bucketCase', () => {
  it('is a binary search that writes each boundary once and reaches every bucket', () => {
    const text = bucketCase(5, (i) => `k <= b${i}`);
    for (let i = 0; i < 5; i++) expect(text.split(`b${i} `).length - 1).toBe(1);
    // Evaluate the CASE for keys around each boundary (b_i = 10·(i+1)).
    const evaluate = (key: number): number => {
      const js = text
        .replace(/k <= b(\d)/g, (_, i) => `${key} <= ${10 * (Number(i) + 1)}`)
        .replace(/CASE WHEN (.+?) THEN/g, '(($1) ?')
        .replace(/ ELSE /g, ' : ')
        .replace(/ END/g, ')');
      return Function(`return ${js}`)() as number;
    };
    expect([5, 10, 11, 20, 35, 50, 51, 99].map(evaluate)).toEqual([0, 0, 1, 1, 3, 4, 5, 5]);
    expect(bucketCase(0, () => 'never')).toBe('0');
  });
});
