import type { IBulkOptions } from 'mssql';
import sql from 'mssql';
import { IcmsyncError } from '../../port/errors.js';
import type { TableShape } from '../../port/shapes.js';
import { dataColumns, tableLabel } from '../../port/table-key.js';
import type { Row } from '../../port/types.js';
import { onSide } from '../adapter-errors.js';
import { qualifiedName } from './quote.js';
import { splitBatches } from './script-sql.js';
import type { Statements } from './statements.js';
import { driverType } from './types.js';
import { sqlType, toDriverValue } from './values.js';

/**
 * Constraints are checked so a bulk load leaves foreign keys trusted; NULLs stay NULL instead of
 * taking column defaults. Triggers do not fire, and no table lock is taken (`lockTable`).
 */
const BULK_OPTIONS: IBulkOptions = { keepNulls: true, checkConstraints: true };

/** Appends generated rows through TDS bulk load, one bulk load per batch; returns rows written. */
export async function bulkInsert(
  statements: Statements,
  table: TableShape,
  batches: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
): Promise<number> {
  const side = statements.side;
  const label = tableLabel(table);
  const columns = dataColumns(table);
  const identity = columns.find((c) => c.identity);
  if (identity) {
    // tedious has no KeepIdentity option; what it does with identity values is unverified.
    throw new IcmsyncError(
      `bulk insert into identity column ${label}.${identity.name} is not supported yet`,
      'UNSUPPORTED',
      { side },
    );
  }
  if (table.schema.includes(']') || table.name.includes(']')) {
    // mssql's Table parses "[schema].[name]" without `]]` escapes.
    throw new IcmsyncError(
      `bulk insert into ${label}: mssql cannot load a table whose name contains ]`,
      'UNSUPPORTED',
      { side },
    );
  }
  const positions = table.columns.flatMap((c, i) => (c.generated || c.rowVersion ? [] : [i]));
  const target = new sql.Table(qualifiedName(table));
  target.create = false;
  for (const column of columns) {
    const type = onSide(side, () => sqlType(driverType(column, label)));
    // tedious writes the name between brackets as given; mssql requires `]` already doubled.
    target.columns.add(column.name.replaceAll(']', ']]'), type, { nullable: column.nullable });
  }
  let written = 0;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    for (const row of batch) {
      target.rows.add(...positions.map((i) => toDriverValue(row[i] ?? null)));
    }
    const request = statements.request();
    try {
      const result = await statements.guard(
        `bulk insert into ${label}`,
        () => request.bulk(target, BULK_OPTIONS),
        () => request.cancel(),
      );
      written += result.rowsAffected;
    } finally {
      target.rows.clear();
    }
  }
  return written;
}

/** Runs a script batch by batch: batch() sends plain SQL batches, query() would wrap each in sp_executesql. */
export async function runScript(statements: Statements, script: string): Promise<void> {
  for (const [i, batch] of splitBatches(script).entries()) {
    await statements.rows(`script batch ${i + 1}`, batch, [], { batch: true });
  }
}
