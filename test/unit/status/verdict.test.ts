import { describe, expect, it } from 'vitest';
import { decideVerdict, type VerdictFacts } from '../../../src/status/verdict.js';

const equal = [
  { table: 'dbo.Agent', state: 'equal' as const },
  { table: 'dbo.Config_Message_Log', state: 'equal' as const },
];
const stats = (rows: number, maxKey: number | null) => ({ rows, maxKey });
const base: VerdictFacts = {
  tables: equal,
  updateKeys: { a: 310_466_685_004, b: 310_466_685_004 },
  logPrefixMatches: null,
  growing: [{ table: 'dbo.Route_Call_Detail', stats: { a: stats(10, 5), b: stats(10, 5) } }],
};

describe('decideVerdict', () => {
  it('is IN_SYNC when every table, key and historical table agrees', () => {
    expect(decideVerdict(base)).toEqual({ state: 'IN_SYNC', from: null, to: null, reasons: [] });
  });

  it('names the side ahead by LastUpdateKey, with both keys, when the behind log is a prefix', () => {
    const verdict = decideVerdict({
      ...base,
      tables: [
        { table: 'dbo.Agent', state: 'differs' },
        equal[1] as VerdictFacts['tables'][number],
      ],
      updateKeys: { a: 310_466_685_004, b: 309_975_091_099 },
      logPrefixMatches: true,
    });
    expect(verdict.state).toBe('A_AHEAD');
    expect(verdict).toMatchObject({ from: 'A', to: 'B' });
    expect(verdict.reasons[0]).toContain(
      "A's LastUpdateKey 310466685004 is ahead of B's 309975091099 by 491593905",
    );
    expect(verdict.reasons[0]).toContain('1 compared table differs: dbo.Agent');
  });

  it('says B AHEAD when B has the higher key and A has nothing of its own', () => {
    const verdict = decideVerdict({ ...base, updateKeys: { a: 5, b: 9 }, logPrefixMatches: true });
    expect(verdict).toMatchObject({ state: 'B_AHEAD', from: 'B', to: 'A' });
  });

  it('treats an empty update log as behind any side that has one', () => {
    const verdict = decideVerdict({
      ...base,
      updateKeys: { a: 7, b: null },
      logPrefixMatches: true,
    });
    expect(verdict.state).toBe('A_AHEAD');
    expect(verdict.reasons[0]).toContain('none (empty Config_Message_Log)');
  });

  it('is DIVERGED when the behind side has log entries the other lacks', () => {
    const verdict = decideVerdict({ ...base, updateKeys: { a: 9, b: 5 }, logPrefixMatches: false });
    expect(verdict).toMatchObject({ state: 'DIVERGED', from: null, to: null });
    expect(verdict.reasons.join(' ')).toContain('B has configuration changes A lacks');
  });

  it('is DIVERGED when tables differ at equal LastUpdateKeys', () => {
    const verdict = decideVerdict({ ...base, tables: [{ table: 'dbo.Agent', state: 'differs' }] });
    expect(verdict.state).toBe('DIVERGED');
    expect(verdict.reasons[0]).toContain('changed outside the Logger');
  });

  it('follows historical tables when configuration agrees', () => {
    const ahead = decideVerdict({
      ...base,
      growing: [{ table: 'dbo.Route_Call_Detail', stats: { a: stats(10, 5), b: stats(12, 8) } }],
    });
    expect(ahead).toMatchObject({ state: 'B_AHEAD', from: 'B' });
    expect(ahead.reasons[0]).toBe(
      "dbo.Route_Call_Detail: B's highest RecoveryKey 8 is ahead of A's 5 (A 10 rows, B 12)",
    );
  });

  it('is DIVERGED when configuration and history point in different directions', () => {
    const verdict = decideVerdict({
      ...base,
      updateKeys: { a: 9, b: 5 },
      logPrefixMatches: true,
      growing: [{ table: 'dbo.Route_Call_Detail', stats: { a: stats(10, 5), b: stats(12, 8) } }],
    });
    expect(verdict.state).toBe('DIVERGED');
    expect(verdict.reasons.at(-1)).toContain('A is ahead on some tables and B on others');
  });

  it('is DIVERGED for equal highest keys with different row counts, and for a table on one side only', () => {
    const sameMax = decideVerdict({
      ...base,
      growing: [{ table: 't', stats: { a: stats(10, 5), b: stats(9, 5) } }],
    });
    expect(sameMax.state).toBe('DIVERGED');
    const oneSide = decideVerdict({
      ...base,
      growing: [{ table: 't', stats: { a: stats(1, 1), b: null } }],
    });
    expect(oneSide.reasons[0]).toBe('t exists only in A');
  });

  it('gives no direction without update keys (generic profile)', () => {
    const verdict = decideVerdict({
      tables: [{ table: 'public.t', state: 'differs' }],
      updateKeys: null,
      logPrefixMatches: null,
      growing: [],
    });
    expect(verdict).toMatchObject({ state: 'DIVERGED', from: null, to: null });
    expect(verdict.reasons.at(-1)).toContain('cannot tell which side is newer');
    const same = decideVerdict({
      tables: equal,
      updateKeys: null,
      logPrefixMatches: null,
      growing: [],
    });
    expect(same.state).toBe('IN_SYNC');
  });
});
