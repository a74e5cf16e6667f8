import { findStuckReceives, RECEIVE_TIMEOUT_SECONDS } from './receive-stuck.js';
import type { TraceLine } from './split-trace.js';
import type { FindingCode, Severity, TraceFinding } from './trace-analysis.js';
import { eventsOf, type TraceFile } from './trace-file.js';
import type { TraceSide } from './trace-side.js';
import { describeTempFileError } from './windows-errors.js';

/** A file and what the rest of the analysis knows about it. */
export interface FileContext {
  readonly file: TraceFile;
  readonly side: TraceSide | null;
  /** The peer's trace, when it was given too: a stuck receiver's cause is in it. */
  readonly peer: TraceFile | null;
}

/** Builds a finding tied to a line of a file. */
export function finding(
  code: FindingCode,
  severity: Severity,
  file: string,
  line: Pick<TraceLine, 'index' | 'time'> | null,
  text: { readonly message: string; readonly cause: string; readonly fix: string },
): TraceFinding {
  return { code, severity, file, line: line?.index ?? null, time: line?.time ?? null, ...text };
}

const who = (side: TraceSide | null) => (side ? `Side ${side}'s Logger` : 'This Logger');
const times = (n: number) => (n === 1 ? '' : ` (${n} times)`);
const quote = (text: string) => (text ? ` ("${text}")` : '');

/** The findings one trace shows on its own: stuck RECEIVE, temp file, assertions, schema. */
export function findInFile(context: FileContext): TraceFinding[] {
  return [
    ...stuckReceive(context),
    ...tempFile(context),
    ...sendSetup(context),
    ...assertions(context),
    ...schema(context),
    ...cut(context),
  ];
}

function stuckReceive({ file, side, peer }: FileContext): TraceFinding[] {
  const episodes = findStuckReceives(file);
  const first = episodes[0];
  const last = episodes.at(-1);
  if (!first || !last) return [];
  const ending = {
    assertion: 'then it asserted',
    restart: 'then it restarted',
    'trace-end': 'and the trace ends there',
  }[first.endedBy];
  const span = first.seconds === null ? '' : ` for ${first.seconds} s`;
  const again =
    episodes.length > 1
      ? ` It got stuck like this ${episodes.length} times, the last at ${last.receive.time ?? '?'}.`
      : '';
  const cutShort = episodes.every(
    (e) => e.endedBy === 'trace-end' && e.seconds !== null && e.seconds < RECEIVE_TIMEOUT_SECONDS,
  );
  const peerFailed = peer ? eventsOf(peer, 'temp-file-failed')[0] : undefined;
  return [
    finding('RECEIVE_STUCK', 'error', file.name, first.receive, {
      message: `${who(side)} initiated a state transfer RECEIVE at ${first.receive.time ?? '?'} and then only logged "Waiting for MDS Messages"${times(first.waits)}${span}, until ${first.lastWait.time ?? '?'}, ${ending}.${again}`,
      cause: `The receiving Logger waits for the state its peer should send, and the peer never sends it. After about three minutes the Logger asserts, restarts and asks again, in a loop.${cutShort ? ' This trace stops before that point.' : ''}`,
      fix: peerFailed
        ? `The sending side's trace (${peer?.name}) shows why: it could not create its temporary state-transfer file (see TEMP_FILE_FAILED). Fix that and the next attempt succeeds; or copy the configuration from the healthy side (ICMDBA Synchronize, or icmsync sync).`
        : "Read the sending side's lgr trace for the same minutes: `Unable to GetTempFileName` means its %temp% is full or not writable. Fix that, or copy the configuration from the healthy side (ICMDBA Synchronize, or icmsync sync).",
    }),
  ];
}

function tempFile({ file, side }: FileContext): TraceFinding[] {
  const failures = eventsOf(file, 'temp-file-failed');
  const first = failures[0];
  if (!first) return [];
  const { errorNumber, errorText } = first.event;
  const meaning = describeTempFileError(errorNumber);
  const error =
    errorNumber === null
      ? 'an unreported Windows error'
      : `Windows error ${errorNumber} ${meaning.name ?? '(unknown to icmsync)'}`;
  return [
    finding('TEMP_FILE_FAILED', 'error', file.name, first.line, {
      message: `${who(side)} could not create its temporary state-transfer file: GetTempFileName failed with ${error}${quote(errorText)}${times(failures.length)}.`,
      cause: meaning.cause,
      fix: meaning.fix,
    }),
  ];
}

