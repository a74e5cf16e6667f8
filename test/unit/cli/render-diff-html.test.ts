import { describe, expect, it } from 'vitest';
import { escapeHtml, renderDiffHtml } from '../../../src/cli/render-diff-html.js';
import type { DiffReport, TableDiff } from '../../../src/diff/diff-report.js';

const EVIL = '<script>alert("x")</script>';
const GENERATED = new Date('2026-10-02T08:30:00.123Z');

const table = (overrides: Partial<TableDiff> & Pick<TableDiff, 'table' | 'state'>): TableDiff => ({
  reason: null,
  key: ['ID'],
  columns: ['ID', 'Name', 'Data'],
  textual: [false, true, false],
  rows: { a: 3, b: 3 },
  onlyInA: 0,
  onlyInB: 0,
  changed: 0,
  samples: { onlyInA: [], onlyInB: [], changed: [] },
  truncated: false,
  ...overrides,
});

const report: DiffReport = {
  sides: {
    a: {
      server: 'loggera,1433',
      database: 'ucce_sideA',
      engine: 'mssql',
      engineVersion: 'Microsoft SQL Server 2022',
      defaultSchema: 'dbo',
    },
    b: {
      server: 'loggerb&"co",1433',
      database: 'ucce_sideB',
      engine: 'mssql',
      engineVersion: 'Microsoft SQL Server 2022',
      defaultSchema: 'dbo',
    },
  },
  profile: 'icm',
  scope: 'config',
  maxRows: 2,
  tables: [
    table({
      table: 'dbo.Agent',
      state: 'differs',
      onlyInA: 3,
      onlyInB: 1,
      changed: 1,
      truncated: true,
      samples: {
        onlyInA: [
          ['1', 'a ', null],
          ['2', '', new Uint8Array([0xca, 0xfe])],
        ],
        onlyInB: [['9', EVIL, null]],
        changed: [
          {
            key: ['5'],
            values: [
              { column: 'Name', a: null, b: '' },
              { column: 'Data', a: new Uint8Array([1]), b: new Uint8Array([2]) },
            ],
            rows: { a: ['5', null, new Uint8Array([1])], b: ['5', '', new Uint8Array([2])] },
          },
        ],
      },
    }),
    table({ table: 'dbo.Peripheral', state: 'identical' }),
    table({
      table: `dbo.${EVIL}`,
      state: 'only-in-A',
      reason: `no table ${EVIL} on B`,
      rows: { a: 4, b: null },
    }),
    table({ table: 'dbo.Log', state: 'skipped', reason: 'no usable key (use --key)' }),
  ],
  cost: {
    rowsHashed: { a: 10, b: 9 },
    rowsFetched: { a: 4, b: 2 },
    bytesReceived: { a: 2048, b: 1024 },
    roundTrips: { a: 3, b: 3 },
    phases: [
      { phase: 'catalog', ms: 5 },
      { phase: 'compare', ms: 7 },
    ],
  },
};

const html = renderDiffHtml(report, GENERATED);
/** The text of each `<section class="table-diff">…</section>`. */
const sections = [...html.matchAll(/<section class="table-diff"[^>]*>([\s\S]*?)<\/section>/g)].map(
  (m) => m[1] ?? '',
);

