import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../../src/cli/render-status.js';
import { statusDocument } from '../../../src/cli/status-json.js';
import { makeStyle } from '../../../src/cli/style.js';
import type { SideStatus, StatusReport } from '../../../src/status/status.js';

const side = (database: string, updateKey: number | null): SideStatus => ({
  info: {
    server: `${database}host,1433`,
    database,
    engine: 'mssql',
    engineVersion: 'Microsoft SQL Server 16.0',
    defaultSchema: 'dbo',
  },
  schemaVersion: { major: 77, minor: 4 },
  configChecksum: { rows: 10, bytes: 100, checksum: 783166570, updateKey },
  lastUpdateKey: updateKey,
  growing: [{ table: 'dbo.Route_Call_Detail', rows: 5, maxKey: 42 }],
});

const report: StatusReport = {
  profile: 'icm',
  sides: { a: side('ucce_sideA', 310466685004), b: side('ucce_sideB', 309975091099) },
  tables: [
    {
      table: 'dbo.Agent',
      state: 'differs',
      checksums: { a: { rows: 3, bytes: 9, digest: '1' }, b: { rows: 2, bytes: 6, digest: '2' } },
      detail: null,
    },
    {
      table: 'dbo.Peripheral',
      state: 'shape-differs',
      checksums: { a: null, b: null },
      detail: 'column X only in A',
    },
  ],
  notCompared: [{ table: 'dbo.Logger_Admin', reason: 'per-side system table' }],
  verdict: { state: 'A_AHEAD', from: 'A', to: 'B', reasons: ["A's LastUpdateKey is ahead"] },
  updateLog: 'dbo.Config_Message_Log',
};

describe('renderStatus', () => {
  const text = renderStatus(report, makeStyle(false));

  it('prints both sides, the Logger-style config checksum and the verdict with its direction', () => {
    expect(text).toMatch(/^LastUpdateKey\s+310466685004\s+309975091099$/m);
    expect(text).toContain(
      '  A  Rows = 10, bytes = 100, checksum = 783166570, updateKey = 310466685004',
    );
    expect(text).toMatch(/^ {2}dbo\.Agent\s+3\s+2\s+differs$/m);
    expect(text).toMatch(/^ {2}dbo\.Peripheral\s+-\s+-\s+shape-differs: column X only in A$/m);
    expect(text).toContain('Configuration tables: 2 compared, 2 differ');
    expect(text).toContain('Not compared: dbo.Logger_Admin (per-side system table)');
    expect(text).toContain("A AHEAD: sync from A to B\n  - A's LastUpdateKey is ahead\n");
  });

  it('has no colour codes when colour is off, and some when it is on', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderStatus(report, makeStyle(true))).toContain('\u001b[');
  });

  it('leaves Logger rows out for the generic profile', () => {
    const generic = renderStatus({ ...report, profile: 'generic' }, makeStyle(false));
    expect(generic).not.toMatch(/^(LastUpdateKey|schema version)/m);
    expect(generic).toContain('Checksum of compared tables');
    expect(generic).toContain('Tables: 2 compared');
  });
});

describe('statusDocument', () => {
  it('keeps the documented shape', () => {
    const doc = statusDocument(report, 1);
    expect(Object.keys(doc)).toEqual([
      'kind',
      'version',
      'profile',
      'verdict',
      'sides',
      'tables',
      'notCompared',
      'exitCode',
    ]);
    expect(doc.sides.A).toMatchObject({
      schemaVersion: '77.4',
      lastUpdateKey: 310466685004,
      historical: [{ table: 'dbo.Route_Call_Detail', rows: 5, maxRecoveryKey: 42 }],
    });
    expect(doc.tables[0]).toEqual({
      table: 'dbo.Agent',
      state: 'differs',
      A: { rows: 3, bytes: 9, digest: '1' },
      B: { rows: 2, bytes: 6, digest: '2' },
      detail: null,
    });
  });
});
