import { afterAll, beforeAll, describe } from 'vitest';
import { embeddedFixture } from '../support/fixtures.js';
import { adapterCases } from './cases/adapter-cases.js';
import { statusCases } from './cases/status-cases.js';

// The embedded default (PGlite over its socket): no COPY FROM STDIN, one backend per server.
describe('embedded PostgreSQL (PGlite)', () => {
  const fixture = embeddedFixture();
  beforeAll(() => fixture.start());
  afterAll(() => fixture.stop());
  adapterCases(() => fixture);
  statusCases(() => fixture);
});
