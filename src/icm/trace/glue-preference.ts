import type { StampCandidate } from './trace-stamp.js';

/**
 * Message endings that tell how many digits are theirs when a time stamp is glued to them:
 * an update key is a twelve-digit configuration sequence number, and a LastUpdateKey is printed
 * as a float, so it ends in `.0`.
 */
export const KNOWN_ENDINGS: readonly { readonly ending: RegExp; readonly wellFormed: RegExp }[] = [
  { ending: /updateKey = [\d.]*$/, wellFormed: /= \d{12}$/ },
  { ending: /LastUpdateKey for [AB] Configuration is [\d.]*$/, wellFormed: /is \d+\.0$/ },
];

/** 1 when the text before a stamp ends like a known message, -1 when it breaks one, else 0. */
export function endingScore(before: string): -1 | 0 | 1 {
  for (const { ending, wellFormed } of KNOWN_ENDINGS) {
    if (ending.test(before)) return wellFormed.test(before) ? 1 : -1;
  }
  return 0;
}

/** What a choice between readings of one glued stamp may look at. */
export interface GlueContext {
  /** The text the previous trace line would end with if the stamp began at `start`. */
  readonly before: (start: number) => string;
  /** The clock of the previous time stamp in the file, in seconds since midnight. */
  readonly previousSeconds: number | null;
  /** Whether the file writes one-digit hours anywhere a stamp is unambiguous. */
  readonly oneDigitHours: boolean;
}

const DAY_SECONDS = 86_400;

/**
 * Picks the reading of a glued stamp that keeps the previous line well formed for the known
 * messages first, then the one whose hour width matches how the file writes hours (Logger
 * traces pad hours to two digits), then the one closest after the previous stamp.
 */
export function preferStamp(
  candidates: readonly StampCandidate[],
  context: GlueContext,
): StampCandidate | null {
  let best: StampCandidate | null = null;
  let bestScore: readonly number[] = [];
  for (const candidate of candidates) {
    const score = [
      endingScore(context.before(candidate.start)),
      candidate.hourWidth === 2 || context.oneDigitHours ? 1 : 0,
      -forwardGap(context.previousSeconds, candidate.seconds),
    ];
    if (best === null || isBetter(score, bestScore)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

// Traces run forward in time and wrap at midnight, so the gap is taken modulo a day.
function forwardGap(previous: number | null, seconds: number): number {
  if (previous === null) return 0;
  return (((seconds - previous) % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
}

function isBetter(score: readonly number[], than: readonly number[]): boolean {
  for (const [i, value] of score.entries()) {
    const other = than[i] ?? Number.NEGATIVE_INFINITY;
    if (value !== other) return value > other;
  }
  return false;
}
