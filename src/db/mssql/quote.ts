import type { ColumnShape, TableShape } from '../../port/shapes.js';
import type { ExactValue } from '../../port/types.js';

/** Quotes an identifier: `a]b` becomes `[a]]b]`. */
export function quoteIdent(name: string): string {
  return `[${name.replaceAll(']', ']]')}]`;
}

/** `[schema].[table]`. */
export function qualifiedName(table: Pick<TableShape, 'schema' | 'name'>): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

/** A string literal, for the few constants that are part of the statement text itself. */
export function nstring(text: string): string {
  return `N'${text.replaceAll("'", "''")}'`;
}

/** A parameter bound to a value in exact form and converted by the server to its column's type. */
export interface ExactParam {
  /** Without the `@`. */
  readonly name: string;
  readonly value: ExactValue;
  readonly column: ColumnShape;
}

/** A statement and its parameters. */
export interface Statement {
  readonly text: string;
  readonly params: readonly ExactParam[];
}

/** A statement whose parameters are all `nvarchar` text (server administration). */
export interface TextStatement {
  readonly text: string;
  readonly params: readonly { readonly name: string; readonly value: string }[];
}
