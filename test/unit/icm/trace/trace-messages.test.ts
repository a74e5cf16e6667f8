import { describe, expect, it } from 'vitest';
import { TRACE_EVENT_KINDS } from '../../../../src/icm/trace/trace-event.js';
import { recogniseMessage, TRACE_RECOGNISERS } from '../../../../src/icm/trace/trace-messages.js';

describe('recogniseMessage', () => {
  it.each([
    ['Initiating state transfer RECEIVE operation.', { kind: 'receive-initiated' }],
    ['Trace: NodeManagerHandler: Logger Waiting for MDS Messages...', { kind: 'waiting-for-mds' }],
    [
      'Trace: Unable to GetTempFileName for temporary state transfer file. Last API Error [5]: Access is denied.',
      { kind: 'temp-file-failed', errorNumber: 5, errorText: 'Access is denied.' },
    ],
    [
      'Trace: Unable to GetTempFileName for temporary state transfer file.',
      { kind: 'temp-file-failed', errorNumber: null, errorText: '' },
    ],
    ['Trace: Unable to setup to use file in sending state.', { kind: 'send-setup-failed' }],
    ['Trace: CleanupPreparedState', { kind: 'cleanup-prepared-state' }],
    ['Trace: PrepareToSendState', { kind: 'prepare-to-send-state' }],
    ['Trace: Synchronizing Configuration Data', { kind: 'synchronizing-configuration' }],
    [
      'Trace: LastUpdateKey for B Configuration is 310466685004.0',
      { kind: 'last-update-key', side: 'B', key: '310466685004', written: '310466685004.0' },
    ],
    [
      'The Logger has completed Database Synchronization, 200 Config Message Log Entries Sent.Seed = 11088734',
      { kind: 'synchronization-completed', entriesSent: 200 },
    ],
    [
      'Trace: Starting config checksum, updateKey = 310473991055',
      { kind: 'checksum-started', updateKey: '310473991055' },
    ],
    [
      'Trace: Checksum config complete: Rows = 23442, bytes = 13409511, checksum = 783166570, updateKey = 310473991055',
      {
        kind: 'checksum-complete',
        rows: 23442,
        bytes: 13409511,
        checksum: 783166570,
        updateKey: '310473991055',
      },
    ],
    [
      'Trace: Database uses Major Version 77, CC Minor Version 4 of the Schema',
      { kind: 'database-schema', major: 77, minor: 4 },
    ],
    [
      'Trace: Logger Compatible with Major Version 77, CC Minor Version 4 of the Schema',
      { kind: 'compatible-schema', major: 77, minor: 4 },
    ],
    [
      'Trace: Connect to <cust_inst>_sideA database.',
      { kind: 'connect', database: '<cust_inst>_sideA', connected: false },
    ],
    [
      'Trace: Connected to <cust_inst>_sideA database.',
      { kind: 'connect', database: '<cust_inst>_sideA', connected: true },
    ],
    ['Trace: SQL Server version 8.0.760', { kind: 'sql-server-version', version: '8.0.760' }],
    [
      'Trace: SQL Server sort order is Latin1_General_BIN',
      { kind: 'sort-order', sortOrder: 'Latin1_General_BIN' },
    ],
    [
      'Trace: Release 5.0 service pack 0+, Build 09778',
      { kind: 'release', release: '5.0', servicePack: '0+', build: '09778' },
    ],
    [
      'Fail: Assertion failed: syncMsg.UpdateKey == g.checksumInfo.updateKey. File: y:\\icm\\logger\\logger\\rtinput.cpp. Line 691',
      {
        kind: 'assertion',
        expression: 'syncMsg.UpdateKey == g.checksumInfo.updateKey',
        sourceFile: 'y:\\icm\\logger\\logger\\rtinput.cpp',
        sourceLine: 691,
        configLogEmpty: true,
      },
    ],
    [
      'Fail: Assertion failed: pMsg != NULL',
      {
        kind: 'assertion',
        expression: 'pMsg != NULL',
        sourceFile: null,
        sourceLine: null,
        configLogEmpty: false,
      },
    ],
    [
      'Trace: Thread[2536]: Commit Config Transaction 2000000598',
      { kind: 'commit-config', transaction: '2000000598' },
    ],
  ])('%s', (text, event) => {
    expect(recogniseMessage(text)).toEqual(event);
  });

  it('has one recogniser per event kind, in the documented order', () => {
    expect(TRACE_RECOGNISERS.map((r) => r.kind)).toEqual([...TRACE_EVENT_KINDS]);
  });

  it('keeps keys beyond 2^53 exact, as digit strings', () => {
    expect(
      recogniseMessage('LastUpdateKey for A Configuration is 9007199254740993.0'),
    ).toMatchObject({ key: '9007199254740993' });
    expect(recogniseMessage('Starting config checksum, updateKey = 90071992547409931')).toEqual({
      kind: 'checksum-started',
      updateKey: '90071992547409931',
    });
  });

  it('rejects a LastUpdateKey cut before its fraction, and counts too long to be exact', () => {
    expect(recogniseMessage('Trace: LastUpdateKey for A Configuration is 3099750')).toBeNull();
    expect(
      recogniseMessage('Trace: LastUpdateKey for A Configuration is 309975091099.'),
    ).toBeNull();
    expect(
      recogniseMessage(
        'Checksum config complete: Rows = 1234567890123456, bytes = 1, checksum = 1, updateKey = 1',
      ),
    ).toBeNull();
  });

  it('returns null for text it does not know', () => {
    expect(recogniseMessage('')).toBeNull();
    expect(recogniseMessage('Trace: Partitioning is not enabled!')).toBeNull();
    expect(recogniseMessage('GET /index.html HTTP/1.1" 200 612')).toBeNull();
  });
});
