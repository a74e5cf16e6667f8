import { IcmsyncError } from '../../port/errors.js';
import type { ColumnShape, TableShape } from '../../port/shapes.js';
import { tableLabel } from '../../port/table-key.js';
import { quoteIdent } from './quote.js';

/** The error for a column whose type icmsync cannot compare or copy. */
export function unsupportedColumn(table: TableShape, column: ColumnShape): IcmsyncError {
  return new IcmsyncError(
    `${tableLabel(table)}.${column.name} has type ${column.type}, which icmsync cannot compare (leave the table out)`,
    'UNSUPPORTED',
  );
}

/**
 * The value of `expr` (a column of `column`'s type) as canonical `nvarchar` text: equal values give
 * equal text on any two servers, distinct values distinct text, and the text converts back to the
 * identical value ({@link fromExactText}). Binary types have no such text here: see
 * {@link canonicalText}.
 */
export function exactText(table: TableShape, column: ColumnShape, expr: string): string {
  switch (column.kind) {
    case 'integer':
    case 'boolean':
      return `CONVERT(nvarchar(20), ${expr})`;
    case 'decimal':
      return `CONVERT(nvarchar(50), ${expr})`;
    case 'money':
      // Style 2 keeps all four decimals; the default style rounds to two.
      return `CONVERT(nvarchar(30), ${expr}, 2)`;
    case 'float':
      // Style 3: 17 significant digits, distinct for every distinct float or real (2016+).
      return `CONVERT(nvarchar(30), ${expr}, 3)`;
    case 'text':
      // text converts to varchar(max) (documented as implicit), not straight to nvarchar.
      return column.dataType === 'text'
        ? `CONVERT(nvarchar(max), CONVERT(varchar(max), ${expr}))`
        : `CONVERT(nvarchar(max), ${expr})`;
    case 'xml':
      return `CONVERT(nvarchar(max), ${expr})`;
    case 'datetime':
    case 'date':
    case 'time':
    case 'datetimeoffset':
      // Style 121 is ODBC canonical with every fractional digit, and the offset for datetimeoffset.
      return `CONVERT(nvarchar(40), ${expr}, 121)`;
    case 'guid':
      return `CONVERT(nvarchar(36), ${expr})`;
    case 'binary':
    case 'other':
      throw unsupportedColumn(table, column);
  }
}

/** The style {@link exactText} wrote a kind in, which converting the text back must name. */
export function exactStyle(column: ColumnShape): number | null {
  switch (column.kind) {
    case 'datetime':
    case 'date':
    case 'time':
    case 'datetimeoffset':
      return 121;
    default:
      return null;
  }
}

/**
 * A parameter in exact form turned back into its column's type by the server, so comparisons with
 * the column stay exact and can seek: `CONVERT(decimal(38,10), @a0)`,
 * `CONVERT(datetime2(7), @a0, 121)`. Bytes are bound as bytes and need no conversion.
 */
export function fromExactText(column: ColumnShape, param: string): string {
  if (column.kind === 'binary') return param;
  const style = exactStyle(column);
  return `CONVERT(${column.type}, ${param}${style === null ? '' : `, ${style}`})`;
}

/** A column as the select list reads it in exact form: text, or bytes for binary types. */
export function exactColumn(table: TableShape, column: ColumnShape): string {
  const c = quoteIdent(column.name);
  return column.kind === 'binary' ? c : `${exactText(table, column, c)} AS ${c}`;
}
