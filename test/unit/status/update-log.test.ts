import { describe, expect, it } from 'vitest';
import { cutUpdateLog, logPrefixMatches } from '../../../src/status/update-log.js';
import { column, table } from '../../support/shapes.js';

const log = {
  table: table([column('RecoveryKey', 'float')], { primaryKey: ['RecoveryKey'] }),
  keyColumn: 'RecoveryKey',
};
const logs = { a: log, b: log };
const sum = (rows: number, digest: string) => ({ rows, bytes: rows, digest });
/** A LastUpdateKey as status reads it: the number, and the server's exact text for it. */
const key = (n: number | null) => (n === null ? null : { rows: 1, maxKey: n, exactMax: `${n}.0` });

describe('cutUpdateLog', () => {
  it('cuts the side with the higher LastUpdateKey at the other side key', () => {
    expect(cutUpdateLog({ a: key(9), b: key(5) }, logs)).toEqual({ side: 'A', upTo: ['5.0'] });
    expect(cutUpdateLog({ a: key(3), b: key(5) }, logs)).toEqual({ side: 'B', upTo: ['3.0'] });
  });

  it('does not cut equal or missing keys, or a log whose key is not its RecoveryKey', () => {
    expect(cutUpdateLog({ a: key(5), b: key(5) }, logs)).toBeNull();
    expect(cutUpdateLog({ a: key(5), b: key(null) }, logs)).toBeNull();
    const other = {
      ...log,
      table: table([column('RecoveryKey', 'float'), column('id')], { primaryKey: ['id'] }),
    };
    expect(cutUpdateLog({ a: key(9), b: key(5) }, { a: other, b: log })).toBeNull();
    expect(cutUpdateLog({ a: key(9), b: key(5) }, { a: log, b: null })).toBeNull();
  });
});

describe('logPrefixMatches', () => {
  const split = { side: 'A' as const, upTo: ['5'] };
  it('compares the ahead side part below the cut with the whole behind log', () => {
    const matching = { checksums: { a: sum(10, '7'), b: sum(6, '3') }, prefix: sum(6, '3') };
    expect(logPrefixMatches({ a: 9, b: 5 }, split, matching)).toBe(true);
    const own = { checksums: { a: sum(10, '7'), b: sum(6, '4') }, prefix: sum(6, '3') };
    expect(logPrefixMatches({ a: 9, b: 5 }, split, own)).toBe(false);
  });

  it('is trivially true against an empty log, and unknown without a cut', () => {
    expect(logPrefixMatches({ a: 9, b: null }, null, undefined)).toBe(true);
    expect(logPrefixMatches({ a: 5, b: 5 }, null, undefined)).toBeNull();
    expect(logPrefixMatches({ a: 9, b: 5 }, null, undefined)).toBeNull();
  });
});
