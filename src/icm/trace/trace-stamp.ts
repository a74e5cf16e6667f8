import { PROCESS_NAME } from './logger-process.js';

/** One way to read a time stamp in a line: where the trace line would begin and its clock. */
export interface StampCandidate {
  /** Where the trace line begins: the process name written before the stamp, or the stamp. */
  readonly start: number;
  /** Where the written stamp (date included) begins. */
  readonly stampStart: number;
  /** Just past the stamp. */
  readonly end: number;
  /** The stamp as written: `16:47:39`, `11/05/2026 16:47:39`, `2026-11-05 16:47:39.123`. */
  readonly time: string;
  /** Seconds since midnight, milliseconds as a fraction. */
  readonly seconds: number;
  /** How many digits the hour has here; a glued stamp may be read with one or two. */
  readonly hourWidth: 1 | 2;
  /** The process name written before the stamp (`la-lgr 16:47:39 …`), if any. */
  readonly process: string | null;
}

// A clock with two-digit minutes and seconds, optional milliseconds, then a space or the end.
// `\d+` takes the whole run of digits before the colon: a stamp glued to a number arrives as
// one run (`0977823:26:58`) and the hour is cut from its end below.
const CLOCK = /(\d+):([0-5]\d):([0-5]\d)(?:[.:,](\d{3}))?(?=\s|$)/g;

/** How far back from a clock a date and a process name are looked for. */
const LOOKBACK_CHARS = 48;

const US_DATE = /(\d+)\/(\d{1,2})(?:\/(?:\d{4}|\d{2}))?\s+$/;
const ISO_DATE = /(\d{4,})-(\d{2})-(\d{2})[ T]$/;
const PROCESS_BEFORE = new RegExp(`(${PROCESS_NAME.source})\\s+$`, 'd');

/**
 * Every time stamp a physical line could hold, one group per written clock; a group has several
 * candidates when digits are glued in front of the stamp and could belong to either side.
 */
export function findStampCandidates(line: string): StampCandidate[][] {
  const groups: StampCandidate[][] = [];
  for (const clock of line.matchAll(CLOCK)) {
    const [whole, run = '', mm = '0', ss = '0', ms] = clock;
    // `[05/Nov/2026:16:47:39` (an nginx log) is one value, not a stamp glued after a colon.
    if (line[clock.index - 1] === ':') continue;
    const end = clock.index + whole.length;
    const clockSeconds = Number(mm) * 60 + Number(ss) + (ms ? Number(ms) / 1000 : 0);
    const group: StampCandidate[] = [];
    for (const hourWidth of [2, 1] as const) {
      if (hourWidth > run.length) continue;
      const hour = Number(run.slice(-hourWidth));
      if (hour > 23) continue;
      const hourStart = clock.index + run.length - hourWidth;
      const seconds = hour * 3600 + clockSeconds;
      // A date can only precede an hour that starts its run of digits.
      const dates = hourWidth === run.length ? dateStarts(line, hourStart) : [];
      for (const stampStart of dates.length > 0 ? dates : [hourStart]) {
        group.push(withProcess(line, { stampStart, end, seconds, hourWidth }));
      }
    }
    if (group.length > 0) groups.push(group);
  }
  return groups;
}

// Where a date written just before the hour could start: `11/05/2026 `, `11/05 `, `2026-11-05 `.
// A glued month may take one or two of the digits before the slash, like a glued hour.
function dateStarts(line: string, hourStart: number): number[] {
  const from = Math.max(0, hourStart - LOOKBACK_CHARS);
  const before = line.slice(from, hourStart);
  const iso = ISO_DATE.exec(before);
  if (iso?.[1] && iso[2] && iso[3] && validMonthDay(Number(iso[2]), Number(iso[3]))) {
    return [from + iso.index + iso[1].length - 4];
  }
  const us = US_DATE.exec(before);
  if (!us?.[1] || !us[2]) return [];
  const starts: number[] = [];
  for (const width of [2, 1]) {
    if (width > us[1].length) continue;
    const first = Number(us[1].slice(-width));
    const second = Number(us[2]);
    // Month/day or day/month: both are in use; one of the two must be a month.
    if (validMonthDay(first, second) || validMonthDay(second, first)) {
      starts.push(from + us.index + us[1].length - width);
    }
  }
  return starts;
}

const validMonthDay = (month: number, day: number) =>
  month >= 1 && month <= 12 && day >= 1 && day <= 31;

function withProcess(
  line: string,
  stamp: Pick<StampCandidate, 'stampStart' | 'end' | 'seconds' | 'hourWidth'>,
): StampCandidate {
  const from = Math.max(0, stamp.stampStart - LOOKBACK_CHARS);
  const named = PROCESS_BEFORE.exec(line.slice(from, stamp.stampStart));
  const span = named?.indices?.[1];
  const processStart = span ? from + span[0] : -1;
  // A process name counts only as a whole word: at the line's start or after a space.
  const whole = processStart === 0 || (processStart > 0 && /\s/.test(line[processStart - 1] ?? ''));
  const process = whole && named?.[1] ? named[1] : null;
  const start = process ? processStart : stamp.stampStart;
  return { ...stamp, start, process, time: line.slice(stamp.stampStart, stamp.end) };
}
