import { describe, expect, it } from 'vitest';
import { compareUpdateKeys } from '../../../../src/icm/trace/update-keys.js';

describe('compareUpdateKeys', () => {
  it("says which side is ahead and by how much, on the seed's keys", () => {
    expect(compareUpdateKeys('309975091099', '310466685004')).toEqual({
      A: '309975091099',
      B: '310466685004',
      ahead: 'B',
      gap: '491593905',
    });
  });

  it('stays exact beyond 2^53, where JavaScript numbers would call the keys equal', () => {
    expect(Number('9007199254740993') === Number('9007199254740992')).toBe(true);
    expect(compareUpdateKeys('9007199254740993', '9007199254740992')).toMatchObject({
      ahead: 'A',
      gap: '1',
    });
  });

  it('has no side ahead for equal keys, and no comparison with a key missing or malformed', () => {
    expect(compareUpdateKeys('310466685004', '310466685004')).toMatchObject({
      ahead: null,
      gap: '0',
    });
    expect(compareUpdateKeys('310466685004', null)).toEqual({
      A: '310466685004',
      B: null,
      ahead: null,
      gap: null,
    });
    expect(compareUpdateKeys('31046668500x', '1')).toMatchObject({ ahead: null, gap: null });
  });
});
