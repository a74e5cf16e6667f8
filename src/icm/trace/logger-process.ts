import type { TraceSide } from './trace-side.js';

/**
 * Process names as ICM prints them beside a trace line: `la-lgr`, `lb-lgr`, `ra-rtr`, `pg1a-pgag`
 * (node, side letter, dash, process) or `lgr-A`. Liberal on purpose: DBAs paste traces from
 * several tools that put the name before or after the time stamp.
 */
export const PROCESS_NAME = /(?:[a-z]{1,4}\d{0,3}[ab]-[a-z]{2,10}|[a-z]{2,10}-[AB])/;

const LEADING_PROCESS = new RegExp(`^(${PROCESS_NAME.source})(?=\\s|$)\\s*`);

/** Reads a process name at the start of `text`, returning it and the text after it. */
export function readLeadingProcess(text: string): { process: string; rest: string } | null {
  const match = LEADING_PROCESS.exec(text);
  if (!match?.[1]) return null;
  return { process: match[1], rest: text.slice(match[0].length) };
}

/** The side a Logger process name belongs to (`la-lgr` → A, `lgr-B` → B), or null for others. */
export function loggerProcessSide(process: string): TraceSide | null {
  if (!process.includes('lgr')) return null;
  const suffixed = /-([AB])$/.exec(process);
  if (suffixed?.[1]) return suffixed[1] as TraceSide;
  const prefixed = /([ab])-[a-z]+$/.exec(process);
  return prefixed?.[1] ? (prefixed[1].toUpperCase() as TraceSide) : null;
}