describe('renderDiffHtml', () => {
  it('is one self-contained page: inline CSS, no scripts, nothing fetched', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html.trimEnd()).toMatch(/<\/html>$/);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import|href="(?!#)/i);
  });

  it('heads the page with both sides, the profile, the scope, the time and the cap', () => {
    expect(html).toContain('<title>icmsync diff: ucce_sideA (A) and ucce_sideB (B)</title>');
    expect(html).toContain(
      '<tr><th>server</th><td>loggera,1433</td><td>loggerb&amp;&quot;co&quot;,1433</td></tr>',
    );
    expect(html).toContain('<tr><th>database</th><td>ucce_sideA</td><td>ucce_sideB</td></tr>');
    expect(html).toContain('Profile icm · scope config · generated 2026-10-02 08:30:00 UTC');
    expect(html).toContain('at most 2 rows listed per table and category');
    expect(html).toContain('2 of 4 tables differ.');
  });

  it('summarises every table: state, rows on each side and the three counts', () => {
    const summary = /<table class="summary">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    const body = /<tbody>([\s\S]*)<\/tbody>/.exec(summary)?.[1] ?? '';
    expect(body.match(/<tr>/g)).toHaveLength(4);
    expect(summary).toContain(
      '<td class="name"><a href="#table-1">dbo.Agent</a></td><td class="state state-differs">differs</td><td class="num">3</td><td class="num">3</td><td class="num">3</td><td class="num">1</td><td class="num">1</td>',
    );
    expect(summary).toContain(
      '<td class="name">dbo.Peripheral</td><td class="state state-identical">identical</td>',
    );
    expect(summary).toContain('<td class="num">4</td><td class="num">-</td>');
    expect(summary).toContain('skipped: no usable key (use --key)');
  });

  it('has a section per differing table, none for identical or skipped ones', () => {
    expect(sections).toHaveLength(2);
    expect(sections[0]).toContain('<h2>dbo.Agent</h2>');
    expect(sections[1]).toContain('only-in-A: no table');
    expect(html).not.toMatch(/<h2>dbo\.(Peripheral|Log)<\/h2>/);
  });

  it('lists rows only in A and only in B with every column, values shown as in the text report', () => {
    const agent = sections[0] ?? '';
    expect(agent).toContain('<h3>Only in A (3)</h3>');
    expect(agent).toContain('<h3>Only in B (1)</h3>');
    expect(agent).toContain(
      '<thead><tr><th class="key">ID</th><th class="name">Name</th><th class="name">Data</th></tr></thead>',
    );
    expect(agent).toContain('<tr><td>1</td><td>&quot;a &quot;</td><td class="null">NULL</td></tr>');
    expect(agent).toContain('<tr><td>2</td><td>&quot;&quot;</td><td>0xCAFE</td></tr>');
  });

  it('shows each changed row by its key, with both values of every differing column marked', () => {
    const changed = /<table class="changed">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(changed).toContain('<th>key</th><th>column</th><th>A</th><th>B</th>');
    expect(changed).toContain(
      '<tbody><tr><th class="key" rowspan="2">ID=5</th><td class="name">Name</td><td class="null diff">NULL</td><td class="diff">&quot;&quot;</td></tr>',
    );
    expect(changed).toContain(
      '<tr><td class="name">Data</td><td class="diff">0x01</td><td class="diff">0x02</td></tr></tbody>',
    );
    expect(html.match(/class="(null )?diff"/g)).toHaveLength(4);
    expect(html).toMatch(/td\.diff\{background:#[0-9a-f]{6}\}/);
  });

  it('says when a list is shorter than its count, and only then', () => {
    const agent = sections[0] ?? '';
    expect(agent).toContain('<p class="note">3 rows, 2 listed (<code>--max-rows 2</code>)');
    expect(agent.match(/class="note"/g)).toHaveLength(1);
    const full = renderDiffHtml({ ...report, maxRows: 100 }, GENERATED);
    expect(full).toContain('at most 100 rows');
    const complete = renderDiffHtml(
      { ...report, tables: report.tables.filter((t) => t.state !== 'differs') },
      GENERATED,
    );
    expect(complete).not.toContain('class="note"');
  });

  it('escapes every name and value', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain(
      '<td>&quot;&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;&quot;</td>',
    );
    expect(html).toContain('<h2>dbo.&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h2>');
    expect(escapeHtml(`<a href='x'>&amp;</a>`)).toBe(
      '&lt;a href=&#39;x&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('ends with the cost and says so when nothing differs', () => {
    expect(html).toContain('<footer><p>Cost: A hashed 10 rows, sent 4 rows (2.0 KiB)');
    const clean = renderDiffHtml(
      { ...report, tables: report.tables.filter((t) => t.state === 'identical') },
      GENERATED,
    );
    expect(clean).toContain('No differences.');
    expect(clean).not.toContain('class="table-diff"');
  });

  it('is a pure function of the report and the time', () => {
    expect(renderDiffHtml(report, GENERATED)).toBe(html);
  });
});
