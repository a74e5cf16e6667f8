import { appendFile, mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import type { DatabaseInfo } from '../port/shapes.js';
import type { Pair } from '../port/types.js';
import type { SyncReport } from './sync.js';

/** The audit record of one sync: who, when, both sides, what was asked, written and verified. */
export function auditRecord(report: SyncReport, sides: Pair<DatabaseInfo>, finishedAt: Date) {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // A user without a passwd entry (some containers) has no name to give.
  }
  return {
    kind: 'icmsync.audit',
    version: 1,
    run: report.run,
    who,
    at: finishedAt.toISOString(),
    sides: {
      A: { server: sides.a.server, database: sides.a.database },
      B: { server: sides.b.server, database: sides.b.database },
    },
    from: report.direction.from,
    to: report.direction.to,
    mode: report.mode,
    tables: report.plan.map((p) => p.table),
    written: report.results,
    checksumsBefore: report.before.map((b) => ({
      table: b.table,
      A: b.checksums.a,
      B: b.checksums.b,
    })),
    checksumsAfter: report.verified.map((v) => ({
      table: v.table,
      equal: v.equal,
      truncated: v.truncated,
      A: v.checksums.a,
      B: v.checksums.b,
    })),
    ms: report.ms,
    outcome: report.outcome,
  };
}

/** Appends one record to the audit file (JSON lines), creating its folder. */
export async function appendAudit(path: string, record: object): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${JSON.stringify(record)}\n`, { flush: true });
}
