import type { DiffReport, TableDiff } from '../diff/diff-report.js';
import type { ExactRow, ExactValue } from '../port/types.js';
import { showValue } from './diff-values.js';
import { costLines, showIn } from './render-diff.js';

/** Background of a cell whose value differs between the sides; the screenshot test checks it. */
export const DIFF_HIGHLIGHT = '#ffe08a';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

// Values keep every space (white-space: pre), as two spaces are a difference. Wide tables scroll
// inside their box on screen and wrap anywhere on paper, so neither the page nor a printed sheet
// is ever wider than its width.
const CSS = `
*{box-sizing:border-box}
body{margin:24px auto;max-width:1200px;padding:0 16px;color:#1f2328;background:#fff;font:14px/1.45 system-ui,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
h1{font-size:20px;margin:0 0 12px}
h2{font-size:16px;margin:28px 0 6px;padding-bottom:4px;border-bottom:2px solid #d0d7de}
h3{font-size:14px;margin:14px 0 4px}
p{margin:4px 0}
table{border-collapse:collapse;margin:4px 0 8px}
th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
thead th{background:#f3f5f7}
.wide{overflow-x:auto;max-width:100%}
.rows td,.changed td,.key,.name{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
.rows td,.changed td{white-space:pre}
.num{text-align:right;font-variant-numeric:tabular-nums}
.null{color:#6e7781}
td.diff{background:${DIFF_HIGHLIGHT}}
.changed tbody{border-top:2px solid #8c959f}
.meta,footer{color:#57606a}
.state{font-weight:600}
.state-identical,.state-skipped{color:#57606a;font-weight:400}
.state-differs,.state-only-in-A,.state-only-in-B,.state-shape-differs{color:#9a6700}
.note{background:#fff8e5;border-left:3px solid #d4a72c;padding:3px 8px}
a{color:inherit}
footer{margin-top:28px;font-size:12px}
@page{size:landscape;margin:12mm}
@media print{
body{margin:0;max-width:none;padding:0;font-size:10pt}
.rows td,.changed td,.key,.name{font-size:8pt}
.wide{overflow:visible}
th,td{overflow-wrap:anywhere}
.rows td,.changed td{white-space:pre-wrap}
h2,h3{break-after:avoid}
tr{break-inside:avoid}
thead{display:table-header-group}
*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
a{text-decoration:none}
}`;

const attr = (name: string, value: string) => (value ? ` ${name}="${escapeHtml(value)}"` : '');
const element = (tag: string, classes: string, content: string, extra = '') =>
  `<${tag}${attr('class', classes)}${extra}>${content}</${tag}>`;

/** A value as the text report shows it (NULL bare, text quoted, bytes as hex), escaped. */
const valueCell = (value: ExactValue, textual: boolean, marked = false) =>
  element(
    'td',
    [value === null ? 'null' : '', marked ? 'diff' : ''].filter(Boolean).join(' '),
    escapeHtml(showValue(value, textual)),
  );
const numberCell = (n: number | null) => element('td', 'num', n === null ? '-' : String(n));

const keyText = (t: TableDiff, key: readonly ExactValue[]) =>
  t.key.map((name, i) => `${name}=${showIn(t, name, key[i] ?? null)}`).join(', ');

const differs = (t: TableDiff) => t.state !== 'identical' && t.state !== 'skipped';

/** "200 rows, 100 listed (--max-rows 100)": shown only when a list is shorter than its count. */
const truncationNote = (listed: number, total: number, maxRows: number, what: string) =>
  listed < total
    ? element(
        'p',
        'note',
        `${total} ${what}, ${listed} listed (<code>--max-rows ${maxRows}</code>). The counts are exact; rerun with a higher <code>--max-rows</code> or <code>--json</code> to list more.`,
      )
    : '';

function rowsList(
  t: TableDiff,
  side: 'A' | 'B',
  list: readonly ExactRow[],
  total: number,
  maxRows: number,
) {
  if (total === 0) return [];
  const header = t.columns
    .map((c) => element('th', t.key.includes(c) ? 'key' : 'name', escapeHtml(c)))
    .join('');
  const body = list.map(
    (row) => `<tr>${row.map((v, i) => valueCell(v, t.textual[i] ?? true)).join('')}</tr>`,
  );
  return [
    `<h3>Only in ${side} (${total})</h3>`,
    truncationNote(list.length, total, maxRows, 'rows'),
    `<div class="wide"><table class="rows only-in-${side}"><thead><tr>${header}</tr></thead><tbody>`,
    ...body,
    '</tbody></table></div>',
  ];
}

