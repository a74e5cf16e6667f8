import { describe, expect, it } from 'vitest';
import { concurrencyFor, parseDuration } from '../../../src/cli/commands/sync.js';
import { checkGuards, type GuardFacts } from '../../../src/sync/guards.js';
import { lastRun, triggersLeftDisabled } from '../../../src/sync/journal.js';
import { testSettings } from '../../support/settings.js';

const facts = (over: Partial<GuardFacts> = {}): GuardFacts => ({
  direction: { from: 'A', to: 'B' },
  schemaVersions: { a: { major: 77, minor: 4 }, b: { major: 77, minor: 4 } },
  shapeDiffers: [],
  targetSessions: [],
  verdict: { state: 'A_AHEAD', from: 'A', to: 'B', reasons: ['A is ahead'] },
  knowsDirection: true,
  allowSessions: false,
  force: false,
  ...over,
});

describe('checkGuards', () => {
  it('lets a sync from the side ahead go ahead', () => {
    expect(checkGuards(facts())).toEqual([]);
  });

  it('refuses each unsafe case with its reason and its override', () => {
    const refusals = checkGuards(
      facts({
        direction: { from: 'B', to: 'A' },
        schemaVersions: { a: { major: 77, minor: 4 }, b: { major: 77, minor: 3 } },
        shapeDiffers: [{ table: 'dbo.Agent', detail: 'column X only on A' }],
        targetSessions: [{ id: '51', login: 'icm', host: 'lgra', program: 'lgr' }],
      }),
    );
    expect(refusals.map((r) => r.override)).toEqual([null, null, '--allow-sessions', '--force']);
    expect(refusals[2]?.reason).toContain('lgr (icm@lgra, session 51)');
  });

  it('overrides sessions and direction only when told, and never a schema difference', () => {
    const base = facts({
      direction: { from: 'B', to: 'A' },
      targetSessions: [{ id: '51', login: null, host: null, program: null }],
    });
    expect(checkGuards({ ...base, allowSessions: true, force: true })).toEqual([]);
    const diverged = facts({
      verdict: { state: 'DIVERGED', from: null, to: null, reasons: ['x'] },
    });
    expect(checkGuards(diverged)).toHaveLength(1);
    expect(checkGuards({ ...diverged, knowsDirection: false })).toEqual([]);
  });
});

describe('sync helpers', () => {
  it('reads --max-duration', () => {
    expect(parseDuration('40m')).toBe(2_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(() => parseDuration('40')).toThrow(/--max-duration must look like/);
    expect(() => parseDuration('4 0x')).toThrow(/--max-duration/);
  });

  it('fits --concurrency to the connection pools: the run holds one target connection itself', () => {
    const sides = (a: number, b: number) => ({
      a: testSettings({ poolSize: a }),
      b: testSettings({ poolSize: b }),
    });
    const aToB = { from: 'A', to: 'B' } as const;
    expect(concurrencyFor(undefined, sides(4, 4), aToB)).toBe(2);
    expect(concurrencyFor(undefined, sides(4, 1), aToB)).toBe(1);
    expect(concurrencyFor(undefined, sides(4, 2), aToB)).toBe(1);
    expect(concurrencyFor('3', sides(4, 4), aToB)).toBe(3);
    expect(() => concurrencyFor('4', sides(8, 4), aToB)).toThrow(
      "--concurrency 4 needs 5 connections to side B, whose poolSize is 4 (raise side B's poolSize, or lower --concurrency to 3)",
    );
    expect(() => concurrencyFor('4', sides(2, 8), aToB)).toThrow(
      'needs 4 connections to side A, whose poolSize is 2',
    );
    expect(() => concurrencyFor('0', sides(4, 4), aToB)).toThrow('--concurrency must be a number');
  });

  it('finds the triggers a crashed run left disabled, and its options', () => {
    const entries = [
      { event: 'start', run: '1', at: 't', options: { from: 'A' } },
      { event: 'triggers-disabled', run: '1', table: 'dbo.T', triggers: ['t1'] },
      { event: 'triggers-restored', run: '1', table: 'dbo.T', triggers: ['t1'] },
      { event: 'end', run: '1', outcome: 'done' },
      { event: 'start', run: '2', at: 't', options: { from: 'B' } },
      { event: 'triggers-disabled', run: '2', table: 'dbo.T', triggers: ['t1', 't2'] },
      {
        event: 'batch',
        run: '2',
        table: 'dbo.T',
        phase: 'write',
        inserted: 1,
        updated: 0,
        deleted: 0,
      },
    ] as const;
    expect([...triggersLeftDisabled(entries)]).toEqual([['dbo.T', ['t1', 't2']]]);
    // The next run restores them under its own id: then nothing is left.
    const restored = [
      ...entries,
      { event: 'start', run: '3', at: 't', options: {} },
      { event: 'triggers-restored', run: '3', table: 'dbo.T', triggers: ['t1', 't2'] },
    ] as const;
    expect([...triggersLeftDisabled(restored)]).toEqual([]);
    expect(lastRun(entries)).toMatchObject({
      start: { run: '2', options: { from: 'B' } },
      ended: null,
    });
  });
});
