/** The encodings a Logger trace file arrives in, as `decodeTrace` detects them. */
export const TRACE_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;

/** One of `TRACE_ENCODINGS`. */
export type TraceEncoding = (typeof TRACE_ENCODINGS)[number];

/** How many leading bytes the BOM-less UTF-16 guess inspects. */
export const ENCODING_SAMPLE_BYTES = 4096;

/** Share of NUL bytes in one byte lane from which BOM-less text is taken for UTF-16. */
export const UTF16_NUL_SHARE = 0.3;

/** Share of NUL bytes the other lane may have and still be the character lane. */
const OTHER_LANE_NUL_SHARE = 0.05;

/** Where the text starts and how it is encoded, from the BOM or the pattern of NUL bytes. */
export function detectTraceEncoding(bytes: Uint8Array): {
  readonly encoding: TraceEncoding;
  readonly bomLength: number;
} {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const guessed = guessUtf16(bytes);
  if (guessed) return { encoding: guessed, bomLength: 0 };
  return { encoding: isUtf8(bytes) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** The text of a trace file in whatever encoding Windows or a DBA saved it; never throws. */
export function decodeTrace(bytes: Uint8Array): string {
  const { encoding, bomLength } = detectTraceEncoding(bytes);
  // ignoreBOM keeps a second, stray BOM visible instead of silently eating it.
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bomLength));
}

// Windows writes UTF-16 traces without a BOM often enough; ASCII text then has a NUL in every
// other byte: the high byte, second in little-endian and first in big-endian.
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, ENCODING_SAMPLE_BYTES) / 2);
  if (pairs === 0) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNuls++;
    if (bytes[2 * i + 1] === 0) oddNuls++;
  }
  const odd = oddNuls / pairs;
  const even = evenNuls / pairs;
  if (odd >= UTF16_NUL_SHARE && even <= OTHER_LANE_NUL_SHARE) return 'utf-16le';
  if (even >= UTF16_NUL_SHARE && odd <= OTHER_LANE_NUL_SHARE) return 'utf-16be';
  return null;
}

// Text that is not valid UTF-8 is most likely the Windows ANSI code page of the Logger server;
// Western European is the common case, and it decodes every byte, so nothing is lost.
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
