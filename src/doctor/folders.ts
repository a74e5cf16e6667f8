import { type Check, type CheckId, fail, formatBytes, pass, warn } from './check.js';

/**
 * Below this, a folder fails: a sync's journal takes a line (about 200 bytes) per committed batch,
 * so 1 MiB is a few thousand batches, and less is a disk that is all but full.
 */
export const MIN_FOLDER_FREE_BYTES = 1024 * 1024;
/** Below this, a folder warns: other programs on the same disk can take the rest during a run. */
export const LOW_FOLDER_FREE_BYTES = 64 * 1024 * 1024;

/** The folders icmsync itself writes to or depends on. */
export const FOLDER_ROLES = ['journal', 'audit', 'temp'] as const;
export type FolderRole = (typeof FOLDER_ROLES)[number];

/** What trying a folder showed. */
export interface FolderFacts {
  readonly role: FolderRole;
  readonly path: string;
  /** The folder did not exist: doctor created it for the test and removed it again. */
  readonly created: boolean;
  /** Why creating and removing a file there failed; null when it worked. */
  readonly writeError: { readonly code: string; readonly message: string } | null;
  /** Bytes free to this user on the folder's filesystem; null when it could not be measured. */
  readonly freeBytes: number | null;
}

const CHECK_OF: Readonly<Record<FolderRole, CheckId>> = {
  journal: 'journal-folder',
  audit: 'audit-folder',
  temp: 'temp-folder',
};

const LABEL: Readonly<Record<FolderRole, string>> = {
  journal: 'journal folder',
  audit: 'audit folder',
  temp: 'temp folder',
};

const FIX: Readonly<Record<FolderRole, string>> = {
  journal:
    'give --journal-dir a folder this user can write, on a disk with free space (or fix the folder and its permissions)',
  audit:
    'give --audit-file a place this user can write, on a disk with free space (or fix the folder and its permissions)',
  temp: "free space in this user's temp folder (TMPDIR, TEMP) or give the user access to it: the state transfer's own failure, on this machine",
};

/** Filesystem errors in words. */
const WHY: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted (permissions, or a read-only or immutable folder)',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a file stands where a folder should be',
  ENOENT: 'a part of the path does not exist and cannot be created',
};

/**
 * Whether icmsync can write where it will: the journal and audit folders fail when it cannot (a
 * sync journals every batch before the next), the temp folder only warns (a sync does not write
 * there, but a full or forbidden temp folder is the state transfer's own failure, and other tools
 * on this machine need it).
 */
export function checkFolder(facts: FolderFacts): Check {
  const id = CHECK_OF[facts.role];
  const label = `${LABEL[facts.role]} ${facts.path}`;
  const severe = facts.role === 'temp' ? warn : fail;
  if (facts.writeError) {
    const why = WHY[facts.writeError.code] ?? facts.writeError.message;
    return severe(id, null, `${label}: cannot create a file there: ${why}`, FIX[facts.role]);
  }
  const created = facts.created ? ' (it does not exist yet; a sync creates it)' : '';
  if (facts.freeBytes === null) {
    return warn(
      id,
      null,
      `${label} is writable${created}, but its free space cannot be measured`,
      FIX[facts.role],
    );
  }
  const free = `${formatBytes(facts.freeBytes)} free`;
  if (facts.freeBytes < MIN_FOLDER_FREE_BYTES) {
    return severe(id, null, `${label}: only ${free}`, FIX[facts.role]);
  }
  if (facts.freeBytes < LOW_FOLDER_FREE_BYTES) {
    return warn(id, null, `${label} is writable but has only ${free}`, FIX[facts.role]);
  }
  return pass(id, null, `${label} is writable, ${free}${created}`);
}
