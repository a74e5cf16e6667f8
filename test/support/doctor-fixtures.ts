import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadEngine } from '../../src/db/engines.js';
import { Secret } from '../../src/port/secret.js';
import type { ConnectionSettings, EngineName } from '../../src/port/settings.js';
import { type Pair, pick, SIDES, type Side } from '../../src/port/types.js';
import { uniqueName } from './settings.js';

const run = promisify(execFile);

/** A folder icmsync cannot write, and how that was arranged. */
export interface ReadOnlyFolder {
  readonly path: string;
  /** How the folder was made unwritable, for the test's log. */
  readonly how: string;
  release(): Promise<void>;
}

/** Whether a file can be created in `folder` by this process right now. */
async function writable(folder: string): Promise<boolean> {
  const probe = join(folder, 'probe');
  try {
    await writeFile(probe, 'x');
    await unlink(probe);
    return true;
  } catch {
    return false;
  }
}

/**
 * A folder that really refuses a new file to this process. As a normal user, mode 0500 does it. As
 * root (the CI container), mode bits do not stop writes (CAP_DAC_OVERRIDE), so the folder gets the
 * immutable attribute (`chattr +i`), which stops root as well; where that is unavailable (no
 * CAP_LINUX_IMMUTABLE, or a filesystem without the attribute), the path is put under a regular
 * file, which no user can create anything in. Each way is verified by trying to write before use.
 */
export async function readOnlyFolder(): Promise<ReadOnlyFolder> {
  const base = await mkdtemp(join(tmpdir(), 'icmsync-readonly-'));
  const folder = join(base, 'journal');
  await mkdir(folder);
  const release = async (undo: () => Promise<unknown>) => {
    await undo().catch(() => {});
    await rm(base, { recursive: true, force: true });
  };
  if (process.getuid?.() !== 0) {
    await chmod(folder, 0o500);
    if (!(await writable(folder)))
      return { path: folder, how: 'mode 0500', release: () => release(() => chmod(folder, 0o700)) };
  } else {
    try {
      await run('chattr', ['+i', folder]);
      if (!(await writable(folder))) {
        return {
          path: folder,
          how: 'immutable attribute (chattr +i): root cannot create files in it either',
          release: () => release(() => run('chattr', ['-i', folder])),
        };
      }
      await run('chattr', ['-i', folder]);
    } catch {
      // No chattr, no CAP_LINUX_IMMUTABLE, or a filesystem without the attribute.
    }
  }
  await writeFile(join(base, 'file'), 'a file, not a folder\n');
  const underFile = join(base, 'file', 'journal');
  if (await writable(join(base, 'file'))) throw new Error('cannot make an unwritable folder here');
  return {
    path: underFile,
    how: 'a path under a regular file (root ignores mode bits, and chattr +i is unavailable)',
    release: () => release(async () => {}),
  };
}

/** A login made for one test, and how to remove it. */
export interface TestLogin {
  readonly settings: Pair<ConnectionSettings>;
  drop(): Promise<void>;
}

const quotePg = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteMs = (name: string) => `[${name.replaceAll(']', ']]')}]`;

async function asAdmin(settings: ConnectionSettings, side: Side, script: string): Promise<void> {
  const db = await (await loadEngine(settings.engine)).open(side, settings);
  try {
    await db.runScript(script);
  } finally {
    await db.close();
  }
}

/**
 * A login that may read and write every table of both databases except `INSERT` on `table` (the
 * default schema's), created with the fixture's own administrator settings: what a DBA's
 * half-finished grant script leaves behind.
 */
export async function loginWithoutInsert(
  engine: EngineName,
  admin: Pair<ConnectionSettings>,
  table: string,
): Promise<TestLogin> {
  const name = uniqueName('icmsync_nogrant');
  if (engine === 'postgres') {
    const role = quotePg(name);
    await asAdmin(admin.a, 'A', `CREATE ROLE ${role} LOGIN`);
    for (const side of SIDES) {
      await asAdmin(
        pick(admin, side),
        side,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
REVOKE INSERT ON public.${quotePg(table)} FROM ${role};`,
      );
    }
    const as = (s: ConnectionSettings) => ({ ...s, user: name, password: undefined });
    return {
      settings: { a: as(admin.a), b: as(admin.b) },
      async drop() {
        for (const side of SIDES) await asAdmin(pick(admin, side), side, `DROP OWNED BY ${role}`);
        await asAdmin(admin.a, 'A', `DROP ROLE ${role}`);
      },
    };
  }
  const password = `Doctor-${Math.random().toString(36).slice(2, 10)}-Pa55!`;
  const login = quoteMs(name);
  const master = { ...admin.a, database: 'master' };
  await asAdmin(
    master,
    'A',
    `CREATE LOGIN ${login} WITH PASSWORD = N'${password}', CHECK_POLICY = OFF;`,
  );
  for (const side of SIDES) {
    await asAdmin(
      pick(admin, side),
      side,
      `CREATE USER ${login} FOR LOGIN ${login};
ALTER ROLE db_datareader ADD MEMBER ${login};
ALTER ROLE db_datawriter ADD MEMBER ${login};
DENY INSERT ON [dbo].${quoteMs(table)} TO ${login};`,
    );
  }
  const as = (s: ConnectionSettings) => ({ ...s, user: name, password: Secret.of(password) });
  return {
    settings: { a: as(admin.a), b: as(admin.b) },
    async drop() {
      for (const side of SIDES) await asAdmin(pick(admin, side), side, `DROP USER ${login};`);
      await asAdmin(master, 'A', `DROP LOGIN ${login};`);
    },
  };
}
