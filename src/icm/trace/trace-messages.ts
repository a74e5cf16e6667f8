import type { TraceEvent, TraceEventKind } from './trace-event.js';
import type { TraceSide } from './trace-side.js';

/** A documented Logger message: the pattern that finds it and how its groups become an event. */
export interface TraceRecogniser {
  readonly kind: TraceEventKind;
  readonly pattern: RegExp;
  readonly read: (groups: readonly (string | undefined)[]) => TraceEvent;
}

const num = (digits: string | undefined) => Number(digits ?? '0');
const str = (text: string | undefined) => text ?? '';

/** The assertion Cisco TechNote 65201 ties to an empty Config_Message_Log table. */
export const CONFIG_LOG_EMPTY_ASSERTION = /syncMsg\.UpdateKey\s*==\s*g\.checksumInfo\.updateKey/;

// Patterns are not anchored: traces arrive with `Trace:` tags, process names and, in Cisco's own
// examples, the next line's text glued on. Digit caps (\d{1,15}) keep numbers below 2^53.
/** The recognisers for the Logger messages Cisco documents, tried in this order. */
export const TRACE_RECOGNISERS: readonly TraceRecogniser[] = [
  {
    kind: 'receive-initiated',
    pattern: /Initiating state transfer RECEIVE operation/,
    read: () => ({ kind: 'receive-initiated' }),
  },
  {
    kind: 'waiting-for-mds',
    pattern: /Logger Waiting for MDS Messages/,
    read: () => ({ kind: 'waiting-for-mds' }),
  },
  {
    kind: 'temp-file-failed',
    pattern: /Unable to GetTempFileName\b.*?(?:Last API Error \[(-?\d{1,10})\]:?\s*(.*))?$/,
    read: ([n, text]) => ({
      kind: 'temp-file-failed',
      errorNumber: n === undefined ? null : num(n),
      errorText: str(text).trim(),
    }),
  },
  {
    kind: 'send-setup-failed',
    pattern: /Unable to setup to use file in sending state/,
    read: () => ({ kind: 'send-setup-failed' }),
  },
  {
    kind: 'cleanup-prepared-state',
    pattern: /\bCleanupPreparedState\b/,
    read: () => ({ kind: 'cleanup-prepared-state' }),
  },
  {
    kind: 'prepare-to-send-state',
    pattern: /\bPrepareToSendState\b/,
    read: () => ({ kind: 'prepare-to-send-state' }),
  },
  {
    kind: 'synchronizing-configuration',
    pattern: /Synchronizing Configuration Data/,
    read: () => ({ kind: 'synchronizing-configuration' }),
  },
  {
    // The key is a float: requiring its fraction rejects a key cut short by a truncated file.
    kind: 'last-update-key',
    pattern: /LastUpdateKey for ([AB]) Configuration is (\d{1,30})\.(\d{1,10})/,
    read: ([side, key, fraction]) => ({
      kind: 'last-update-key',
      side: side as TraceSide,
      key: str(key).replace(/^0+(?=\d)/, ''),
      written: `${str(key)}.${str(fraction)}`,
    }),
  },
  {
    kind: 'synchronization-completed',
    pattern: /Logger has completed Database Synchronization, (\d{1,15}) Config Message Log Entr/,
    read: ([n]) => ({ kind: 'synchronization-completed', entriesSent: num(n) }),
  },
  {
    kind: 'checksum-started',
    pattern: /Starting config checksum, updateKey = (\d{1,30})/,
    read: ([key]) => ({ kind: 'checksum-started', updateKey: str(key) }),
  },
  {
    kind: 'checksum-complete',
    pattern:
      /Checksum config complete: Rows = (\d{1,15}), bytes = (\d{1,15}), checksum = (-?\d{1,15}), updateKey = (\d{1,30})/,
    read: ([rows, bytes, checksum, key]) => ({
      kind: 'checksum-complete',
      rows: num(rows),
      bytes: num(bytes),
      checksum: num(checksum),
      updateKey: str(key),
    }),
  },
  {
    kind: 'database-schema',
    pattern: /Database uses Major Version (\d{1,9}), CC Minor Version (\d{1,9}) of the Schema/,
    read: ([major, minor]) => ({ kind: 'database-schema', major: num(major), minor: num(minor) }),
  },
  {
    kind: 'compatible-schema',
    pattern: /Compatible with Major Version (\d{1,9}), CC Minor Version (\d{1,9}) of the Schema/,
    read: ([major, minor]) => ({ kind: 'compatible-schema', major: num(major), minor: num(minor) }),
  },
  {
    kind: 'connect',
    pattern: /\b(Connect|Connected) to (\S+) database\b/,
    read: ([verb, database]) => ({
      kind: 'connect',
      database: str(database),
      connected: verb === 'Connected',
    }),
  },
  {
    kind: 'sql-server-version',
    pattern: /SQL Server version (\d+(?:\.\d+)*)/,
    read: ([version]) => ({ kind: 'sql-server-version', version: str(version) }),
  },
  {
    kind: 'sort-order',
    pattern: /SQL Server sort order is (\S+)/,
    read: ([order]) => ({ kind: 'sort-order', sortOrder: str(order) }),
  },
  {
    kind: 'release',
    pattern: /Release (\d+(?:\.\d+)*) service pack (\S+?),?\s+Build (\w+)/,
    read: ([release, sp, build]) => ({
      kind: 'release',
      release: str(release),
      servicePack: str(sp),
      build: str(build),
    }),
  },
  {
    kind: 'assertion',
    pattern: /Assertion failed:\s*(.+?)(?:\.?\s+File:\s*(.+?)\.?\s+Line:?\s*(\d{1,9}))?\.?\s*$/,
    read: ([expression, file, line]) => ({
      kind: 'assertion',
      expression: str(expression),
      sourceFile: file ?? null,
      sourceLine: line === undefined ? null : num(line),
      configLogEmpty: CONFIG_LOG_EMPTY_ASSERTION.test(str(expression)),
    }),
  },
  {
    kind: 'commit-config',
    pattern: /Commit Config Transaction (\d{1,30})/,
    read: ([n]) => ({ kind: 'commit-config', transaction: str(n) }),
  },
];

/** The event a Logger trace message stands for, or null when it is not one Cisco documents. */
export function recogniseMessage(text: string): TraceEvent | null {
  for (const recogniser of TRACE_RECOGNISERS) {
    const match = recogniser.pattern.exec(text);
    if (match) return recogniser.read(match.slice(1));
  }
  return null;
}
