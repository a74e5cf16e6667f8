import type { TraceLine } from './split-trace.js';
import type { TraceEventKind } from './trace-event.js';
import type { TraceFile } from './trace-file.js';

/** How long a receiving Logger waits for its peer's state before it asserts and restarts. */
export const RECEIVE_TIMEOUT_SECONDS = 180;

/** A state transfer RECEIVE after which the Logger only waited for MDS messages. */
export interface StuckReceive {
  /** The `Initiating state transfer RECEIVE operation` line. */
  readonly receive: TraceLine;
  /** The last `Logger Waiting for MDS Messages` line of the episode. */
  readonly lastWait: TraceLine;
  readonly waits: number;
  /** Seconds from the RECEIVE to the last wait; null without both time stamps. */
  readonly seconds: number | null;
  /** What ended the waiting: an assertion, the Logger starting again, or the end of the trace. */
  readonly endedBy: 'assertion' | 'restart' | 'trace-end';
}

// What a Logger prints while it starts: after a stuck RECEIVE, these mean it restarted.
const STARTUP: ReadonlySet<TraceEventKind> = new Set([
  'release',
  'connect',
  'sql-server-version',
  'sort-order',
  'checksum-started',
  'checksum-complete',
  'database-schema',
  'compatible-schema',
  'receive-initiated',
]);

/**
 * Each RECEIVE the Logger initiated and then only waited after, until it asserted, restarted or
 * the trace ended; a RECEIVE followed by anything else made progress and is not reported.
 */
export function findStuckReceives(file: TraceFile): StuckReceive[] {
  const stuck: StuckReceive[] = [];
  let open: { receive: TraceLine; lastWait: TraceLine | null; waits: number } | null = null;
  const close = (endedBy: StuckReceive['endedBy']) => {
    if (open?.lastWait) {
      const { receive, lastWait, waits } = open;
      stuck.push({ receive, lastWait, waits, seconds: elapsed(receive, lastWait), endedBy });
    }
    open = null;
  };
  for (const { line, event } of file.events) {
    if (open && event.kind === 'waiting-for-mds') {
      open.waits++;
      open.lastWait = line;
      continue;
    }
    if (open) {
      if (event.kind === 'assertion') close('assertion');
      else if (STARTUP.has(event.kind)) close('restart');
      else open = null;
    }
    if (event.kind === 'receive-initiated') open = { receive: line, lastWait: null, waits: 0 };
  }
  close('trace-end');
  return stuck;
}

const DAY_SECONDS = 86_400;

// Trace stamps carry no date in Cisco's examples; a wait across midnight wraps.
function elapsed(from: TraceLine, to: TraceLine): number | null {
  if (from.seconds === null || to.seconds === null) return null;
  const diff = (to.seconds - from.seconds + DAY_SECONDS) % DAY_SECONDS;
  return Math.round(diff * 1000) / 1000;
}
