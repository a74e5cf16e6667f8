import { describe, expect, it } from 'vitest';
import { checkSchemaVersions, checkTableShapes } from '../../../src/doctor/schema.js';
import { IcmsyncError } from '../../../src/port/errors.js';
import { column, table } from '../../support/shapes.js';

const v = (major: number, minor: number) => ({ kind: 'ok' as const, version: { major, minor } });

describe('checkSchemaVersions', () => {
  it('passes equal versions and fails different ones with the fix', () => {
    expect(checkSchemaVersions('icm', { a: v(77, 4), b: v(77, 4) })).toEqual([
      {
        id: 'schema-version',
        side: null,
        status: 'PASS',
        message: 'both sides are at schema version 77.4',
        fix: null,
      },
    ]);
    expect(checkSchemaVersions('icm', { a: v(77, 4), b: v(77, 3) })).toEqual([
      {
        id: 'schema-version',
        side: null,
        status: 'FAIL',
        message: 'schema versions differ: A is 77.4, B is 77.3',
        fix: 'upgrade the older side first: icmsync syncs only equal schemas',
      },
    ]);
  });

  it('fails the side that is not a Logger database, in the profile own words', () => {
    const error = new IcmsyncError(
      'postgres on h:5432 is not a Logger database: it has no public.Version table (point side B at the <instance>_sideB database, or use --profile generic)',
      'NOT_A_LOGGER',
      { side: 'B' },
    );
    expect(checkSchemaVersions('icm', { a: v(77, 4), b: { kind: 'failed', error } })).toEqual([
      {
        id: 'schema-version',
        side: 'B',
        status: 'FAIL',
        message: 'postgres on h:5432 is not a Logger database: it has no public.Version table',
        fix: 'point side B at the <instance>_sideB database, or use --profile generic',
      },
    ]);
  });

  it('skips without both sides, or without a schema version in the profile', () => {
    expect(
      checkSchemaVersions('icm', { a: v(77, 4), b: { kind: 'not-connected' } })[0]?.status,
    ).toBe('SKIP');
    expect(
      checkSchemaVersions('generic', {
        a: { kind: 'ok', version: null },
        b: { kind: 'ok', version: null },
      })[0],
    ).toMatchObject({ status: 'SKIP', message: 'the generic profile has no schema version' });
  });
});

describe('checkTableShapes', () => {
  const agent = table([column('id'), column('name', 'varchar(32)')], { name: 'Agent' });

  it('passes tables that match', () => {
    expect(checkTableShapes([{ name: 'dbo.Agent', a: agent, b: agent }])).toMatchObject({
      status: 'PASS',
      message: '1 table in scope, the same on both sides: columns, types and keys',
    });
  });

  it('fails a table on one side only and a table whose columns differ, and says how to leave them out', () => {
    const wider = table([column('id'), column('name', 'varchar(64)')], { name: 'Agent' });
    const check = checkTableShapes([
      { name: 'dbo.Agent', a: agent, b: wider },
      { name: 'dbo.Extra', a: undefined, b: agent },
    ]);
    expect(check).toMatchObject({
      status: 'FAIL',
      message:
        '2 tables differ in shape: dbo.Agent (column name is varchar(32) NOT NULL in A, varchar(64) NOT NULL in B), dbo.Extra only in B',
      fix: "make the schemas equal, or leave them out with --tables '!Agent,!Extra'",
    });
  });

  it('warns when nothing is in scope, and skips without both catalogs', () => {
    expect(checkTableShapes([]).status).toBe('WARN');
    expect(checkTableShapes(null).status).toBe('SKIP');
  });
});
