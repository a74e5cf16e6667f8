import type { ClockReading, DatabaseProbe, TableProbe } from '../../port/probe.js';
import type { TableShape } from '../../port/shapes.js';
import { tableLabel } from '../../port/table-key.js';
import {
  CLOCK_SQL,
  CONNECTION_SQL,
  grantsOf,
  postgresStorage,
  sizeOf,
  type TableProbeRow,
  tableProbeStatement,
} from './probe-sql.js';
import type { Statements } from './statements.js';

interface ConnectionRow {
  readonly user_name: string;
  readonly encrypted: boolean | null;
  readonly encryption: string | null;
  readonly sees_all_sessions: boolean;
  readonly data_directory: string | null;
}

/** Reads the server's clock once, timing the round trip on this machine's clock. */
async function readClock(statements: Statements): Promise<ClockReading> {
  const sentMs = Date.now();
  const [row] = await statements.rows<{ server_ms: number }>(
    "reading the server's clock",
    CLOCK_SQL,
  );
  return { serverMs: Number(row?.server_ms), sentMs, receivedMs: Date.now() };
}

/** The facts `doctor` needs from a PostgreSQL database (see {@link DatabaseProbe}). */
export async function probeDatabase(
  statements: Statements,
  tables: readonly TableShape[],
): Promise<DatabaseProbe> {
  const [connection] = await statements.rows<ConnectionRow>(
    'reading the connection facts',
    CONNECTION_SQL,
  );
  const rows =
    tables.length === 0
      ? []
      : await statements.rows<TableProbeRow>(
          'reading grants and sizes of the tables',
          tableProbeStatement(tables),
        );
  const found = new Map(rows.map((r) => [`${r.schema_name}\u0000${r.table_name}`, r]));
  const probed: TableProbe[] = tables.flatMap((t) => {
    const row = found.get(`${t.schema}\u0000${t.name}`);
    return row ? [{ table: tableLabel(t), grants: grantsOf(row), size: sizeOf(row) }] : [];
  });
  return {
    user: connection?.user_name ?? '',
    encrypted: connection?.encrypted ?? null,
    encryption: connection?.encryption ?? null,
    seesAllSessions: connection?.sees_all_sessions === true,
    tables: probed,
    storage: postgresStorage(connection?.data_directory ?? null),
    // Last, so that nothing else queues on the connection while it is timed.
    clock: await readClock(statements),
  };
}
