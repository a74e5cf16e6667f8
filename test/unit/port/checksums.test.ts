import { describe, expect, it } from 'vitest';
import { addChecksums, sameChecksum } from '../../../src/port/checksums.js';

describe('checksums', () => {
  it('adds two segments exactly, beyond the range of a JavaScript number', () => {
    const big = { rows: 2, bytes: 10, digest: '9223372036854775807' };
    expect(addChecksums(big, { rows: 3, bytes: 5, digest: '9223372036854775807' })).toEqual({
      rows: 5,
      bytes: 15,
      digest: '18446744073709551614',
    });
    expect(addChecksums(big, { rows: 1, bytes: 1, digest: '-9223372036854775807' }).digest).toBe(
      '0',
    );
  });

  it('calls segments the same only when counts and hash sums both agree', () => {
    const x = { rows: 2, bytes: 10, digest: '5' };
    expect(sameChecksum(x, { ...x, bytes: 11 })).toBe(true);
    expect(sameChecksum(x, { ...x, rows: 3 })).toBe(false);
    expect(sameChecksum(x, { ...x, digest: '6' })).toBe(false);
    expect(sameChecksum(x, null)).toBe(false);
  });
});
