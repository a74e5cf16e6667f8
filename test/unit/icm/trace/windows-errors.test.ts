import { describe, expect, it } from 'vitest';
import { describeTempFileError } from '../../../../src/icm/trace/windows-errors.js';

describe('describeTempFileError', () => {
  it.each([
    [2, 'ERROR_FILE_NOT_FOUND'],
    [3, 'ERROR_PATH_NOT_FOUND'],
    [5, 'ERROR_ACCESS_DENIED'],
    [32, 'ERROR_SHARING_VIOLATION'],
    [39, 'ERROR_HANDLE_DISK_FULL'],
    [80, 'ERROR_FILE_EXISTS'],
    [112, 'ERROR_DISK_FULL'],
    [267, 'ERROR_DIRECTORY'],
    [1392, 'ERROR_FILE_CORRUPT'],
  ])('names Windows error %i %s', (n, name) => {
    expect(describeTempFileError(n).name).toBe(name);
  });

  it('explains the two causes Cisco documents, and the 65,535-name limit', () => {
    expect(describeTempFileError(5).fix).toContain('full control');
    expect(describeTempFileError(112).cause).toContain('is full');
    expect(describeTempFileError(3).cause).toContain('does not exist');
    expect(describeTempFileError(80).cause).toContain('65,535');
    expect(describeTempFileError(80).fix).toContain('*.tmp');
  });

  it('reports an unknown number as unknown, with a way to look it up', () => {
    expect(describeTempFileError(1235)).toMatchObject({
      name: null,
      cause: expect.stringContaining('1235 is not one icmsync knows'),
      fix: expect.stringContaining('net helpmsg 1235'),
    });
    expect(describeTempFileError(null)).toMatchObject({
      name: null,
      cause: 'The Logger did not print the Windows error.',
    });
  });
});
