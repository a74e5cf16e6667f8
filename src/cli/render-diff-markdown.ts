import type { DiffReport, TableDiff } from '../diff/diff-report.js';
import type { ExactRow, ExactValue } from '../port/types.js';
import { showValue } from './diff-values.js';
import { costLines } from './render-diff.js';

/** A value in a markdown table cell: shown as in the text report, pipes and newlines escaped. */
const cell = (value: ExactValue, textual = true) =>
  `\`${showValue(value, textual).replaceAll('|', '\\|').replaceAll('`', "'")}\``;
const table = (header: readonly string[], rows: readonly (readonly string[])[]) => [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];

const textCell = (t: TableDiff, column: string, value: ExactValue) =>
  cell(value, t.textual[t.columns.indexOf(column)] ?? true);

function section(t: TableDiff): string[] {
  const out = ['', `## ${t.table}`, ''];
  out.push(
    `Key: ${t.key.join(', ')}. Rows: A ${t.rows.a ?? '-'}, B ${t.rows.b ?? '-'}. Only in A: ${t.onlyInA}; only in B: ${t.onlyInB}; changed: ${t.changed}.`,
  );
  const rows = (label: string, list: readonly ExactRow[], total: number) => {
    if (total === 0) return;
    out.push(
      '',
      `### Only in ${label} (${total}${list.length < total ? `, ${list.length} listed` : ''})`,
      '',
    );
    out.push(
      ...table(
        t.columns,
        list.map((r) => r.map((v, i) => cell(v, t.textual[i]))),
      ),
    );
  };
  rows('A', t.samples.onlyInA, t.onlyInA);
  rows('B', t.samples.onlyInB, t.onlyInB);
  if (t.changed > 0) {
    const listed = t.samples.changed.length;
    out.push('', `### Changed (${t.changed}${listed < t.changed ? `, ${listed} listed` : ''})`, '');
    const lines = t.samples.changed.flatMap((c) =>
      c.values.map((v) => [
        t.key.map((k, i) => `${k}=${textCell(t, k, c.key[i] ?? null)}`).join(', '),
        v.column,
        textCell(t, v.column, v.a),
        textCell(t, v.column, v.b),
      ]),
    );
    out.push(...table(['key', 'column', 'A', 'B'], lines));
  }
  return out;
}

/** The diff report as markdown, for a ticket or a change record. */
export function renderDiffMarkdown(report: DiffReport): string {
  const { a, b } = report.sides;
  const out = [
    `# icmsync diff: ${a.database} (A) and ${b.database} (B)`,
    '',
    `Profile ${report.profile}, scope ${report.scope}. A: ${a.database} on ${a.server}; B: ${b.database} on ${b.server}.`,
    '',
    ...table(
      ['table', 'state', 'A rows', 'B rows', 'only in A', 'only in B', 'changed'],
      report.tables.map((t) => [
        t.table,
        t.reason ? `${t.state}: ${t.reason}` : t.state,
        String(t.rows.a ?? '-'),
        String(t.rows.b ?? '-'),
        String(t.onlyInA),
        String(t.onlyInB),
        String(t.changed),
      ]),
    ),
  ];
  for (const t of report.tables.filter((d) => d.state === 'differs')) out.push(...section(t));
  out.push('', costLines(report).join('\n'), '');
  return `${out.join('\n')}\n`;
}
