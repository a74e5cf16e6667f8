import type { ColumnShape } from '../../port/shapes.js';
import type { Row, Value } from '../../port/types.js';

const NULL_MARKER = '\\N';

/** Characters that COPY's text format requires escaped inside a field. */
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** Renders one value as a COPY text-format field (`\N` for NULL). */
export function copyField(value: Value): string {
  if (value === null) return NULL_MARKER;
  if (typeof value === 'string') return value.replace(/[\\\n\r\t]/g, (ch) => ESCAPES[ch] ?? ch);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  // bytea hex input is `\x…`; the backslash itself must be escaped in COPY text.
  return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

/** A JavaScript number as PostgreSQL reads it back exactly, including the float specials. */
export function numberText(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** One COPY text line for the values at `positions` of `row`. */
export function copyLine(row: Row, positions: readonly number[]): string {
  return `${positions.map((i) => copyField(row[i] ?? null)).join('\t')}\n`;
}

/**
 * A value as a query parameter for the `unnest` bulk path: dates as ISO text (pg would otherwise
 * render them in the client's local time zone) and byte arrays as Buffers.
 */
export function arrayParam(value: Value, column: ColumnShape): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  if (typeof value === 'number' && column.kind === 'float') return numberText(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}