function sendSetup({ file, side }: FileContext): TraceFinding[] {
  const failures = eventsOf(file, 'send-setup-failed');
  const first = failures[0];
  if (!first) return [];
  const afterTempFile = eventsOf(file, 'temp-file-failed').length > 0;
  return [
    finding('SEND_SETUP_FAILED', 'error', file.name, first.line, {
      message: `${who(side)} gave up sending its state: "Unable to setup to use file in sending state."${times(failures.length)}`,
      cause: afterTempFile
        ? 'It follows the failed GetTempFileName: without the temporary file there is nothing to send, so the receiving Logger waits, asserts and restarts.'
        : 'The sending Logger could not prepare the file the state travels in; the trace does not say why.',
      fix: "Fix the sending side's %temp% folder (free space, and write access for the Node Manager's user), then let the next state transfer run, or copy the configuration from this side to its peer.",
    }),
  ];
}

function assertions({ file, side }: FileContext): TraceFinding[] {
  const byExpression = new Map<string, ReturnType<typeof eventsOf<'assertion'>>>();
  for (const a of eventsOf(file, 'assertion')) {
    byExpression.set(a.event.expression, [...(byExpression.get(a.event.expression) ?? []), a]);
  }
  return [...byExpression.values()].flatMap((group) => {
    const first = group[0];
    if (!first) return [];
    const { expression, sourceFile, sourceLine, configLogEmpty } = first.event;
    const where = sourceFile
      ? ` (${sourceFile}${sourceLine === null ? '' : `, line ${sourceLine}`})`
      : '';
    const message = `${who(side)} asserted: ${expression}${where}${times(group.length)}.`;
    if (configLogEmpty) {
      return finding('CONFIG_LOG_EMPTY', 'error', file.name, first.line, {
        message,
        cause:
          "Cisco TechNote 65201: the Logger asserts on this check, over and over, when its Config_Message_Log table is empty: the update key it derives from its database cannot match the router's.",
        fix: `Check SELECT COUNT(*) FROM Config_Message_Log on ${side ? `side ${side}` : "this Logger's database"}. If it is empty, stop this Logger and copy the configuration from its peer with Config_Message_Log included (not truncated).`,
      });
    }
    return finding('ASSERTION', 'error', file.name, first.line, {
      message,
      cause: 'The Logger stopped on an internal consistency check; it restarts after an assertion.',
      fix: 'Read the lines before it for the operation that failed, search Cisco Bug Search for the assertion text, and compare the two sides with icmsync status.',
    });
  });
}

function schema({ file, side }: FileContext): TraceFinding[] {
  const database = eventsOf(file, 'database-schema').at(-1);
  const compatible = eventsOf(file, 'compatible-schema').at(-1);
  if (!database || !compatible) return [];
  const db = `${database.event.major}.${database.event.minor}`;
  const logger = `${compatible.event.major}.${compatible.event.minor}`;
  if (db === logger) return [];
  return [
    finding('SCHEMA_MISMATCH', 'error', file.name, database.line, {
      message: `${who(side)} is compatible with schema ${logger}, but its database uses schema ${db}.`,
      cause:
        'The Logger software and its database are at different schema versions: an upgrade that left the database behind, or an uninstall whose schema rollback failed.',
      fix: "Bring the database to the Logger's schema with Cisco's upgrade tools, or recreate it with ICMDBA and copy the configuration from the peer. icmsync refuses to sync between different schema versions.",
    }),
  ];
}

function cut({ file }: FileContext): TraceFinding[] {
  if (!file.cutLine) return [];
  return [
    finding('TRACE_CUT', 'info', file.name, file.cutLine.line, {
      message: `The file stops inside its last line, so its figures were not used: "${file.cutLine.line.text}".`,
      cause: 'The trace was copied or cut before the Logger finished writing that line.',
      fix: 'Copy the whole trace again (dumplog on the Logger server) if those figures matter.',
    }),
  ];
}
