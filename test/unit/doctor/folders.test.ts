import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFolderFacts } from '../../../src/doctor/folder-facts.js';
import {
  checkFolder,
  type FolderFacts,
  LOW_FOLDER_FREE_BYTES,
  MIN_FOLDER_FREE_BYTES,
} from '../../../src/doctor/folders.js';

const facts = (over: Partial<FolderFacts> = {}): FolderFacts => ({
  role: 'journal',
  path: '/srv/icmsync/journal',
  created: false,
  writeError: null,
  freeBytes: 10 * 1024 ** 3,
  ...over,
});

describe('checkFolder', () => {
  it('passes a writable folder with room, and says when a sync will create it', () => {
    expect(checkFolder(facts({ created: true }))).toMatchObject({
      id: 'journal-folder',
      side: null,
      status: 'PASS',
      message:
        'journal folder /srv/icmsync/journal is writable, 10.0 GB free (it does not exist yet; a sync creates it)',
    });
  });

  it('fails a journal folder it cannot write, in words, with the fix', () => {
    const check = checkFolder(facts({ writeError: { code: 'EACCES', message: 'EACCES: x' } }));
    expect(check).toMatchObject({
      status: 'FAIL',
      message: 'journal folder /srv/icmsync/journal: cannot create a file there: permission denied',
      fix: expect.stringContaining('give --journal-dir a folder this user can write'),
    });
  });

  it('only warns for the temp folder, which a sync does not write to', () => {
    const check = checkFolder(
      facts({ role: 'temp', path: '/tmp', writeError: { code: 'ENOSPC', message: 'x' } }),
    );
    expect(check).toMatchObject({
      id: 'temp-folder',
      status: 'WARN',
      message: 'temp folder /tmp: cannot create a file there: no space left on the device',
    });
  });

  it('fails an all but full disk and warns a low one', () => {
    expect(checkFolder(facts({ freeBytes: MIN_FOLDER_FREE_BYTES - 1 })).status).toBe('FAIL');
    expect(checkFolder(facts({ freeBytes: LOW_FOLDER_FREE_BYTES - 1 })).status).toBe('WARN');
    expect(checkFolder(facts({ role: 'audit', freeBytes: null }))).toMatchObject({
      id: 'audit-folder',
      status: 'WARN',
    });
  });
});

describe('readFolderFacts', () => {
  let base = '';
  afterEach(async () => {
    if (base) {
      await chmod(base, 0o700).catch(() => {});
      await rm(base, { recursive: true, force: true });
    }
  });

  it('creates a missing folder for the test and removes it again', async () => {
    base = await mkdtemp(join(tmpdir(), 'icmsync-doctor-'));
    const folder = join(base, 'a', 'b');
    const found = await readFolderFacts('journal', folder);
    expect(found).toMatchObject({ role: 'journal', path: folder, created: true, writeError: null });
    expect(found.freeBytes).toBeGreaterThan(0);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(base)).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')(
    'answers where mkdir -p would never settle (a new folder in /proc)',
    async () => {
      const found = await readFolderFacts('journal', '/proc/self/icmsync-journal');
      expect(found.writeError?.code).toBe('ENOENT');
    },
  );

  it('finds a file where the folder should be', async () => {
    base = await mkdtemp(join(tmpdir(), 'icmsync-doctor-'));
    await writeFile(join(base, 'file'), 'x');
    const found = await readFolderFacts('journal', join(base, 'file', 'journal'));
    expect(found.writeError?.code).toBe('ENOTDIR');
    expect(found.freeBytes).toBeGreaterThan(0);
  });
});
