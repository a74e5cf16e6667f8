// The naive diff the benchmark sets against `icmsync diff`: stream both tables in key order and
// compare them row by row in the client. Each side sends `COPY (SELECT * FROM t ORDER BY key) TO
// STDOUT` (text format, the cheapest way PostgreSQL has to send every row); lines are matched by
// key in a merge join and compared as text.
//
//   node bench/naive-diff.js <table> <key column>     (databases from ICMSYNC_A/B_DATABASE)
//
// Prints {onlyInA, onlyInB, changed, bytes} on stdout and, as measure.js does, its wall time and
// peak RSS as JSON on stderr's last line. The key is compared as a number, which is how the
// server orders this table's double precision RecoveryKey.
import { StringDecoder } from 'node:string_decoder';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { reportOnExit } from './peak-rss.js';

reportOnExit();
const [table, key] = process.argv.slice(2);
const quote = (name) => `"${name.replaceAll('"', '""')}"`;
const connect = async (database) => {
  const client = new pg.Client({
    host: process.env.ICMSYNC_SERVER,
    port: Number(process.env.ICMSYNC_PORT ?? 5432),
    user: process.env.ICMSYNC_USER,
    database,
  });
  await client.connect();
  return client;
};

/** The lines of one side's COPY, pulled a chunk at a time. */
class Lines {
  bytes = 0;
  lines = [];
  at = 0;
  #rest = '';
  #decoder = new StringDecoder('utf8');
  #chunks;
  constructor(stream) {
    this.#chunks = stream[Symbol.asyncIterator]();
  }
  /** The current line, reading the next chunk when needed; null at the end. */
  async current() {
    while (this.at >= this.lines.length) {
      const { value, done } = await this.#chunks.next();
      if (done) return null;
      this.bytes += value.length;
      const text = this.#rest + this.#decoder.write(value);
      const cut = text.lastIndexOf('\n');
      this.lines = cut < 0 ? [] : text.slice(0, cut).split('\n');
      this.#rest = cut < 0 ? text : text.slice(cut + 1);
      this.at = 0;
    }
    return this.lines[this.at];
  }
}
const keyOf = (line) => Number(line.slice(0, line.indexOf('\t')));

const clients = await Promise.all(
  [process.env.ICMSYNC_A_DATABASE, process.env.ICMSYNC_B_DATABASE].map(connect),
);
const copy = `COPY (SELECT * FROM ${table.split('.').map(quote).join('.')} ORDER BY ${quote(key)}) TO STDOUT`;
const [a, b] = clients.map((client) => new Lines(client.query(copyTo(copy))));
const found = { onlyInA: 0, onlyInB: 0, changed: 0 };
for (;;) {
  // Awaits only when a side's buffered lines run out, so the loop costs what comparing costs.
  const x = a.at < a.lines.length ? a.lines[a.at] : await a.current();
  const y = b.at < b.lines.length ? b.lines[b.at] : await b.current();
  if (x === null && y === null) break;
  const kx = x === null ? Number.POSITIVE_INFINITY : keyOf(x);
  const ky = y === null ? Number.POSITIVE_INFINITY : keyOf(y);
  if (kx < ky) {
    found.onlyInA += 1;
    a.at += 1;
  } else if (ky < kx) {
    found.onlyInB += 1;
    b.at += 1;
  } else {
    if (x !== y) found.changed += 1;
    a.at += 1;
    b.at += 1;
  }
}
await Promise.all(clients.map((client) => client.end()));
console.log(JSON.stringify({ ...found, bytes: { a: a.bytes, b: b.bytes } }));
