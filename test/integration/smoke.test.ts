import { it } from 'vitest';
import { readStatus } from '../../src/core/status.js';
import { PostgresDatabase } from '../../src/db/postgres/postgres-database.js';
import { icmProfile } from '../../src/icm/icm-profile.js';
import { createLabPair, dropLabPair } from '../../src/lab/create-lab.js';
import { STATE_TRANSFER_DRIFT } from '../../src/lab/drift.js';
import { postgresSettings, uniqueName } from '../support/settings.js';

it('smoke', async () => {
  const name = uniqueName('icms');
  const settings = { a: postgresSettings(`${name}_sideA`), b: postgresSettings(`${name}_sideB`) };
  const t0 = Date.now();
  const r = await createLabPair(settings, {
    seed: 1,
    scale: 1,
    drift: STATE_TRANSFER_DRIFT,
    replace: false,
  });
  console.log('lab', r, Date.now() - t0);
  const a = await PostgresDatabase.open('A', settings.a);
  const b = await PostgresDatabase.open('B', settings.b);
  const t1 = Date.now();
  const report = await readStatus({ a, b }, icmProfile);
  console.log(JSON.stringify(report, null, 1).slice(-2500), Date.now() - t1);
  await a.close();
  await b.close();
  await dropLabPair(settings);
});
