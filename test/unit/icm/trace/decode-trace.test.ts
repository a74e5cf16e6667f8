import { describe, expect, it } from 'vitest';
import { decodeTrace, detectTraceEncoding } from '../../../../src/icm/trace/decode-trace.js';
import { fixtureBytes } from './trace-fixtures.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const utf16le = (text: string) => {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    bytes[2 * i] = text.charCodeAt(i) & 0xff;
    bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return bytes;
};
const swapPairs = (bytes: Uint8Array) =>
  bytes.map((_, i) => bytes[i % 2 === 0 ? i + 1 : i - 1] ?? 0);
const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

const LINE = '16:47:39 Trace: LastUpdateKey for A Configuration is 309975091099.0\r\n';
const CRLF_SENDER = new TextDecoder()
  .decode(fixtureBytes('seed-sender-b.lines.txt'))
  .replaceAll('\n', '\r\n');

describe('decodeTrace', () => {
  it('decodes the UTF-16LE sample with a BOM, dropping the BOM', () => {
    const bytes = fixtureBytes('seed-sender-b.utf16le-bom.txt');
    expect(detectTraceEncoding(bytes)).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(decodeTrace(bytes)).toBe(CRLF_SENDER);
  });

  it('recognises the BOM-less UTF-16LE sample by its NUL bytes, as Windows writes it', () => {
    const bytes = fixtureBytes('seed-sender-b.utf16le.txt');
    expect(detectTraceEncoding(bytes)).toEqual({ encoding: 'utf-16le', bomLength: 0 });
    expect(decodeTrace(bytes)).toBe(CRLF_SENDER);
  });

  it('decodes UTF-16BE with and without a BOM', () => {
    const be = swapPairs(utf16le(LINE));
    expect(decodeTrace(join(new Uint8Array([0xfe, 0xff]), be))).toBe(LINE);
    expect(detectTraceEncoding(be)).toEqual({ encoding: 'utf-16be', bomLength: 0 });
    expect(decodeTrace(be)).toBe(LINE);
  });

  it('decodes UTF-8 with and without a BOM, and keeps non-ASCII text', () => {
    expect(decodeTrace(utf8(LINE))).toBe(LINE);
    expect(decodeTrace(join(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(LINE)))).toBe(LINE);
    expect(decodeTrace(utf8('Connect to café_sideA database.'))).toBe(
      'Connect to café_sideA database.',
    );
  });

  it('falls back to the Windows ANSI code page for bytes that are not UTF-8', () => {
    const ansi = new Uint8Array([...utf8('Connect to caf'), 0xe9, ...utf8('_sideA database.')]);
    expect(detectTraceEncoding(ansi).encoding).toBe('windows-1252');
    expect(decodeTrace(ansi)).toBe('Connect to café_sideA database.');
  });

  it('never throws on garbage: empty, one byte, odd-length UTF-16, random bytes', () => {
    expect(decodeTrace(new Uint8Array())).toBe('');
    expect(typeof decodeTrace(new Uint8Array([0x00]))).toBe('string');
    expect(decodeTrace(new Uint8Array([0xff, 0xfe, 0x41]))).toBe('\ufffd');
    let seed = 7;
    const random = new Uint8Array(5000).map(() => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed & 0xff;
    });
    expect(() => decodeTrace(random)).not.toThrow();
  });
});
