// Peak RSS of the running process, and the JSON line bench/run.js reads from a measured process.
import { readFileSync } from 'node:fs';

/**
 * Peak RSS of this process image. On Linux VmHWM belongs to the address space exec created;
 * getrusage's maxRSS would also count the parent's pages the child had before exec.
 */
export function peakRssMb() {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

/** As the process exits, prints its wall time since start and its peak RSS as JSON on stderr. */
export function reportOnExit() {
  // Writes to a pipe are synchronous on Linux, so this line survives process.exit.
  process.on('exit', (code) => {
    const ms = performance.now();
    process.stderr.write(`\n${JSON.stringify({ code, ms, maxRssMb: peakRssMb() })}\n`);
  });
}
