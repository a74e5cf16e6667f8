// Runs one icmsync command in this process and prints its wall time and peak RSS as JSON on stderr's
// last line, so bench/run.js can time whole commands without anything but Node.
import { readFileSync } from 'node:fs';
import { main } from '../dist/cli/main.js';

/**
 * Peak RSS of this process image. On Linux VmHWM belongs to the address space exec created;
 * getrusage's maxRSS would also count the parent's pages the child had before exec.
 */
function peakRssMb() {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

const started = process.hrtime.bigint();
const quiet = { write: () => true, isTTY: false };
const code = await main(process.argv.slice(2), {
  stdout: quiet,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stderr.write(`\n${JSON.stringify({ code, ms, maxRssMb: peakRssMb() })}\n`);
process.exit(0);
