import type { TableShape } from '../../port/shapes.js';
import { dataColumns } from '../../port/table-key.js';
import { qualifiedName, quoteIdent } from './quote.js';

/** `COPY … FROM STDIN` in text format for the writable columns. */
export function copyFromSql(table: TableShape): string {
  const columns = dataColumns(table)
    .map((c) => quoteIdent(c.name))
    .join(', ');
  return `COPY ${qualifiedName(table)} (${columns}) FROM STDIN`;
}

/**
 * The bulk path for servers without `COPY FROM STDIN` (PGlite over its socket): one INSERT per
 * batch, one array parameter per column, expanded by `unnest` on the server.
 */
export function insertArraysSql(table: TableShape): string {
  const columns = dataColumns(table);
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  return `INSERT INTO ${qualifiedName(table)} (${names}) SELECT * FROM unnest(${arrays})`;
}
