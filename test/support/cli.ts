import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built executable, as a user runs it. */
export const BIN = fileURLToPath(new URL('../../bin/icmsync.js', import.meta.url));

/** What a run of icmsync printed and how it exited. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** An empty working directory, so no icmsync.json is picked up by accident. */
export const scratchDir = () => mkdtempSync(join(tmpdir(), 'icmsync-cli-'));

/** Connection variables for the local test PostgreSQL. */
export const POSTGRES_ENV = {
  ICMSYNC_ENGINE: 'postgres',
  ICMSYNC_SERVER: process.env.ICMSYNC_TEST_PG_HOST ?? '127.0.0.1',
  ICMSYNC_PORT: process.env.ICMSYNC_TEST_PG_PORT ?? '5432',
  ICMSYNC_USER: process.env.ICMSYNC_TEST_PG_USER ?? 'postgres',
  ICMSYNC_ENCRYPT: 'false',
};

/** Runs `node bin/icmsync.js …` with a clean environment plus `env`, without a terminal. */
export function icmsync(
  args: readonly string[],
  env: Record<string, string> = {},
  cwd = scratchDir(),
): Promise<CliResult> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('ICMSYNC_') && !name.startsWith('PG'),
    ),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...inherited, NO_COLOR: '1', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
