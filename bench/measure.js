// Runs the icmsync executable (bin/icmsync.js, exactly as a user would) in this process and, as the
// process exits, prints its wall time since start and its peak RSS as JSON on stderr's last line,
// so bench/run.js can time whole commands with nothing but Node.
import { readFileSync } from 'node:fs';

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

// Writes to a pipe are synchronous on Linux, so this line survives process.exit.
process.on('exit', (code) => {
  const ms = performance.now();
  process.stderr.write(`\n${JSON.stringify({ code, ms, maxRssMb: peakRssMb() })}\n`);
});
await import('../bin/icmsync.js');
