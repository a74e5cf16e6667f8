import type { LastUpdateKeys } from './trace-analysis.js';

const DIGITS = /^\d+$/;

/**
 * Compares side A's and side B's LastUpdateKeys exactly: keys reach twelve digits and more, so
 * they go through BigInt, never a JavaScript number.
 */
export function compareUpdateKeys(a: string | null, b: string | null): LastUpdateKeys {
  if (a === null || b === null || !DIGITS.test(a) || !DIGITS.test(b)) {
    return { A: a, B: b, ahead: null, gap: null };
  }
  const diff = BigInt(a) - BigInt(b);
  return {
    A: a,
    B: b,
    ahead: diff > 0n ? 'A' : diff < 0n ? 'B' : null,
    gap: (diff < 0n ? -diff : diff).toString(),
  };
}
