import type { TraceSide } from './trace-side.js';

/** The kinds of Logger messages the recognisers turn into events, in the order they are tried. */
export const TRACE_EVENT_KINDS = [
  'receive-initiated',
  'waiting-for-mds',
  'temp-file-failed',
  'send-setup-failed',
  'cleanup-prepared-state',
  'prepare-to-send-state',
  'synchronizing-configuration',
  'last-update-key',
  'synchronization-completed',
  'checksum-started',
  'checksum-complete',
  'database-schema',
  'compatible-schema',
  'connect',
  'sql-server-version',
  'sort-order',
  'release',
  'assertion',
  'commit-config',
] as const;

/** One of `TRACE_EVENT_KINDS`. */
export type TraceEventKind = (typeof TRACE_EVENT_KINDS)[number];

/**
 * What a recognised Logger message says, typed. Keys and transaction numbers stay digit strings
 * (a LastUpdateKey has twelve digits and is compared exactly); counts are capped in the patterns
 * so that they always fit a JavaScript number.
 */
export type TraceEvent =
  | { readonly kind: 'receive-initiated' }
  | { readonly kind: 'waiting-for-mds' }
  | {
      readonly kind: 'temp-file-failed';
      /** The Windows error number of `Last API Error [N]`, null when the line has none. */
      readonly errorNumber: number | null;
      /** Windows' own text for it, as the Logger printed it (`Access is denied.`). */
      readonly errorText: string;
    }
  | { readonly kind: 'send-setup-failed' }
  | { readonly kind: 'cleanup-prepared-state' }
  | { readonly kind: 'prepare-to-send-state' }
  | { readonly kind: 'synchronizing-configuration' }
  | {
      readonly kind: 'last-update-key';
      readonly side: TraceSide;
      /** The integer digits of the key (`309975091099`). */
      readonly key: string;
      /** The key as printed, a float (`309975091099.0`). */
      readonly written: string;
    }
  | { readonly kind: 'synchronization-completed'; readonly entriesSent: number }
  | { readonly kind: 'checksum-started'; readonly updateKey: string }
  | {
      readonly kind: 'checksum-complete';
      readonly rows: number;
      readonly bytes: number;
      readonly checksum: number;
      readonly updateKey: string;
    }
  | { readonly kind: 'database-schema'; readonly major: number; readonly minor: number }
  | { readonly kind: 'compatible-schema'; readonly major: number; readonly minor: number }
  | {
      readonly kind: 'connect';
      /** The Logger database, e.g. `<cust_inst>_sideA`: its suffix names the side. */
      readonly database: string;
      /** `Connected to` (true) rather than `Connect to` (false). */
      readonly connected: boolean;
    }
  | { readonly kind: 'sql-server-version'; readonly version: string }
  | { readonly kind: 'sort-order'; readonly sortOrder: string }
  | {
      readonly kind: 'release';
      readonly release: string;
      readonly servicePack: string;
      readonly build: string;
    }
  | {
      readonly kind: 'assertion';
      /** The failed expression, e.g. `syncMsg.UpdateKey == g.checksumInfo.updateKey`. */
      readonly expression: string;
      readonly sourceFile: string | null;
      readonly sourceLine: number | null;
      /** The assertion of Cisco TechNote 65201: the Logger's Config_Message_Log is empty. */
      readonly configLogEmpty: boolean;
    }
  | { readonly kind: 'commit-config'; readonly transaction: string };
