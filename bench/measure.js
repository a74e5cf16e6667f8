// Runs the icmsync executable (bin/icmsync.js, exactly as a user would) in this process and, as the
// process exits, prints its wall time since start and its peak RSS as JSON on stderr's last line,
// so bench/run.js can time whole commands with nothing but Node.
import { reportOnExit } from './peak-rss.js';

reportOnExit();
await import('../bin/icmsync.js');
