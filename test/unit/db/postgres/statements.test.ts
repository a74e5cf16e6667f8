import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Statements } from '../../../../src/db/postgres/statements.js';
import { postgresSettings } from '../../../support/settings.js';

/** A pool stand-in that hands out one client and records how it comes back. */
function recordingPool() {
  const released: unknown[] = [];
  const client = {
    on() {
      return client;
    },
    release(error?: unknown) {
      released.push(error);
    },
  };
  const pool = { connect: async () => client } as unknown as pg.Pool;
  return { pool, released };
}

describe('Statements.withClient', () => {
  it('returns a client whose work failed as broken, so the pool destroys it (defect 5)', async () => {
    const { pool, released } = recordingPool();
    const statements = new Statements('B', { pool }, postgresSettings('x'), {}, undefined);
    await expect(
      statements.withClient('bulk insert into public.T', async () => {
        throw new Error('COPY failed half way');
      }),
    ).rejects.toMatchObject({ code: 'QUERY', side: 'B' });
    expect(released).toEqual([expect.objectContaining({ message: 'COPY failed half way' })]);
  });

  it('returns a client whose work succeeded for reuse', async () => {
    const { pool, released } = recordingPool();
    const statements = new Statements('A', { pool }, postgresSettings('x'), {}, undefined);
    await expect(statements.withClient('reading', async () => 42)).resolves.toBe(42);
    expect(released).toEqual([undefined]);
  });
});
