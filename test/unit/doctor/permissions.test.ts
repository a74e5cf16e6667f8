import { describe, expect, it } from 'vitest';
import {
  checkPermissions,
  needsOf,
  type PermissionFacts,
} from '../../../src/doctor/permissions.js';
import type { TableGrants, TableProbe } from '../../../src/port/probe.js';
import { column, table } from '../../support/shapes.js';

const ALL: TableGrants = {
  select: true,
  insert: true,
  update: true,
  delete: true,
  disableTriggers: true,
  keepIdentity: true,
};

const agent = table([column('id')], { name: 'Agent' });
const person = table([column('id', 'int', { identity: true })], {
  name: 'Person',
  triggers: [{ name: 'Person_audit', enabled: true }],
});
const probe = (
  t: { schema: string; name: string },
  grants: Partial<TableGrants> = {},
): TableProbe => ({
  table: `${t.schema}.${t.name}`,
  grants: { ...ALL, ...grants },
  size: { bytes: 8192, rows: 1 },
});

const facts = (over: Partial<PermissionFacts> = {}): PermissionFacts => ({
  side: 'B',
  engine: 'mssql',
  role: 'target',
  login: 'icmsync',
  user: 'icmsync',
  tables: [agent, person],
  probed: [probe(agent), probe(person)],
  seesAllSessions: true,
  ...over,
});

describe('needsOf', () => {
  it('needs SELECT to read; the four row privileges to write, and ALTER for triggers and identities', () => {
    expect(needsOf(person, false)).toEqual(['select']);
    expect(needsOf(agent, true)).toEqual(['select', 'insert', 'update', 'delete']);
    expect(needsOf(person, true)).toEqual([
      'select',
      'insert',
      'update',
      'delete',
      'disableTriggers',
      'keepIdentity',
    ]);
  });
});

describe('checkPermissions', () => {
  it('asks, with --lockout, for the trigger right on every table a target writes', () => {
    expect(needsOf(agent, true, true)).toContain('disableTriggers');
    expect(needsOf(agent, false, true)).toEqual(['select']);
    const withoutTriggerRight = [probe(agent, { disableTriggers: false }), probe(person)];
    expect(checkPermissions(facts({ probed: withoutTriggerRight })).status).toBe('PASS');
    expect(checkPermissions(facts({ probed: withoutTriggerRight, lockout: true }))).toMatchObject({
      status: 'FAIL',
      message: expect.stringContaining('Agent'),
    });
  });

  it('passes a target with every grant', () => {
    expect(checkPermissions(facts())).toMatchObject({
      id: 'permissions',
      side: 'B',
      status: 'PASS',
      message: 'icmsync may read and write the 2 tables the sync touches as the target',
    });
  });

  it('fails a missing INSERT with the GRANT that fixes it', () => {
    const check = checkPermissions(
      facts({ probed: [probe(agent, { insert: false }), probe(person)] }),
    );
    expect(check.status).toBe('FAIL');
    expect(check.message).toBe('icmsync as the target lacks INSERT on dbo.Agent');
    expect(check.fix).toBe('as an administrator: GRANT INSERT ON [dbo].[Agent] TO [icmsync]');
  });

  it('grants schema-wide when several tables lack a permission, all permissions in one GRANT', () => {
    const check = checkPermissions(
      facts({
        probed: [
          probe(agent, { delete: false, update: false }),
          probe(person, { delete: false, update: false }),
        ],
      }),
    );
    expect(check.message).toBe(
      'icmsync as the target lacks UPDATE, DELETE on dbo.Agent, dbo.Person',
    );
    expect(check.fix).toBe(
      'as an administrator: GRANT UPDATE, DELETE ON SCHEMA::[dbo] TO [icmsync]',
    );
  });

  it('needs ALTER only where triggers or identities are', () => {
    const check = checkPermissions(
      facts({
        probed: [
          probe(agent, { disableTriggers: false, keepIdentity: false }),
          probe(person, { disableTriggers: false, keepIdentity: false }),
        ],
      }),
    );
    expect(check.message).toBe('icmsync as the target lacks ALTER on dbo.Person');
    expect(check.fix).toBe('as an administrator: GRANT ALTER ON [dbo].[Person] TO [icmsync]');
  });

  it('counts a table the login cannot see as lacking everything', () => {
    const check = checkPermissions(facts({ probed: [probe(person)] }));
    expect(check.status).toBe('FAIL');
    expect(check.message).toContain('(1 table not visible at all)');
  });

  it('needs only SELECT on a source, and no session visibility there', () => {
    const check = checkPermissions(
      facts({
        role: 'source',
        seesAllSessions: false,
        probed: [probe(agent, { insert: false }), probe(person, { disableTriggers: false })],
      }),
    );
    expect(check).toMatchObject({
      status: 'PASS',
      message: 'icmsync may read the 2 tables the sync touches as the source',
    });
  });

  it('fails a target login that cannot see other sessions: the Logger guard would prove nothing', () => {
    const check = checkPermissions(facts({ seesAllSessions: false, role: 'possible-target' }));
    expect(check.message).toBe('icmsync as a possible target lacks VIEW SERVER STATE');
    expect(check.fix).toBe('as an administrator: GRANT VIEW SERVER STATE TO [icmsync]');
  });

  it("speaks PostgreSQL's grants: ownership for triggers, sequences for identities", () => {
    const check = checkPermissions(
      facts({
        engine: 'postgres',
        tables: [{ ...person, schema: 'public' }],
        probed: [
          probe(
            { schema: 'public', name: 'Person' },
            { insert: false, disableTriggers: false, keepIdentity: false },
          ),
        ],
        seesAllSessions: false,
      }),
    );
    expect(check.message).toBe(
      'icmsync as the target lacks INSERT, OWNER, SEQUENCE SELECT, UPDATE on public.Person; the privileges of pg_read_all_stats',
    );
    expect(check.fix).toBe(
      'as an administrator: GRANT INSERT ON "public"."Person" TO "icmsync"; GRANT SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "public" TO "icmsync"; ALTER TABLE "public"."Person" OWNER TO "icmsync"; GRANT pg_read_all_stats TO "icmsync"',
    );
  });
});
