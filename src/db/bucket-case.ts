/**
 * A `CASE` expression that numbers the bucket a key falls in, for `boundaries` ascending keys that
 * cut a key range into `boundaries + 1` buckets (bucket i holds the keys after boundary i-1 up to
 * boundary i). It is a binary search: each row meets about log2(boundaries) comparisons, so a
 * thousand buckets cost ten comparisons per row, and each boundary is written once. `atMost(i)` is
 * the engine's predicate "the row's key is at most boundary i".
 */
export function bucketCase(boundaries: number, atMost: (boundary: number) => string): string {
  const bucket = (lo: number, hi: number): string => {
    if (lo === hi) return String(lo);
    const mid = Math.floor((lo + hi) / 2);
    return `CASE WHEN ${atMost(mid)} THEN ${bucket(lo, mid)} ELSE ${bucket(mid + 1, hi)} END`;
  };
  return bucket(0, boundaries);
}
