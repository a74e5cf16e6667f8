import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pixelmatch from 'pixelmatch';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIFF_HIGHLIGHT, renderDiffHtml } from '../../src/cli/render-diff-html.js';
import type { DiffReport, TableDiff } from '../../src/diff/diff-report.js';
import { icmsync, POSTGRES_ENV, scratchDir } from '../support/cli.js';
import { uniqueName } from '../support/settings.js';

/** The Debian package's browser; CI installs it (`.ci/run`), so this suite never skips. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 800 };

/** The committed reference; `UPDATE_SCREENSHOTS=1` rewrites it from this machine's rendering. */
const REFERENCE = fileURLToPath(new URL('../fixtures/html-report.png', import.meta.url));
/**
 * pixelmatch's per-pixel colour distance (YIQ, 0–1; its default): smaller shifts of shade count as
 * equal, and pixels it detects as anti-aliased glyph edges are ignored (`includeAA: false`).
 */
const PIXEL_THRESHOLD = 0.1;
/**
 * Pixels that may still differ. Repeated runs here differ by 0 (software rasterising, the same
 * DejaVu fonts); 50 leaves room for stray edge pixels, while a lost highlight, a changed colour or
 * a one-pixel shift of the layout moves thousands. A single changed character moves 2–40 and can
 * pass: the unit tests compare the page's text exactly, this test guards how it renders.
 */
const MAX_DIFFERENT_PIXELS = 50;

const EVIL = '<script>document.title="pwned"</script>';

const table = (t: Partial<TableDiff> & Pick<TableDiff, 'table' | 'state'>): TableDiff => ({
  reason: null,
  key: ['SkillTargetID'],
  columns: ['SkillTargetID', 'EnterpriseName', 'Description', 'ChangeStamp'],
  textual: [false, true, true, false],
  rows: { a: 100, b: 100 },
  onlyInA: 0,
  onlyInB: 0,
  changed: 0,
  samples: { onlyInA: [], onlyInB: [], changed: [] },
  truncated: false,
  ...t,
});

/** About 30 columns with long values: wider than the page unless the report contains it. */
const WIDE_COLUMNS = Array.from({ length: 30 }, (_, i) => `SettingNumber${i + 1}`);

