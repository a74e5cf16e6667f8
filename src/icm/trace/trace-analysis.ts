import type { TraceSide } from './trace-side.js';

/** The `kind` of the JSON document an analysis becomes (`icmsync trace --json`). */
export const TRACE_DOCUMENT_KIND = 'icmsync.trace';

/** The version of that document; bumped only on incompatible changes. */
export const TRACE_DOCUMENT_VERSION = 1;

/** What trace analysis can find, from the failed state transfer to a cut-off file. */
export const FINDING_CODES = [
  'RECEIVE_STUCK',
  'TEMP_FILE_FAILED',
  'SEND_SETUP_FAILED',
  'CONFIG_LOG_EMPTY',
  'ASSERTION',
  'SCHEMA_MISMATCH',
  'UPDATE_KEYS_DIFFER',
  'CHECKSUMS_DIFFER',
  'TRACE_CUT',
] as const;

/** One of `FINDING_CODES`. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** How bad a finding is, worst first. */
export const SEVERITIES = ['error', 'warning', 'info'] as const;

/** One of `SEVERITIES`. */
export type Severity = (typeof SEVERITIES)[number];

/** The evidence a file's side was inferred from, strongest first. */
export const SIDE_SOURCES = [
  'database-name',
  'process-name',
  'peer-file',
  'sender-key-order',
  'unknown',
] as const;

/** One of `SIDE_SOURCES`. */
export type SideSource = (typeof SIDE_SOURCES)[number];

/** Something the traces show, with what it means and what to do, tied to the line showing it. */
export interface TraceFinding {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** The input file the evidence is in. */
  readonly file: string;
  /** The index of the trace line (see `splitTraceLines`), null when no single line shows it. */
  readonly line: number | null;
  /** That line's time stamp as written. */
  readonly time: string | null;
  readonly message: string;
  readonly cause: string;
  readonly fix: string;
}

/** Which side of the pair a file's Logger is, and the evidence. */
export interface TraceFileSide {
  readonly file: string;
  readonly side: TraceSide | null;
  readonly source: SideSource;
}

/** How much of a file was read and recognised. */
export interface TraceFileSummary {
  readonly name: string;
  readonly lines: number;
  readonly recognisedLines: number;
}

/** The two LastUpdateKeys a sending Logger traces, compared exactly as digit strings. */
export interface LastUpdateKeys {
  readonly A: string | null;
  readonly B: string | null;
  /** The side with the higher key; null when a key is missing or both are equal. */
  readonly ahead: TraceSide | null;
  /** How far ahead, as a digit string; null unless both keys are known. */
  readonly gap: string | null;
}

/** A `Checksum config complete` line: the four figures operators compare between sides. */
export interface TracedConfigChecksum {
  readonly file: string;
  readonly side: TraceSide | null;
  readonly line: number;
  readonly time: string | null;
  readonly rows: number;
  readonly bytes: number;
  readonly checksum: number;
  readonly updateKey: string;
}

/** A `Database uses Major Version` line with the Logger's compatible version after it. */
export interface TracedSchemaVersion {
  readonly file: string;
  readonly side: TraceSide | null;
  readonly line: number;
  readonly time: string | null;
  readonly major: number;
  readonly minor: number;
  readonly compatibleMajor: number | null;
  readonly compatibleMinor: number | null;
}

/** The icmsync command to run next, and what to run after it if it confirms the diagnosis. */
export interface NextStep {
  readonly command: string;
  readonly followUp: string | null;
  readonly why: string;
}

/** What one or more Logger traces say, as plain JSON-ready data. */
export interface TraceAnalysis {
  readonly kind: typeof TRACE_DOCUMENT_KIND;
  readonly version: typeof TRACE_DOCUMENT_VERSION;
  /** False when no known Logger message was found in any file. */
  readonly recognised: boolean;
  readonly files: readonly TraceFileSummary[];
  readonly sides: readonly TraceFileSide[];
  /** Worst first, then in file and line order. */
  readonly findings: readonly TraceFinding[];
  readonly lastUpdateKeys: LastUpdateKeys;
  readonly configChecksums: readonly TracedConfigChecksum[];
  readonly schemaVersions: readonly TracedSchemaVersion[];
  readonly next: NextStep | null;
}
