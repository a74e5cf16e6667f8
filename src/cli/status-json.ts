import type { IcmsyncError } from '../port/errors.js';
import type { SideStatus, StatusReport } from '../status/status.js';
import type { ExitCode } from './exit-codes.js';

/** The version of the `--json` documents; bumped only on incompatible changes. */
export const JSON_VERSION = 1;

function sideDocument(side: SideStatus) {
  return {
    server: side.info.server,
    database: side.info.database,
    engine: side.info.engine,
    engineVersion: side.info.engineVersion,
    schemaVersion: side.schemaVersion
      ? `${side.schemaVersion.major}.${side.schemaVersion.minor}`
      : null,
    configChecksum: side.configChecksum,
    lastUpdateKey: side.lastUpdateKey,
    historical: side.growing.map((g) => ({
      table: g.table,
      rows: g.rows,
      maxRecoveryKey: g.maxKey,
    })),
  };
}

/** The `icmsync status --json` document (documented in the README). */
export function statusDocument(report: StatusReport, exitCode: ExitCode) {
  return {
    kind: 'icmsync.status',
    version: JSON_VERSION,
    profile: report.profile,
    verdict: report.verdict,
    sides: { A: sideDocument(report.sides.a), B: sideDocument(report.sides.b) },
    tables: report.tables.map((t) => ({
      table: t.table,
      state: t.state,
      A: t.checksums.a,
      B: t.checksums.b,
      detail: t.detail,
    })),
    notCompared: report.notCompared,
    exitCode,
  };
}

/** The document `--json` prints when a command fails. */
export function errorDocument(error: IcmsyncError | Error, code: string, exitCode: ExitCode) {
  return {
    kind: 'icmsync.error',
    version: JSON_VERSION,
    error: { code, side: (error as IcmsyncError).side ?? null, message: error.message },
    exitCode,
  };
}
