import { randomUUID } from 'node:crypto';
import { mkdir, rmdir, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FolderFacts, FolderRole } from './folders.js';

const errorOf = (error: unknown) => ({
  code: (error as NodeJS.ErrnoException).code ?? 'UNKNOWN',
  message: (error as Error).message,
});

/** The path itself, or its nearest ancestor that exists. */
async function nearestExisting(path: string): Promise<string> {
  for (let p = path; ; p = dirname(p)) {
    try {
      await stat(p);
      return p;
    } catch (error) {
      // A missing folder, or a file where a folder should be: measure what holds the path.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(p) === p) return p;
    }
  }
}

/**
 * Creates the missing folders of `path`, one level at a time, and returns them (outermost first).
 * Not `mkdir({ recursive: true })`: on Node 20 it never settles when the parent exists but refuses
 * the new folder with ENOENT, as `/proc` does.
 */
async function makeFolders(path: string): Promise<string[]> {
  const missing: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    try {
      if ((await stat(p)).isDirectory()) break;
      throw Object.assign(new Error(`${p} is not a folder`), { code: 'ENOTDIR' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw error;
      missing.unshift(p);
    }
  }
  const created: string[] = [];
  try {
    for (const p of missing) {
      await mkdir(p);
      created.push(p);
    }
  } catch (error) {
    await removeFolders(created);
    throw error;
  }
  return created;
}

/** Removes folders doctor created, deepest first. */
async function removeFolders(created: readonly string[]): Promise<void> {
  for (const p of [...created].reverse()) await rmdir(p).catch(() => {});
}

/**
 * Tries a folder the way a sync uses it: creates it if missing (and removes it again), creates a
 * file there, writes to it, deletes it; and measures the free space of its filesystem for this
 * user. Trying beats reading permission bits: ACLs, read-only mounts, immutable folders and full
 * disks all show, and so does the fact that an administrator may write anywhere.
 */
export async function readFolderFacts(role: FolderRole, folder: string): Promise<FolderFacts> {
  const path = resolve(folder);
  let created = false;
  let writeError: FolderFacts['writeError'] = null;
  try {
    const made = await makeFolders(path);
    created = made.length > 0;
    const probe = join(path, `.icmsync-doctor-${randomUUID()}`);
    try {
      await writeFile(probe, 'icmsync doctor\n', { flag: 'wx' });
    } finally {
      await unlink(probe).catch(() => {});
      await removeFolders(made);
    }
  } catch (error) {
    writeError = errorOf(error);
  }
  let freeBytes: number | null = null;
  try {
    const fs = await statfs(await nearestExisting(path));
    freeBytes = Number(fs.bavail) * Number(fs.bsize);
  } catch {
    freeBytes = null;
  }
  return { role, path, created, writeError, freeBytes };
}