function changedList(t: TableDiff, maxRows: number) {
  if (t.changed === 0) return [];
  // One tbody per changed row: the key spans the row's differing columns.
  const bodies = t.samples.changed.map((c) => {
    const rows = c.values.map((v, i) => {
      const key =
        i === 0
          ? element(
              'th',
              'key',
              escapeHtml(keyText(t, c.key)),
              attr('rowspan', String(c.values.length)),
            )
          : '';
      const textual = t.textual[t.columns.indexOf(v.column)] ?? true;
      return `<tr>${key}${element('td', 'name', escapeHtml(v.column))}${valueCell(v.a, textual, true)}${valueCell(v.b, textual, true)}</tr>`;
    });
    return `<tbody>${rows.join('')}</tbody>`;
  });
  return [
    `<h3>Changed (${t.changed})</h3>`,
    truncationNote(t.samples.changed.length, t.changed, maxRows, 'changed rows'),
    '<div class="wide"><table class="changed"><thead><tr><th>key</th><th>column</th><th>A</th><th>B</th></tr></thead>',
    ...bodies,
    '</table></div>',
  ];
}

function section(t: TableDiff, id: string, maxRows: number): string[] {
  const facts =
    t.state === 'differs'
      ? `Key ${escapeHtml(t.key.join(', '))} · rows A ${t.rows.a ?? '-'}, B ${t.rows.b ?? '-'} · ${t.onlyInA} only in A, ${t.onlyInB} only in B, ${t.changed} changed`
      : `${escapeHtml(t.state)}${t.reason ? `: ${escapeHtml(t.reason)}` : ''}`;
  return [
    `<section class="table-diff" id="${id}">`,
    `<h2>${escapeHtml(t.table)}</h2>`,
    element('p', 'meta', facts),
    ...rowsList(t, 'A', t.samples.onlyInA, t.onlyInA, maxRows),
    ...rowsList(t, 'B', t.samples.onlyInB, t.onlyInB, maxRows),
    ...changedList(t, maxRows),
    '</section>',
  ];
}

/**
 * The diff report as one self-contained HTML page (inline CSS, no scripts, nothing fetched) that a
 * DBA attaches to a change record; `generatedAt` is passed in so the page is a pure function.
 */
export function renderDiffHtml(report: DiffReport, generatedAt: Date): string {
  const { a, b } = report.sides;
  const differing = report.tables.filter(differs);
  const ids = new Map(report.tables.map((t, i) => [t, `table-${i + 1}`]));
  const sideRow = (label: string, va: string, vb: string) =>
    `<tr><th>${label}</th><td>${escapeHtml(va)}</td><td>${escapeHtml(vb)}</td></tr>`;
  const summary = report.tables.map((t) => {
    const id = ids.get(t) ?? '';
    const name = differs(t) ? `<a href="#${id}">${escapeHtml(t.table)}</a>` : escapeHtml(t.table);
    const state = `${escapeHtml(t.state)}${t.reason ? `: ${escapeHtml(t.reason)}` : ''}`;
    return `<tr>${element('td', 'name', name)}${element('td', `state state-${t.state}`, state)}${[
      t.rows.a,
      t.rows.b,
      t.onlyInA,
      t.onlyInB,
      t.changed,
    ]
      .map(numberCell)
      .join('')}</tr>`;
  });
  const verdict =
    differing.length === 0
      ? 'No differences.'
      : `${differing.length} of ${report.tables.length} tables differ.`;
  const when = `${generatedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const title = `icmsync diff: ${a.database} (A) and ${b.database} (B)`;
  const page = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    '<table class="sides"><thead><tr><th></th><th>Side A</th><th>Side B</th></tr></thead><tbody>',
    sideRow('server', a.server, b.server),
    sideRow('database', a.database, b.database),
    sideRow('engine', `${a.engine} (${a.engineVersion})`, `${b.engine} (${b.engineVersion})`),
    '</tbody></table>',
    element(
      'p',
      'meta',
      `Profile ${escapeHtml(report.profile)} · scope ${escapeHtml(report.scope)} · generated ${when} · at most ${report.maxRows} rows listed per table and category (<code>--max-rows</code>)`,
    ),
    element('p', 'verdict state', verdict),
    '</header>',
    '<section class="summary">',
    `<h2>Tables: ${report.tables.length} compared, ${differing.length} differ</h2>`,
    '<div class="wide"><table class="summary"><thead><tr><th>table</th><th>state</th><th>A rows</th><th>B rows</th><th>only in A</th><th>only in B</th><th>changed</th></tr></thead><tbody>',
    ...summary,
    '</tbody></table></div>',
    '</section>',
    ...differing.flatMap((t) => section(t, ids.get(t) ?? '', report.maxRows)),
    `<footer><p>${escapeHtml(costLines(report).join(' '))}</p></footer>`,
    '</body>',
    '</html>',
  ];
  return `${page.filter((line) => line !== '').join('\n')}\n`;
}
