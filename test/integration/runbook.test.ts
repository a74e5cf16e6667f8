import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresEngine } from '../../src/db/postgres/database.js';
import { BIN, icmsync, POSTGRES_ENV, scratchDir } from '../support/cli.js';
import { postgresSettings, uniqueName } from '../support/settings.js';

const RUNBOOK = fileURLToPath(new URL('../../docs/runbook.sh', import.meta.url));

/** Runs the bash runbook as an operator would, icmsync being the built executable. */
function runbook(env: Record<string, string>) {
  const dir = scratchDir();
  return new Promise<{ code: number; stderr: string; dir: string }>((resolve) => {
    execFile(
      'bash',
      [RUNBOOK],
      {
        cwd: dir,
        env: {
          ...process.env,
          ...POSTGRES_ENV,
          ICMSYNC: `${process.execPath} ${BIN}`,
          NO_COLOR: '1',
          ...env,
        },
        timeout: 120_000,
      },
      (error, _stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stderr, dir });
      },
    );
  });
}

describe('the recovery runbook (docs/runbook.sh)', () => {
  const instance = uniqueName('runbook');
  const databases = {
    ICMSYNC_A_DATABASE: `${instance}_sideA`,
    ICMSYNC_B_DATABASE: `${instance}_sideB`,
  };

  afterAll(async () => {
    await icmsync(['lab', 'drop', '--yes', '--instance', instance], POSTGRES_ENV);
  });

  it('brings the behind side in line on a lab pair whose side B missed a state transfer', async () => {
    const built = await icmsync(
      ['lab', 'create', '--instance', instance, '--scale', '0.3'],
      POSTGRES_ENV,
    );
    expect(built.code, built.stderr).toBe(0);
    const first = await runbook({ ...databases, SCOPE: 'all', REPORT_DIR: 'reports' });
    expect(first.stderr).toContain('status says A_AHEAD: copy A to B');
    expect(first.code, first.stderr).toBe(0);
    const reports = join(first.dir, 'reports');
    for (const name of [
      'status-before.json',
      'doctor.json',
      'diff.json',
      'diff.html',
      'sync.json',
      'diff-after.json',
      'status-after.json',
    ])
      expect(existsSync(join(reports, name)), name).toBe(true);
    expect(JSON.parse(readFileSync(join(reports, 'sync.json'), 'utf8'))).toMatchObject({
      outcome: 'done',
    });
    expect(JSON.parse(readFileSync(join(reports, 'status-after.json'), 'utf8'))).toMatchObject({
      verdict: { state: 'IN_SYNC' },
    });
    const again = await runbook({ ...databases, REPORT_DIR: 'reports' });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('the sides are IN SYNC: nothing to do');
  });

  it("stops at doctor, exit 4, while the behind side's Logger is still connected", async () => {
    const other = uniqueName('runbook_busy');
    const built = await icmsync(
      ['lab', 'create', '--instance', other, '--scale', '0.1'],
      POSTGRES_ENV,
    );
    expect(built.code, built.stderr).toBe(0);
    const logger = await postgresEngine.open(
      'B',
      postgresSettings(`${other}_sideB`, { appName: 'lgr-sideB' }),
    );
    try {
      const stopped = await logger.session(() =>
        runbook({
          ICMSYNC_A_DATABASE: `${other}_sideA`,
          ICMSYNC_B_DATABASE: `${other}_sideB`,
          REPORT_DIR: 'r',
        }),
      );
      expect(stopped.code).toBe(4);
      expect(stopped.stderr).toContain('doctor found a check that fails');
      const doctor = JSON.parse(readFileSync(join(stopped.dir, 'r', 'doctor.json'), 'utf8'));
      expect(doctor.checks).toContainEqual(
        expect.objectContaining({ id: 'sessions', side: 'B', status: 'FAIL' }),
      );
      expect(existsSync(join(stopped.dir, 'r', 'sync.json'))).toBe(false);
    } finally {
      await logger.close();
      await icmsync(['lab', 'drop', '--yes', '--instance', other], POSTGRES_ENV);
    }
  });
});
