import type {
  SideSource,
  TraceAnalysis,
  TracedSchemaVersion,
  TraceFinding,
} from '../icm/trace/trace-analysis.js';

/** Width the finding texts are wrapped to, for an 80-to-100-column terminal. */
export const TRACE_TEXT_WIDTH = 96;

const SOURCE_TEXT: Readonly<Record<SideSource, string>> = {
  'database-name': 'from its database name',
  'process-name': 'from its process name',
  'peer-file': 'as the peer of the other file',
  'sender-key-order': 'from the LastUpdateKey it sends first',
  unknown: 'side unknown',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A trace analysis as a DBA reads it on a terminal: files, keys, findings, next command. */
export function renderTrace(analysis: TraceAnalysis): string {
  const out: string[] = [`icmsync trace · ${plural(analysis.files.length, 'file')}`, ''];
  if (!analysis.recognised) {
    const names = analysis.files.map((f) => f.name).join(', ') || 'no input';
    out.push(
      `No Cisco ICM Logger trace messages found in ${names}.`,
      'Give the lgr process trace of side A, side B or both (as dumplog prints it).',
    );
    return `${out.join('\n')}\n`;
  }

  const side = (file: string) => analysis.sides.find((s) => s.file === file);
  out.push(
    ...table(
      analysis.files.map((f) => {
        const s = side(f.name);
        const which = s?.side ? `side ${s.side} (${SOURCE_TEXT[s.source]})` : 'side unknown';
        return [f.name, which, `${f.lines} lines, ${f.recognisedLines} recognised`];
      }),
    ),
    '',
  );

  const keys = analysis.lastUpdateKeys;
  if (keys.A !== null || keys.B !== null) {
    const verdict = keys.ahead
      ? `side ${keys.ahead} ahead by ${keys.gap}`
      : keys.gap === '0'
        ? 'equal'
        : 'one side only';
    out.push(`LastUpdateKey  A ${keys.A ?? '-'}  B ${keys.B ?? '-'}  (${verdict})`, '');
  }
  if (analysis.configChecksums.length > 0) {
    out.push('Config checksum');
    const rows = analysis.configChecksums.map((c) => [
      c.side ?? '?',
      c.file,
      `Rows = ${c.rows}, bytes = ${c.bytes}, checksum = ${c.checksum}, updateKey = ${c.updateKey}`,
    ]);
    out.push(...indent(table(rows)), '');
  }
  if (analysis.schemaVersions.length > 0) {
    out.push('Schema version');
    const rows = analysis.schemaVersions.map((v) => [v.side ?? '?', v.file, schemaText(v)]);
    out.push(...indent(table(rows)), '');
  }

  out.push(findingsTitle(analysis.findings));
  for (const f of analysis.findings) out.push(...renderFinding(f));
  if (analysis.findings.length > 0) out.push('');

  const next = analysis.next;
  if (next) {
    out.push(`Next: ${next.command}`);
    if (next.followUp) out.push(`  then: ${next.followUp}`);
    out.push(...wrap(next.why, '  '));
  } else {
    out.push('Next: nothing to do from these traces.');
  }
  return `${out.join('\n')}\n`;
}

function schemaText(v: TracedSchemaVersion): string {
  const compatible =
    v.compatibleMajor === null
      ? ''
      : `, Logger compatible with ${v.compatibleMajor}.${v.compatibleMinor}`;
  return `database ${v.major}.${v.minor}${compatible}`;
}

function findingsTitle(findings: readonly TraceFinding[]): string {
  if (findings.length === 0) return 'Findings: none';
  const count = (severity: TraceFinding['severity']) =>
    findings.filter((f) => f.severity === severity).length;
  const parts = [
    plural(count('error'), 'error'),
    plural(count('warning'), 'warning'),
    count('info') > 0 ? plural(count('info'), 'note') : '',
  ].filter(Boolean);
  return `Findings: ${parts.join(', ')}`;
}

// Lines are trace-line indexes (as in the JSON document), hence `#`, not file line numbers.
function renderFinding(f: TraceFinding): string[] {
  const where = [f.file, f.line === null ? '' : `#${f.line}`, f.time ?? ''].filter(Boolean);
  return [
    `  ${f.severity.toUpperCase()} ${f.code}  ${where.join(' ')}`,
    ...wrap(f.message, '    '),
    ...wrap(`Cause: ${f.cause}`, '    '),
    ...wrap(`Fix: ${f.fix}`, '    '),
  ];
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

const indent = (lines: readonly string[]) => lines.map((l) => `  ${l}`);

function wrap(text: string, prefix: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && prefix.length + current.length + 1 + word.length > TRACE_TEXT_WIDTH) {
      lines.push(prefix + current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(prefix + current);
  return lines;
}
