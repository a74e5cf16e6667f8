import { preferStamp } from './glue-preference.js';
import { PROCESS_NAME, readLeadingProcess } from './logger-process.js';
import { findStampCandidates, type StampCandidate } from './trace-stamp.js';

/** One logical line of a Logger trace: a time stamp, perhaps a process name, and a message. */
export interface TraceLine {
  /** Position among the lines of the file, from 0. */
  readonly index: number;
  /** The time stamp as written (date included when there is one), or null for untimed text. */
  readonly time: string | null;
  /** The stamp's clock in seconds since midnight, for durations; null without a stamp. */
  readonly seconds: number | null;
  /** The process name written beside the stamp (`la-lgr`), if any. */
  readonly process: string | null;
  /** The message after the time stamp and process name. */
  readonly text: string;
}

// After a space, a stamp inside a line is taken as a new line only when a line opener follows:
// a process name, a `Trace:`-style tag or a message the Logger prints untagged. That keeps
// `Purge scheduled at 00:30:00 for …` whole while `…Messages 23:27:18 Trace: …` still splits.
const OPENER = new RegExp(
  `^\\s+(?:(?:${PROCESS_NAME.source})\\s|[A-Z][A-Za-z]*:\\s|(?:Initializing|Initiating|Connection|MDS|The Logger)\\b)`,
);

// A one-digit hour at the start of a line or after a space cannot be half of a glued number.
const ONE_DIGIT_HOUR = /(?:^|\s)\d:[0-5]\d:[0-5]\d(?=[\s.:,])/m;

/**
 * Splits a Logger trace into its lines, also where Cisco's examples run lines together
 * (`…Build 0977823:26:58 Initializing…` is `Build 09778`, then a line stamped `23:26:58`).
 */
export function splitTraceLines(text: string): TraceLine[] {
  const lines: TraceLine[] = [];
  const oneDigitHours = ONE_DIGIT_HOUR.test(text);
  let previousSeconds: number | null = null;
  const push = (time: StampCandidate | null, process: string | null, body: string) => {
    const trimmed = body.trim();
    if (time === null && trimmed === '') return;
    const leading = time === null && process === null ? readLeadingProcess(trimmed) : null;
    lines.push({
      index: lines.length,
      time: time?.time ?? null,
      seconds: time?.seconds ?? null,
      process: process ?? leading?.process ?? null,
      text: leading ? leading.rest.trim() : trimmed,
    });
  };

  for (const physical of text.split(/\r\n|\r|\n/)) {
    let open: { stamp: StampCandidate | null; process: string | null; from: number } = {
      stamp: null,
      process: null,
      from: 0,
    };
    for (const group of findStampCandidates(physical)) {
      const from = open.from;
      const viable = group.filter((c) => c.start >= from && opensLine(physical, c));
      const chosen = preferStamp(viable, {
        before: (start) => physical.slice(from, start),
        previousSeconds,
        oneDigitHours,
      });
      if (!chosen) continue;
      push(open.stamp, open.process, physical.slice(from, chosen.start));
      const after = chosen.process
        ? null
        : readLeadingProcess(physical.slice(chosen.end).trimStart());
      const rest = after ? physical.length - after.rest.length : chosen.end;
      open = { stamp: chosen, process: chosen.process ?? after?.process ?? null, from: rest };
      previousSeconds = chosen.seconds;
    }
    push(open.stamp, open.process, physical.slice(open.from));
  }
  return lines;
}

function opensLine(line: string, candidate: StampCandidate): boolean {
  if (candidate.start === 0) return true;
  const before = line[candidate.start - 1] ?? '';
  // Glued to the text before it, as in Cisco's run-together examples; but a one-digit hour cut
  // from a number (`at 00:30:00` read as `at 0` + `0:30:00`) must earn it with an opener too.
  const glued = !/\s/.test(before) && !(candidate.hourWidth === 1 && /\d/.test(before));
  return glued || candidate.process !== null || OPENER.test(line.slice(candidate.end));
}
