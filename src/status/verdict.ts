import type { Pair, Side } from '../port/types.js';

/** The four answers `status` gives. */
export const VERDICT_STATES = ['IN_SYNC', 'A_AHEAD', 'B_AHEAD', 'DIVERGED'] as const;
export type VerdictState = (typeof VERDICT_STATES)[number];

/** The answer, the direction a sync should go (when there is a safe one) and why. */
export interface Verdict {
  readonly state: VerdictState;
  readonly from: Side | null;
  readonly to: Side | null;
  readonly reasons: readonly string[];
}

/** How a compared table came out. */
export const TABLE_STATES = [
  'equal',
  'differs',
  'only-in-A',
  'only-in-B',
  'shape-differs',
] as const;
export type TableState = (typeof TABLE_STATES)[number];

/** Row count and highest key of a growing table on one side. */
export interface GrowthStats {
  readonly rows: number;
  readonly maxKey: number | null;
}

/** The facts a verdict is drawn from. */
export interface VerdictFacts {
  /** Every compared table's name and state. */
  readonly tables: readonly { readonly table: string; readonly state: TableState }[];
  /** Each side's LastUpdateKey; null when the profile has no update log. */
  readonly updateKeys: Pair<number | null> | null;
  /**
   * Whether the side with the lower LastUpdateKey has exactly the other side's update log up to its
   * own key; null when the keys are equal or absent.
   */
  readonly logPrefixMatches: boolean | null;
  /** Each growing table's stats per side (null where the table is missing). */
  readonly growing: readonly { readonly table: string; readonly stats: Pair<GrowthStats | null> }[];
}

/** Which side is ahead on one axis: neither, one of them, or both in different ways. */
type Lead = 'even' | Side | 'split';

interface Finding {
  readonly lead: Lead;
  readonly reason: string | null;
}

const fmt = (n: number) =>
  n.toLocaleString('en-US', { maximumFractionDigits: 0, useGrouping: false });

function configFinding(facts: VerdictFacts): Finding {
  const differing = facts.tables.filter((t) => t.state !== 'equal');
  const list = differing.map((t) => t.table).join(', ');
  const tablesReason =
    differing.length === 0
      ? null
      : `${differing.length} compared ${differing.length === 1 ? 'table differs' : 'tables differ'}: ${list}`;
  const keys = facts.updateKeys;
  if (!keys) return { lead: differing.length === 0 ? 'even' : 'split', reason: tablesReason };
  const a = keys.a ?? Number.NEGATIVE_INFINITY;
  const b = keys.b ?? Number.NEGATIVE_INFINITY;
  if (a === b) {
    if (differing.length === 0) return { lead: 'even', reason: null };
    const at =
      keys.a === null
        ? 'both have an empty Config_Message_Log'
        : `both are at LastUpdateKey ${fmt(a)}`;
    return {
      lead: 'split',
      reason: `${tablesReason}, yet ${at}: a side was changed outside the Logger`,
    };
  }
  const ahead: Side = a > b ? 'A' : 'B';
  const behind: Side = ahead === 'A' ? 'B' : 'A';
  const high = Math.max(a, b);
  const low = Math.min(a, b);
  const lowText = Number.isFinite(low) ? fmt(low) : 'none (empty Config_Message_Log)';
  const keysText = `${ahead}'s LastUpdateKey ${fmt(high)} is ahead of ${behind}'s ${lowText}`;
  if (facts.logPrefixMatches === false) {
    return {
      lead: 'split',
      reason: `${keysText}, but ${behind}'s Config_Message_Log differs from ${ahead}'s below ${behind}'s key: ${behind} has configuration changes ${ahead} lacks`,
    };
  }
  const gap = Number.isFinite(low) ? ` by ${fmt(high - low)}` : '';
  return { lead: ahead, reason: `${keysText}${gap}${tablesReason ? `; ${tablesReason}` : ''}` };
}

function growthFinding(table: string, stats: Pair<GrowthStats | null>): Finding {
  const { a, b } = stats;
  if (!a || !b) return { lead: 'split', reason: `${table} exists only in ${a ? 'A' : 'B'}` };
  const aMax = a.maxKey ?? Number.NEGATIVE_INFINITY;
  const bMax = b.maxKey ?? Number.NEGATIVE_INFINITY;
  const counts = `A ${fmt(a.rows)} rows, B ${fmt(b.rows)}`;
  if (aMax === bMax) {
    if (a.rows === b.rows) return { lead: 'even', reason: null };
    return {
      lead: 'split',
      reason: `${table}: same highest RecoveryKey on both sides but ${counts} (rows missing inside the range, or a purge ran on one side only)`,
    };
  }
  const ahead: Side = aMax > bMax ? 'A' : 'B';
  const high = Math.max(aMax, bMax);
  const low = Math.min(aMax, bMax);
  const lowText = Number.isFinite(low) ? fmt(low) : 'none';
  return {
    lead: ahead,
    reason: `${table}: ${ahead}'s highest RecoveryKey ${fmt(high)} is ahead of ${ahead === 'A' ? 'B' : 'A'}'s ${lowText} (${counts})`,
  };
}

/** Draws the verdict: in sync, one side ahead on every axis that differs, or diverged. */
export function decideVerdict(facts: VerdictFacts): Verdict {
  const findings = [
    configFinding(facts),
    ...facts.growing.map((g) => growthFinding(g.table, g.stats)),
  ];
  const reasons = findings.flatMap((f) => (f.reason ? [f.reason] : []));
  const leads = new Set(findings.map((f) => f.lead).filter((lead) => lead !== 'even'));
  if (leads.size === 0) return { state: 'IN_SYNC', from: null, to: null, reasons };
  if (leads.size === 1 && !leads.has('split')) {
    const from: Side = leads.has('A') ? 'A' : 'B';
    return {
      state: from === 'A' ? 'A_AHEAD' : 'B_AHEAD',
      from,
      to: from === 'A' ? 'B' : 'A',
      reasons,
    };
  }
  const why =
    facts.updateKeys === null
      ? 'no direction: without update keys icmsync cannot tell which side is newer (choose the source yourself)'
      : leads.has('split')
        ? 'no safe direction: each side holds something the other lacks'
        : 'no safe direction: A is ahead on some tables and B on others';
  return { state: 'DIVERGED', from: null, to: null, reasons: [...reasons, why] };
}
