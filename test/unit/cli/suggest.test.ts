import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/cli/config.js';
import { flagLayer } from '../../../src/cli/connection-options.js';
import { connectionFlags, databaseFlags } from '../../../src/cli/suggest.js';

/** Resolves a configuration as the CLI would from one layer of file-like settings. */
const sides = (layer: Parameters<typeof resolveConfig>[0][number]) =>
  resolveConfig([layer], () => undefined).sides;

/** Parses the suggested flags back the way commander hands them to flagLayer. */
function reparse(flags: string) {
  const options: Record<string, string> = {};
  const words = flags.split(' ');
  for (let i = 0; i < words.length; i += 2) {
    const name = (words[i] ?? '')
      .replace(/^--/, '')
      .replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    options[name] = (words[i + 1] ?? '').replace(/^'|'$/g, '');
  }
  return options;
}

describe('connectionFlags', () => {
  it('reaches the same servers with the same settings when pasted, without the file', () => {
    const fromFile = sides({
      source: 'icmsync.json',
      both: { engine: 'mssql', user: 'icm_dba', encrypt: true, trustServerCertificate: true },
      a: { server: 'loggera.corp', port: 1433, database: 'ucce_sideA' },
      b: { server: 'loggerb.corp', port: 14332, database: 'ucce_sideB', requestTimeoutMs: 600000 },
    });
    const flags = connectionFlags(fromFile);
    expect(flags).not.toMatch(/password/i);
    const pasted = sides({
      ...flagLayer({ ...reparse(flags), ...reparse(databaseFlags(fromFile)) }),
    });
    expect(pasted).toEqual(fromFile);
  });

  it('names the shared settings once and leaves defaults out', () => {
    const local = sides({
      source: 'flags',
      both: {
        engine: 'postgres',
        server: '127.0.0.1',
        port: 5432,
        user: 'postgres',
        encrypt: false,
      },
      a: { database: 'icmlab_sideA' },
      b: { database: 'icmlab_sideB' },
    });
    expect(connectionFlags(local)).toBe(
      '--engine postgres --server 127.0.0.1 --port 5432 --user postgres --encrypt false',
    );
    expect(databaseFlags(local)).toBe('--a-database icmlab_sideA --b-database icmlab_sideB');
  });
});
