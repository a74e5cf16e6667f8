import type { DiffReport, TableDiff } from '../diff/diff-report.js';
import { diffIsClean } from '../diff/diff-report.js';
import type { ExactRow, ExactValue } from '../port/types.js';
import { showValue } from './diff-values.js';
import { columns, type Style } from './style.js';

/** Rows shown per table and category on a terminal; `--format markdown` and `--json` show more. */
export const TERMINAL_SAMPLES = 5;

/** Shows the value of column `name` of table `t`, quoted when the column holds text. */
export const showIn = (t: TableDiff, name: string, value: ExactValue) =>
  showValue(value, t.textual[t.columns.indexOf(name)] ?? true);
const keyText = (t: TableDiff, key: readonly ExactValue[]) =>
  t.key.map((name, i) => `${name}=${showIn(t, name, key[i] ?? null)}`).join(', ');
const keyOfRow = (t: TableDiff, row: ExactRow) =>
  t.key.map((k) => row[t.columns.indexOf(k)] ?? null);

const countText = (t: TableDiff) =>
  t.state === 'differs'
    ? `${t.onlyInA} only in A, ${t.onlyInB} only in B, ${t.changed} changed`
    : t.reason
      ? `${t.state}: ${t.reason}`
      : t.state;

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The cost line: what each side hashed, sent and how often it was asked. */
export function costLines(report: DiffReport): string[] {
  const c = report.cost;
  const side = (s: 'a' | 'b') =>
    `${s.toUpperCase()} hashed ${c.rowsHashed[s]} rows, sent ${c.rowsFetched[s]} rows (${kib(c.bytesReceived[s])}) in ${c.roundTrips[s]} round trips`;
  const phases = c.phases.map((p) => `${p.phase} ${p.ms} ms`).join(', ');
  return [`Cost: ${side('a')}; ${side('b')}; ${phases}`];
}

/** The diff report as a DBA reads it on a terminal. */
export function renderDiff(report: DiffReport, style: Style): string {
  const { a, b } = report.sides;
  const lines: string[] = [
    style.bold(`icmsync diff · profile ${report.profile} · scope ${report.scope}`),
    '',
    ...columns([
      ['', style.bold('Side A'), style.bold('Side B')],
      ['server', a.server, b.server],
      ['database', a.database, b.database],
    ]),
    '',
  ];
  const differing = report.tables.filter((t) => t.state !== 'identical' && t.state !== 'skipped');
  lines.push(style.bold(`Tables: ${report.tables.length} compared, ${differing.length} differ`));
  const summary = report.tables.map((t) => [
    t.table,
    t.rows.a === null ? '-' : String(t.rows.a),
    t.rows.b === null ? '-' : String(t.rows.b),
    t.state === 'identical' || t.state === 'skipped'
      ? style.dim(countText(t))
      : style.yellow(countText(t)),
  ]);
  lines.push(
    ...columns(
      [['table', 'A rows', 'B rows', 'rows that differ'], ...summary],
      new Set([1, 2]),
    ).map((l) => `  ${l}`),
  );
  for (const t of differing.filter((d) => d.state === 'differs')) {
    lines.push('', style.bold(`${t.table} (key ${t.key.join(', ')})`));
    const more = (shown: number, total: number) =>
      total > shown
        ? [`    … ${total - shown} more (see --json, --format markdown or --max-rows)`]
        : [];
    const onlyIn = (label: string, rows: readonly ExactRow[], total: number) => {
      if (total === 0) return;
      lines.push(`  only in ${label} (${total}):`);
      const shown = rows.slice(0, TERMINAL_SAMPLES);
      for (const row of shown) lines.push(`    ${keyText(t, keyOfRow(t, row))}`);
      lines.push(...more(shown.length, total));
    };
    onlyIn('A', t.samples.onlyInA, t.onlyInA);
    onlyIn('B', t.samples.onlyInB, t.onlyInB);
    if (t.changed > 0) {
      lines.push(`  changed (${t.changed}):`);
      const shown = t.samples.changed.slice(0, TERMINAL_SAMPLES);
      for (const row of shown) {
        lines.push(`    ${keyText(t, row.key)}`);
        const cells = row.values.map((v) => [
          v.column,
          showIn(t, v.column, v.a),
          showIn(t, v.column, v.b),
        ]);
        lines.push(
          ...columns([['', style.dim('A'), style.dim('B')], ...cells]).map((l) => `      ${l}`),
        );
      }
      lines.push(...more(shown.length, t.changed));
    }
  }
  lines.push('', style.dim(costLines(report).join('\n')), '');
  lines.push(
    diffIsClean(report)
      ? style.green(style.bold('No differences.'))
      : style.yellow(style.bold(`${differing.length} of ${report.tables.length} tables differ.`)),
  );
  return `${lines.join('\n')}\n`;
}
