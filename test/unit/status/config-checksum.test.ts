import { describe, expect, it } from 'vitest';
import { foldConfigChecksum } from '../../../src/status/config-checksum.js';

const sums = (entries: [string, number, string][]) =>
  new Map(entries.map(([name, rows, digest]) => [name, { rows, bytes: rows * 10, digest }]));

describe('foldConfigChecksum', () => {
  it('adds rows and bytes and carries the update key', () => {
    const c = foldConfigChecksum(
      sums([
        ['a', 2, '5'],
        ['b', 3, '-7'],
      ]),
      310473991055,
    );
    expect(c).toMatchObject({ rows: 5, bytes: 50, updateKey: 310473991055 });
    expect(c.checksum).toBeGreaterThanOrEqual(0);
    expect(c.checksum).toBeLessThan(2 ** 32);
  });

  it('does not depend on the order tables were read in', () => {
    const one = foldConfigChecksum(
      sums([
        ['a', 2, '5'],
        ['b', 3, '-7'],
      ]),
      null,
    );
    const two = foldConfigChecksum(
      sums([
        ['b', 3, '-7'],
        ['a', 2, '5'],
      ]),
      null,
    );
    expect(one.checksum).toBe(two.checksum);
  });

  it('changes when a digest changes or rows move between tables', () => {
    const base = foldConfigChecksum(
      sums([
        ['a', 2, '5'],
        ['b', 3, '-7'],
      ]),
      null,
    ).checksum;
    expect(
      foldConfigChecksum(
        sums([
          ['a', 2, '6'],
          ['b', 3, '-7'],
        ]),
        null,
      ).checksum,
    ).not.toBe(base);
    expect(
      foldConfigChecksum(
        sums([
          ['a', 3, '5'],
          ['b', 2, '-7'],
        ]),
        null,
      ).checksum,
    ).not.toBe(base);
  });
});
