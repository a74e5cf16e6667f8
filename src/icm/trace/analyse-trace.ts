import { findInFile } from './file-findings.js';
import { chooseNextStep } from './next-step.js';
import { type Evidence, findAcrossSides } from './pair-findings.js';
import {
  SEVERITIES,
  TRACE_DOCUMENT_KIND,
  TRACE_DOCUMENT_VERSION,
  type TraceAnalysis,
  type TracedConfigChecksum,
  type TracedSchemaVersion,
  type TraceFinding,
} from './trace-analysis.js';
import { eventsOf, readTraceFile, type TraceFile } from './trace-file.js';
import type { TraceSide } from './trace-side.js';
import { inferSides } from './trace-sides.js';
import { compareUpdateKeys } from './update-keys.js';

/** One trace to analyse: a name to report it by (its file name) and its decoded text. */
export interface TraceInput {
  readonly name: string;
  readonly text: string;
}

/**
 * Reads one or more Logger traces (typically side A's and side B's lgr traces) and says what
 * happened, which side is ahead and what to run next; unknown, empty or cut text never throws.
 */
export function analyseTrace(inputs: readonly TraceInput[]): TraceAnalysis {
  const files = inputs.map(readTraceFile);
  const sides = inferSides(files);
  const sideOf = (file: TraceFile) => sides.find((s) => s.file === file.name)?.side ?? null;
  const peerOf = (file: TraceFile) =>
    files.length === 2 ? (files.find((f) => f !== file) ?? null) : null;

  const latestKeys = new Map<TraceSide, { key: string } & Evidence>();
  for (const file of files) {
    for (const { line, event } of eventsOf(file, 'last-update-key')) {
      latestKeys.set(event.side, { key: event.key, file: file.name, line });
    }
  }
  const keys = compareUpdateKeys(
    latestKeys.get('A')?.key ?? null,
    latestKeys.get('B')?.key ?? null,
  );
  const keyEvidence = latestKeys.get('A') ?? latestKeys.get('B') ?? null;

  const configChecksums = files.flatMap((file) =>
    eventsOf(file, 'checksum-complete').map(
      ({ line, event }): TracedConfigChecksum => ({
        file: file.name,
        side: sideOf(file),
        line: line.index,
        time: line.time,
        rows: event.rows,
        bytes: event.bytes,
        checksum: event.checksum,
        updateKey: event.updateKey,
      }),
    ),
  );
  const schemaVersions = files.flatMap((file) => readSchemas(file, sideOf(file)));

  const findings = sortFindings(
    [
      ...files.flatMap((file) => findInFile({ file, side: sideOf(file), peer: peerOf(file) })),
      ...findAcrossSides({
        keys,
        keyEvidence,
        checksums: configChecksums,
        schemas: schemaVersions,
      }),
    ],
    inputs.map((i) => i.name),
  );

  return {
    kind: TRACE_DOCUMENT_KIND,
    version: TRACE_DOCUMENT_VERSION,
    recognised: files.some((f) => f.events.length > 0),
    files: files.map((f) => ({
      name: f.name,
      lines: f.lines.length,
      recognisedLines: f.events.length,
    })),
    sides,
    findings,
    lastUpdateKeys: keys,
    configChecksums,
    schemaVersions,
    next: chooseNextStep(findings, keys, sides),
  };
}

// The Logger prints the database's schema, then the one it is compatible with.
function readSchemas(file: TraceFile, side: TraceSide | null): TracedSchemaVersion[] {
  const compatible = eventsOf(file, 'compatible-schema');
  return eventsOf(file, 'database-schema').map(({ line, event }) => {
    const next =
      compatible.find((c) => c.line.index > line.index) ??
      compatible.filter((c) => c.line.index < line.index).at(-1);
    return {
      file: file.name,
      side,
      line: line.index,
      time: line.time,
      major: event.major,
      minor: event.minor,
      compatibleMajor: next?.event.major ?? null,
      compatibleMinor: next?.event.minor ?? null,
    };
  });
}

function sortFindings(findings: readonly TraceFinding[], order: readonly string[]): TraceFinding[] {
  const rank = (f: TraceFinding) => [
    SEVERITIES.indexOf(f.severity),
    order.indexOf(f.file),
    f.line ?? -1,
  ];
  return [...findings].sort((x, y) => {
    const [a, b] = [rank(x), rank(y)];
    for (const [i, v] of a.entries()) if (v !== b[i]) return v - (b[i] ?? 0);
    return 0;
  });
}
