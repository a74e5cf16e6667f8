import type { DiffReport } from '../diff/diff-report.js';
import type { ExactRow } from '../port/types.js';
import { jsonValue } from './diff-values.js';
import type { ExitCode } from './exit-codes.js';
import { JSON_VERSION } from './status-json.js';

const jsonRow = (row: ExactRow) => row.map(jsonValue);

/** The `icmsync diff --json` document (documented in the README). */
export function diffDocument(report: DiffReport, exitCode: ExitCode) {
  const side = (info: DiffReport['sides']['a']) => ({
    server: info.server,
    database: info.database,
    engine: info.engine,
  });
  return {
    kind: 'icmsync.diff',
    version: JSON_VERSION,
    profile: report.profile,
    scope: report.scope,
    sides: { A: side(report.sides.a), B: side(report.sides.b) },
    maxRows: report.maxRows,
    tables: report.tables.map((t) => {
      const keyOf = (row: ExactRow) =>
        t.key.map((k) => jsonValue(row[t.columns.indexOf(k)] ?? null));
      return {
        table: t.table,
        state: t.state,
        reason: t.reason,
        key: t.key,
        rows: { A: t.rows.a, B: t.rows.b },
        onlyInA: t.onlyInA,
        onlyInB: t.onlyInB,
        changed: t.changed,
        truncated: t.truncated,
        columns: t.columns,
        keys: {
          onlyInA: t.samples.onlyInA.map(keyOf),
          onlyInB: t.samples.onlyInB.map(keyOf),
          changed: t.samples.changed.map((c) => c.key.map(jsonValue)),
        },
        rowsOnlyInA: t.samples.onlyInA.map(jsonRow),
        rowsOnlyInB: t.samples.onlyInB.map(jsonRow),
        changedRows: t.samples.changed.map((c) => ({
          key: c.key.map(jsonValue),
          columns: c.values.map((v) => ({
            column: v.column,
            A: jsonValue(v.a),
            B: jsonValue(v.b),
          })),
        })),
      };
    }),
    cost: {
      rowsHashed: { A: report.cost.rowsHashed.a, B: report.cost.rowsHashed.b },
      rowsFetched: { A: report.cost.rowsFetched.a, B: report.cost.rowsFetched.b },
      bytesReceived: { A: report.cost.bytesReceived.a, B: report.cost.bytesReceived.b },
      roundTrips: { A: report.cost.roundTrips.a, B: report.cost.roundTrips.b },
      phases: report.cost.phases,
    },
    exitCode,
  };
}
