import type { TableShape } from '../../port/shapes.js';

/** Quotes an identifier: `a"b` becomes `"a""b"`. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"`. */
export function qualifiedName(table: Pick<TableShape, 'schema' | 'name'>): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

/** A statement and its parameters, numbered `$1…` in order. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}
