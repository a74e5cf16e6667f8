import { loggerProcessSide } from './logger-process.js';
import type { TraceFileSide } from './trace-analysis.js';
import { eventsOf, type TraceFile } from './trace-file.js';
import { otherSide, type TraceSide } from './trace-side.js';

// `<cust_inst>_sideA`: the Logger database names its side.
const DATABASE_SIDE = /side_?([AB])$/i;

/**
 * Which side each file's Logger is: from the database it connects to, else its process name
 * (`la-lgr`); a single unknown file beside a known one is taken as its peer; last, on a sending
 * Logger, from the LastUpdateKey it prints first.
 */
export function inferSides(files: readonly TraceFile[]): TraceFileSide[] {
  const named = files.map((file): TraceFileSide => {
    const fromDatabase = firstSide(
      eventsOf(file, 'connect').map((e) => DATABASE_SIDE.exec(e.event.database)?.[1]),
    );
    if (fromDatabase) return { file: file.name, side: fromDatabase, source: 'database-name' };
    const fromProcess = firstSide(file.lines.map((l) => l.process && loggerProcessSide(l.process)));
    if (fromProcess) return { file: file.name, side: fromProcess, source: 'process-name' };
    return { file: file.name, side: null, source: 'unknown' };
  });
  // Two files given together are the two sides' traces: a DBA compares A with B.
  const known = named.filter((s) => s.side !== null);
  const peerOf = known.length === 1 && named.length === 2 ? known[0]?.side : null;
  return named.map((s, i) => {
    if (s.side !== null) return s;
    if (peerOf) return { file: s.file, side: otherSide(peerOf), source: 'peer-file' };
    const file = files[i];
    const fromSender = file ? senderSide(file) : null;
    return fromSender ? { file: s.file, side: fromSender, source: 'sender-key-order' } : s;
  });
}

function firstSide(candidates: readonly (string | null | undefined)[]): TraceSide | null {
  for (const c of candidates) if (c) return c.toUpperCase() as TraceSide;
  return null;
}

// In Cisco's example the sending Logger (side B) prints its own configuration's key first,
// then its peer's. Weakest evidence: used only when nothing else names the side.
function senderSide(file: TraceFile): TraceSide | null {
  const sending = file.events.some((e) =>
    ['prepare-to-send-state', 'synchronizing-configuration', 'send-setup-failed'].includes(
      e.event.kind,
    ),
  );
  return sending ? (eventsOf(file, 'last-update-key')[0]?.event.side ?? null) : null;
}
