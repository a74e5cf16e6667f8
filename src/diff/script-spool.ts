import { appendFileSync, createReadStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Bytes one spool file keeps in memory before appending them to its file. */
export const SPOOL_FILE_BUFFER = 256 * 1024;
/** Bytes all spool files together keep in memory before every buffer is written out. */
export const SPOOL_TOTAL_BUFFER = 8 * 1024 * 1024;

/**
 * Bytes travel through JSON as `{"x": "<hex>"}`; records hold no other objects. (A replacer would
 * come too late: Buffer's own toJSON runs first.)
 */
const encode = (value: unknown): unknown =>
  value instanceof Uint8Array
    ? { x: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') }
    : Array.isArray(value)
      ? value.map(encode)
      : value;
const decode = (_key: string, value: unknown) =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? new Uint8Array(Buffer.from((value as { x: string }).x, 'hex'))
    : value;

interface SpoolFile {
  readonly path: string;
  chunks: string[];
  bytes: number;
  records: number;
}

/**
 * Records (arrays of exact values) appended to named files in a folder of their own, one JSON line
 * each, and read back in the order written: a fix script's rows wait here, table by table, so the
 * script can be put in foreign-key order without holding the rows in memory. Appends are
 * synchronous, because rows arrive in a synchronous callback, and buffered.
 */
export class ScriptSpool {
  readonly #dir: string;
  readonly #files = new Map<string, SpoolFile>();
  #buffered = 0;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.#dir = dir;
  }

  /** Appends one record to `name`. */
  append(name: string, record: readonly unknown[]): void {
    let file = this.#files.get(name);
    if (!file) {
      file = {
        path: join(this.#dir, `${this.#files.size}.jsonl`),
        chunks: [],
        bytes: 0,
        records: 0,
      };
      this.#files.set(name, file);
    }
    const line = `${JSON.stringify(encode(record))}\n`;
    file.chunks.push(line);
    file.bytes += line.length;
    file.records += 1;
    this.#buffered += line.length;
    if (file.bytes >= SPOOL_FILE_BUFFER) this.#write(file);
    if (this.#buffered >= SPOOL_TOTAL_BUFFER) this.flush();
  }

  /** Records appended to `name` so far. */
  records(name: string): number {
    return this.#files.get(name)?.records ?? 0;
  }

  /** Writes every buffered record to its file. */
  flush(): void {
    for (const file of this.#files.values()) this.#write(file);
  }

  /** The records of `name`, in the order they were appended (after {@link flush}). */
  async *read<T extends readonly unknown[]>(name: string): AsyncIterable<T> {
    const file = this.#files.get(name);
    if (!file || file.records === 0) return;
    this.#write(file);
    const lines = createInterface({
      input: createReadStream(file.path, 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) if (line !== '') yield JSON.parse(line, decode) as T;
  }

  /** Deletes the folder and everything in it. */
  async remove(): Promise<void> {
    this.#files.clear();
    await rm(this.#dir, { recursive: true, force: true });
  }

  #write(file: SpoolFile): void {
    if (file.chunks.length === 0) return;
    appendFileSync(file.path, file.chunks.join(''));
    this.#buffered -= file.bytes;
    file.chunks = [];
    file.bytes = 0;
  }
}

/** Groups records read from a spool (or any async source) into pages of at most `size`. */
export async function* pages<T>(items: AsyncIterable<T>, size: number): AsyncIterable<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