/** A drifted pair as a DBA would see it: changes, rows on one side, truncation, a wide table. */
const REPORT: DiffReport = {
  sides: {
    a: {
      server: 'loggera.example.com,1433',
      database: 'ucce_sideA',
      engine: 'mssql',
      engineVersion: 'Microsoft SQL Server 2022 16.0.4135.4',
      defaultSchema: 'dbo',
    },
    b: {
      server: 'loggerb.example.com,1433',
      database: 'ucce_sideB',
      engine: 'mssql',
      engineVersion: 'Microsoft SQL Server 2022 16.0.4135.4',
      defaultSchema: 'dbo',
    },
  },
  profile: 'icm',
  scope: 'config',
  maxRows: 3,
  tables: [
    table({
      table: 'dbo.Agent',
      state: 'differs',
      changed: 2,
      samples: {
        onlyInA: [],
        onlyInB: [],
        changed: [
          {
            key: ['10050'],
            values: [
              { column: 'Description', a: 'Service après-vente', b: 'was: Service après-vente' },
              { column: 'ChangeStamp', a: '12', b: '11' },
            ],
            rows: { a: [], b: [] },
          },
          {
            key: ['10051'],
            values: [{ column: 'Description', a: null, b: '' }],
            rows: { a: [], b: [] },
          },
        ],
      },
    }),
    table({
      table: 'dbo.Config_Message_Log',
      state: 'differs',
      key: ['RecoveryKey'],
      columns: ['RecoveryKey', 'LogOperation', 'TableName', 'DateTime', 'ConfigMessage'],
      textual: [false, true, true, false, false],
      rows: { a: 600, b: 400 },
      onlyInA: 200,
      truncated: true,
      samples: {
        onlyInA: [310494545863, 310495693878, 310497868804].map((k, i) => [
          String(k),
          'Update',
          'Skill_Group_Member',
          `2026-10-01 10:0${i}:00.1234567`,
          new Uint8Array(Array.from({ length: 300 }, (_, j) => (j * 37 + i) % 256)),
        ]),
        onlyInB: [],
        changed: [],
      },
    }),
    table({ table: 'dbo.Peripheral', state: 'identical', rows: { a: 6, b: 6 } }),
    table({
      table: 'dbo.Agent_Desk_Settings',
      state: 'differs',
      key: [WIDE_COLUMNS[0] ?? ''],
      columns: WIDE_COLUMNS,
      textual: WIDE_COLUMNS.map(() => true),
      rows: { a: 4, b: 5 },
      onlyInB: 1,
      samples: {
        onlyInA: [],
        onlyInB: [WIDE_COLUMNS.map((c) => `${c} value, long enough to need room`)],
        changed: [],
      },
    }),
    table({
      table: `dbo.${EVIL}`,
      state: 'differs',
      rows: { a: 1, b: 0 },
      onlyInA: 1,
      samples: { onlyInA: [['1', EVIL, '<b>not bold</b>', '1']], onlyInB: [], changed: [] },
    }),
    table({
      table: 'dbo.Skill_Group',
      state: 'shape-differs',
      reason: 'column IPTA only in A',
      rows: { a: 20, b: 20 },
    }),
    table({ table: 'dbo.Logger_Notes', state: 'skipped', reason: 'no usable key (use --key)' }),
  ],
  cost: {
    rowsHashed: { a: 1160, b: 959 },
    rowsFetched: { a: 404, b: 203 },
    bytesReceived: { a: 81306, b: 15667 },
    roundTrips: { a: 46, b: 25 },
    phases: [
      { phase: 'catalog', ms: 48 },
      { phase: 'compare', ms: 61 },
    ],
  },
};
const GENERATED = new Date('2026-10-02T08:30:00Z');
/** The tables above that get a section: all but the identical and the skipped one. */
const DIFFERING = 5;

