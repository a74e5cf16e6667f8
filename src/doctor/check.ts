import type { Side } from '../port/types.js';

/** How a check came out; SKIP when it could not run (its reason says why). */
export const CHECK_STATUSES = ['PASS', 'WARN', 'FAIL', 'SKIP'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Every check doctor runs, in the order it reports them. */
export const CHECK_IDS = [
  'reachable',
  'tls',
  'login',
  'permissions',
  'schema-version',
  'table-shapes',
  'free-space',
  'sessions',
  'journal-folder',
  'audit-folder',
  'temp-folder',
  'clock',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** One finding: what was checked, on which side (null: both sides, or this machine), and what to do. */
export interface Check {
  readonly id: CheckId;
  readonly side: Side | null;
  readonly status: CheckStatus;
  /** One line: what was found. */
  readonly message: string;
  /** One line: what to do about it; null when nothing is to be done. */
  readonly fix: string | null;
}

const make =
  (status: CheckStatus) =>
  (id: CheckId, side: Side | null, message: string, fix: string | null = null): Check => ({
    id,
    side,
    status,
    message,
    fix,
  });

export const pass = make('PASS');
export const warn = make('WARN');
export const fail = make('FAIL');
export const skip = make('SKIP');

const RANK: Readonly<Record<CheckStatus, number>> = { PASS: 0, SKIP: 1, WARN: 2, FAIL: 3 };

/** The worse of the statuses (FAIL over WARN over SKIP over PASS). */
export function worst(statuses: readonly CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), 'PASS');
}

/** `n thing` or `n things`. */
export const plural = (n: number, thing: string) => `${n} ${thing}${n === 1 ? '' : 's'}`;

/** Bytes as a DBA reads them: `512 B`, `12.3 MB`, `1.5 GB` (powers of 1024). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'unlimited';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A list for a one-line message: the first `max` items, then how many more. */
export function shortList(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
