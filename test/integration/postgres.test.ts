import { describe } from 'vitest';
import { postgresFixture } from '../support/fixtures.js';
import { adapterCases } from './cases/adapter-cases.js';
import { diffCases } from './cases/diff-cases.js';
import { doctorCases } from './cases/doctor-cases.js';
import { scriptCases } from './cases/script-cases.js';
import { statusCases } from './cases/status-cases.js';
import { syncCases } from './cases/sync-cases.js';

// Never skipped: CI starts PostgreSQL before the tests (.ci/run), and a missing server fails here.
describe('PostgreSQL', () => {
  adapterCases(() => postgresFixture);
  statusCases(() => postgresFixture);
  diffCases(() => postgresFixture);
  scriptCases(() => postgresFixture);
  syncCases(() => postgresFixture);
  doctorCases(() => postgresFixture);
});