const rgb = (hex: string) =>
  `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** Evaluates `expression` in the page (the tests' TypeScript has no DOM types). */
const inPage = async <T>(page: Page, expression: string) => (await page.evaluate(expression)) as T;

/** What a reader of the page gets: its layout facts, and every URL the page asked for. */
async function openReport(browser: Browser, file: string) {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests };
}

describe('the HTML report in headless Chromium', () => {
  let browser: Browser;
  const folder = mkdtempSync(join(tmpdir(), 'icmsync-html-'));
  const file = join(folder, 'report.html');
  writeFileSync(file, renderDiffHtml(REPORT, GENERATED));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: install chromium (apt-get install -y chromium); the screenshot test never skips`,
      );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every section, marks the differing cells and stays within 1280 pixels', async () => {
    const { page, requests } = await openReport(browser, file);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(
      await inPage<number>(page, `document.querySelectorAll('section.table-diff').length`),
    ).toBe(DIFFERING);
    expect(
      await inPage<number>(page, `document.querySelectorAll('table.summary tbody tr').length`),
    ).toBe(REPORT.tables.length);
    expect(await inPage<number>(page, `document.querySelectorAll('td.diff').length`)).toBe(6);
    expect(
      await inPage<string>(
        page,
        `getComputedStyle(document.querySelector('td.diff')).backgroundColor`,
      ),
    ).toBe(rgb(DIFF_HIGHLIGHT));
    expect(await inPage<number>(page, `document.querySelectorAll('script, b').length`)).toBe(0);
    expect(await inPage<string>(page, 'document.title')).toBe(
      'icmsync diff: ucce_sideA (A) and ucce_sideB (B)',
    );
    expect(await inPage<string>(page, `document.body.innerText`)).toContain(
      `"${EVIL.replaceAll('"', '\\"')}"`,
    );
    const overflow = `document.documentElement.scrollWidth - document.documentElement.clientWidth`;
    expect(await inPage<number>(page, overflow)).toBe(0);
    await page.emulateMedia({ media: 'print' });
    expect(await inPage<number>(page, overflow)).toBe(0);
    await page.close();
  });

  it('looks like the committed screenshot', async () => {
    const { page } = await openReport(browser, file);
    const shot = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
    await page.close();
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      writeFileSync(REFERENCE, shot);
      console.log(`updated ${REFERENCE}`);
      return;
    }
    if (!existsSync(REFERENCE))
      throw new Error(`${REFERENCE} is missing (create it with UPDATE_SCREENSHOTS=1)`);
    const actual = PNG.sync.read(shot);
    const expected = PNG.sync.read(readFileSync(REFERENCE));
    const size = { width: actual.width, height: actual.height };
    const sameSize = size.width === expected.width && size.height === expected.height;
    const diff = new PNG({ ...size });
    const different = sameSize
      ? pixelmatch(actual.data, expected.data, diff.data, size.width, size.height, {
          threshold: PIXEL_THRESHOLD,
          includeAA: false,
        })
      : Number.POSITIVE_INFINITY;
    // Keep what a reader needs to judge a failure: this rendering, and where it differs.
    const saved = join(folder, 'actual.png');
    if (different > MAX_DIFFERENT_PIXELS) {
      writeFileSync(saved, shot);
      if (sameSize) writeFileSync(join(folder, 'diff.png'), PNG.sync.write(diff));
    }
    const accept = `see ${saved} (and diff.png beside it); UPDATE_SCREENSHOTS=1 accepts it`;
    expect(size, `the page's size differs from the reference; ${accept}`).toEqual({
      width: expected.width,
      height: expected.height,
    });
    expect(
      different,
      `${different} pixels differ from the reference; ${accept}`,
    ).toBeLessThanOrEqual(MAX_DIFFERENT_PIXELS);
  });

  describe('written by icmsync diff --html on a drifted PostgreSQL lab', () => {
    const instance = uniqueName('html');
    const sides = ['--a-database', `${instance}_sideA`, '--b-database', `${instance}_sideB`];

    beforeAll(async () => {
      const lab = await icmsync(
        ['lab', 'create', '--instance', instance, '--scale', '0.3'],
        POSTGRES_ENV,
      );
      expect(lab, lab.stderr).toMatchObject({ code: 0 });
    });

    afterAll(async () => {
      await icmsync(['lab', 'drop', '--yes', '--instance', instance], POSTGRES_ENV);
    });

    it('writes the page beside the normal report, whole, and it renders', async () => {
      const cwd = scratchDir();
      const result = await icmsync(
        ['diff', '--html', 'change-1234.html', ...sides],
        POSTGRES_ENV,
        cwd,
      );
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toContain('7 of 10 tables differ.');
      expect(readdirSync(cwd)).toEqual(['change-1234.html']);
      const { page } = await openReport(browser, join(cwd, 'change-1234.html'));
      expect(
        await inPage<number>(page, `document.querySelectorAll('section.table-diff').length`),
      ).toBe(7);
      expect(
        await inPage<number>(
          page,
          `document.documentElement.scrollWidth - document.documentElement.clientWidth`,
        ),
      ).toBe(0);
      await page.close();
    });

    it('fails with exit 2 and one line naming the file and the fix when it cannot write', async () => {
      const cwd = scratchDir();
      const result = await icmsync(
        ['diff', '--html', 'missing/report.html', ...sides],
        POSTGRES_ENV,
        cwd,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `icmsync: cannot write the HTML report ${join(cwd, 'missing/report.html')}: no such folder (check the folder exists and is writable)\n`,
      );
      expect(result.stdout).toBe('');
    });
  });
});
