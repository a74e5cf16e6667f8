import { splitTraceLines, type TraceLine } from './split-trace.js';
import type { TraceEvent, TraceEventKind } from './trace-event.js';
import { recogniseMessage } from './trace-messages.js';

/** A recognised message and the line it is on. */
export interface LocatedEvent {
  readonly line: TraceLine;
  readonly event: TraceEvent;
}

/** One input trace, split and recognised. */
export interface TraceFile {
  readonly name: string;
  readonly lines: readonly TraceLine[];
  readonly events: readonly LocatedEvent[];
  /** The last line when the text stops inside it and its figures may be cut short. */
  readonly cutLine: LocatedEvent | null;
}

// Messages that end in a number: when a file stops inside one, the number may be cut short,
// so its event is not trusted (`updateKey = 3104` is not a key).
const NUMBER_ENDED: ReadonlySet<TraceEventKind> = new Set([
  'last-update-key',
  'checksum-started',
  'checksum-complete',
  'commit-config',
  'release',
  'sql-server-version',
]);

/** Splits and recognises one trace, setting aside a last line the file may have cut. */
export function readTraceFile(input: { readonly name: string; readonly text: string }): TraceFile {
  const lines = splitTraceLines(input.text);
  const events: LocatedEvent[] = [];
  for (const line of lines) {
    const event = recogniseMessage(line.text);
    if (event) events.push({ line, event });
  }
  const last = events.at(-1);
  const unterminated = input.text !== '' && !/[\r\n]$/.test(input.text);
  const cut =
    unterminated && last && last.line === lines.at(-1) && NUMBER_ENDED.has(last.event.kind)
      ? last
      : null;
  return { name: input.name, lines, events: cut ? events.slice(0, -1) : events, cutLine: cut };
}

/** Events of one kind, narrowed, with their lines. */
export function eventsOf<K extends TraceEventKind>(
  file: TraceFile,
  kind: K,
): { readonly line: TraceLine; readonly event: Extract<TraceEvent, { kind: K }> }[] {
  return file.events.filter(
    (e): e is { line: TraceLine; event: Extract<TraceEvent, { kind: K }> } => e.event.kind === kind,
  );
}
