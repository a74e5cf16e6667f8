import type { ClockReading } from '../port/probe.js';
import type { Pair } from '../port/types.js';
import { type Check, pass, skip, warn } from './check.js';

/**
 * Clocks further apart than this warn. The two sides of a central controller are meant to share
 * one time source; a few seconds apart already make their Logger traces, the audit record and the
 * journal hard to line up during a recovery, and no network round trip blurs a reading that much.
 */
export const CLOCK_SKEW_WARN_MS = 5000;

/** How far a server's clock is ahead of this machine's, and how sure that is (half the round trip). */
export function clockOffset(reading: ClockReading): { offsetMs: number; uncertaintyMs: number } {
  const midpoint = (reading.sentMs + reading.receivedMs) / 2;
  return {
    offsetMs: reading.serverMs - midpoint,
    uncertaintyMs: Math.max(0, reading.receivedMs - reading.sentMs) / 2,
  };
}

const seconds = (ms: number) =>
  Math.abs(ms) >= 1000 ? `${(Math.abs(ms) / 1000).toFixed(1)} s` : `${Math.round(Math.abs(ms))} ms`;

/**
 * The difference between the two servers' clocks, each reading corrected by half its round trip;
 * it warns only when the difference exceeds {@link CLOCK_SKEW_WARN_MS} by more than the readings'
 * own uncertainty.
 */
export function checkClock(readings: Pair<ClockReading | null>): Check {
  const { a, b } = readings;
  if (!a || !b) return skip('clock', null, 'needs both servers');
  if (!Number.isFinite(a.serverMs) || !Number.isFinite(b.serverMs)) {
    return warn(
      'clock',
      null,
      "cannot read a server's clock",
      "compare the servers' time by hand (SELECT SYSUTCDATETIME() or SELECT now())",
    );
  }
  const x = clockOffset(a);
  const y = clockOffset(b);
  const difference = x.offsetMs - y.offsetMs;
  const uncertainty = x.uncertaintyMs + y.uncertaintyMs;
  const ahead = difference > 0 ? 'A' : 'B';
  if (Math.abs(difference) - uncertainty > CLOCK_SKEW_WARN_MS) {
    return warn(
      'clock',
      null,
      `the servers' clocks differ by ${seconds(difference)} (±${seconds(uncertainty)}): ${ahead} is ahead`,
      'synchronise both servers with the same NTP source',
    );
  }
  return pass(
    'clock',
    null,
    `the servers' clocks agree within ${seconds(difference)} (±${seconds(uncertainty)})`,
  );
}
