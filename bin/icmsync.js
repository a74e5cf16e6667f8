#!/usr/bin/env node
// The icmsync executable: everything happens in dist/cli/main.js (build with `npm run build`).
import { run } from '../dist/cli/main.js';

await run();
