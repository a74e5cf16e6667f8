/** What a Windows error from GetTempFileName means for a Logger's state transfer. */
export interface TempFileError {
  /** The Windows name of the error (`ERROR_ACCESS_DENIED`), null when icmsync does not know it. */
  readonly name: string | null;
  readonly cause: string;
  readonly fix: string;
}

const RETRY = 'The next state transfer attempt then succeeds without further action.';
const SET_TEMP =
  "Set TEMP and TMP of the Node Manager's user to an existing local folder it can write (for example C:\\Temp) and restart the Node Manager service so it reads them.";
const CHECK_DISK =
  'Check the disk holding %temp% (Event Viewer, then chkdsk in a maintenance window) before the next transfer.';
const SHORT_OF_RESOURCES = {
  cause: 'The Logger server ran short of memory or handles while creating the file.',
  fix: 'Check memory and handle use on the Logger server (Task Manager, Performance Monitor) and free them; restarting the Logger service releases its own.',
};

/**
 * The Windows errors GetTempFileName reports, read in the context of the Node Manager's %temp%
 * folder, where the sending Logger writes its state-transfer file.
 */
export const TEMP_FILE_ERRORS: ReadonlyMap<number, TempFileError> = new Map([
  [
    2,
    {
      name: 'ERROR_FILE_NOT_FOUND',
      cause: "Part of the Node Manager's %temp% path does not exist.",
      fix: SET_TEMP,
    },
  ],
  [
    3,
    {
      name: 'ERROR_PATH_NOT_FOUND',
      cause:
        "The Node Manager's %temp% points at a folder that does not exist (a deleted or renamed profile folder, or a drive letter that is gone).",
      fix: `Create that folder, or: ${SET_TEMP}`,
    },
  ],
  [4, { name: 'ERROR_TOO_MANY_OPEN_FILES', ...SHORT_OF_RESOURCES }],
  [
    5,
    {
      name: 'ERROR_ACCESS_DENIED',
      cause:
        "The Node Manager's user cannot write to its own %temp% folder (under C:\\Documents and Settings\\<user_name>\\ on ICM 5).",
      fix: `Grant full control of that %temp% folder to the Node Manager's user (Cisco: to the domain users group it is a member of). ${RETRY}`,
    },
  ],
  [8, { name: 'ERROR_NOT_ENOUGH_MEMORY', ...SHORT_OF_RESOURCES }],
  [14, { name: 'ERROR_OUTOFMEMORY', ...SHORT_OF_RESOURCES }],
  [
    19,
    {
      name: 'ERROR_WRITE_PROTECT',
      cause: 'The drive holding %temp% is write-protected.',
      fix: `Make the drive writable, or: ${SET_TEMP}`,
    },
  ],
  [
    21,
    {
      name: 'ERROR_NOT_READY',
      cause: 'The drive holding %temp% is not ready (offline, removed or unmapped).',
      fix: `Bring the drive back online, or: ${SET_TEMP}`,
    },
  ],
  [
    32,
    {
      name: 'ERROR_SHARING_VIOLATION',
      cause:
        'Another process held the new temporary file open, typically antivirus or backup software scanning %temp%.',
      fix: "Exclude the Node Manager's %temp% folder from antivirus and backup scans.",
    },
  ],
  [
    39,
    {
      name: 'ERROR_HANDLE_DISK_FULL',
      cause: "The drive holding the Node Manager's %temp% folder is full.",
      fix: `Free disk space on that drive. ${RETRY}`,
    },
  ],
  [
    53,
    {
      name: 'ERROR_BAD_NETPATH',
      cause: '%temp% points at a network path that cannot be reached.',
      fix: SET_TEMP,
    },
  ],
  [
    80,
    {
      name: 'ERROR_FILE_EXISTS',
      cause:
        'GetTempFileName ran out of its 65,535 unique names: %temp% is full of old *.tmp files with the same prefix (Windows never deletes them).',
      fix: "Delete the old *.tmp files in the Node Manager's %temp% folder.",
    },
  ],
  [
    111,
    {
      name: 'ERROR_BUFFER_OVERFLOW',
      cause:
        'The %temp% path is longer than GetTempFileName accepts (MAX_PATH minus 14 characters).',
      fix: SET_TEMP,
    },
  ],
  [
    112,
    {
      name: 'ERROR_DISK_FULL',
      cause:
        "The drive holding the Node Manager's %temp% folder is full: there is no room for the state-transfer file.",
      fix: `Free disk space on that drive. ${RETRY}`,
    },
  ],
  [123, { name: 'ERROR_INVALID_NAME', cause: '%temp% holds a malformed path.', fix: SET_TEMP }],
  [161, { name: 'ERROR_BAD_PATHNAME', cause: '%temp% holds a malformed path.', fix: SET_TEMP }],
  [
    206,
    { name: 'ERROR_FILENAME_EXCED_RANGE', cause: 'The %temp% path is too long.', fix: SET_TEMP },
  ],
  [
    267,
    {
      name: 'ERROR_DIRECTORY',
      cause: '%temp% names something that is not a folder (a file, or an invalid directory name).',
      fix: SET_TEMP,
    },
  ],
  [
    1117,
    {
      name: 'ERROR_IO_DEVICE',
      cause: 'The disk holding %temp% reported an I/O error.',
      fix: CHECK_DISK,
    },
  ],
  [
    1392,
    {
      name: 'ERROR_FILE_CORRUPT',
      cause: 'The file system holding %temp% is corrupted.',
      fix: CHECK_DISK,
    },
  ],
  [1450, { name: 'ERROR_NO_SYSTEM_RESOURCES', ...SHORT_OF_RESOURCES }],
]);

/** What a GetTempFileName failure means, unknown numbers (or none) included. */
export function describeTempFileError(errorNumber: number | null): TempFileError {
  const known = errorNumber === null ? undefined : TEMP_FILE_ERRORS.get(errorNumber);
  if (known) return known;
  const lookup =
    errorNumber === null
      ? ''
      : `Look the number up on the Logger server with \`net helpmsg ${errorNumber}\`, then check`;
  return {
    name: null,
    cause:
      errorNumber === null
        ? 'The Logger did not print the Windows error.'
        : `Windows error ${errorNumber} is not one icmsync knows; the Logger's own text for it is shown above.`,
    fix: `${lookup || 'Check'} the Node Manager's %temp% folder: it exists, its user can write to it, and its drive has free space.`,
  };
}
