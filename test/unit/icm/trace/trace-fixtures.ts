import { readFileSync } from 'node:fs';
import { decodeTrace } from '../../../../src/icm/trace/decode-trace.js';

const FIXTURES = new URL('../../../fixtures/traces/', import.meta.url);

/** The raw bytes of a sample in test/fixtures/traces. */
export const fixtureBytes = (name: string): Uint8Array => readFileSync(new URL(name, FIXTURES));

/** A sample decoded as `icmsync trace` will decode it. */
export const fixtureText = (name: string): string => decodeTrace(fixtureBytes(name));

/** A sample as an `analyseTrace` input. */
export const fixtureInput = (name: string) => ({ name, text: fixtureText(name) });
