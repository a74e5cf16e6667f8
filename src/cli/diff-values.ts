import type { ExactValue } from '../port/types.js';

/** Longest value shown in a text or markdown report before it is cut. */
const SHOWN_CHARS = 60;

/**
 * A value as a report shows it: NULL bare, numbers and times bare, text quoted (so '' , 'a ' and NULL stay apart, and
 * control characters show escaped), bytes as 0x hex; long values cut with their full length.
 */
export function showValue(value: ExactValue, textual = true): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string' && !textual) return value;
  if (typeof value !== 'string') {
    const hex = Buffer.from(value).toString('hex').toUpperCase();
    return hex.length > SHOWN_CHARS
      ? `0x${hex.slice(0, SHOWN_CHARS)}… (${value.byteLength} bytes)`
      : `0x${hex}`;
  }
  const chars = [...value];
  const quoted = JSON.stringify(
    chars.length > SHOWN_CHARS ? chars.slice(0, SHOWN_CHARS).join('') : value,
  );
  return chars.length > SHOWN_CHARS ? `${quoted.slice(0, -1)}…" (${chars.length} chars)` : quoted;
}

/** A value in a JSON document: text as a string, bytes as `{"hex": "…"}`, NULL as null. */
export function jsonValue(value: ExactValue): string | { hex: string } | null {
  if (value === null || typeof value === 'string') return value;
  return { hex: Buffer.from(value).toString('hex') };
}
