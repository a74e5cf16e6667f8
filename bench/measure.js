// Runs one icmsync command in this process and prints its wall time and peak RSS as JSON on stderr's
// last line, so bench/run.js can time whole commands without anything but Node.
import { main } from '../dist/cli/main.js';

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
process.stderr.write(
  `\n${JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
process.exit(0);
