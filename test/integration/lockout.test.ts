import { describe } from 'vitest';
import { postgresFixture } from '../support/fixtures.js';
import { lockoutCases } from './cases/lockout-cases.js';

// Never skipped: CI starts PostgreSQL before the tests (.ci/run), and a missing server fails here.
describe('PostgreSQL', () => {
  lockoutCases(() => postgresFixture);
});
