import { describe, expect, it } from 'vitest';
import { arrayParam, copyField, copyLine } from '../../../../src/db/postgres/values.js';
import { column } from '../../../support/shapes.js';

describe('copyField', () => {
  it('writes NULL as \\N and escapes what COPY text format treats specially', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('王芳 Zoë')).toBe('王芳 Zoë');
  });

  it('keeps numbers exact, including float specials and bigints', () => {
    expect(copyField(0.1)).toBe('0.1');
    expect(copyField(310466685004)).toBe('310466685004');
    expect(copyField(Number.NaN)).toBe('NaN');
    expect(copyField(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(copyField(2n ** 63n - 1n)).toBe('9223372036854775807');
    expect(copyField(true)).toBe('t');
  });

  it('writes dates in UTC and bytes as escaped hex', () => {
    expect(copyField(new Date(Date.UTC(2026, 10, 24, 23, 59, 59, 990)))).toBe(
      '2026-11-24T23:59:59.990Z',
    );
    expect(copyField(Buffer.from([0, 1, 255]))).toBe('\\\\x0001ff');
    expect(copyField(new Uint8Array([16]))).toBe('\\\\x10');
  });

  it('joins the chosen positions of a row with tabs', () => {
    expect(copyLine([1, null, 'x'], [0, 2])).toBe('1\tx\n');
  });
});

describe('arrayParam', () => {
  it('sends dates as ISO text and float specials as PostgreSQL spells them', () => {
    expect(arrayParam(new Date(0), column('d'))).toBe('1970-01-01T00:00:00.000Z');
    expect(arrayParam(Number.POSITIVE_INFINITY, column('f', 'float8', { kind: 'float' }))).toBe(
      'Infinity',
    );
    expect(Buffer.isBuffer(arrayParam(new Uint8Array([1]), column('b')))).toBe(true);
  });
});
