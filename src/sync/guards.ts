import type { SchemaVersion } from '../icm/profile.js';
import type { ServerSession } from '../port/database.js';
import type { Side } from '../port/types.js';
import type { Verdict } from '../status/verdict.js';
import type { Direction } from './plan.js';

/** A reason not to write, and the option that overrides it (null: none does). */
export interface Refusal {
  readonly reason: string;
  readonly override: string | null;
}

/** What the guards look at. */
export interface GuardFacts {
  readonly direction: Direction;
  readonly schemaVersions: { readonly a: SchemaVersion | null; readonly b: SchemaVersion | null };
  /** Tables whose shapes differ, with what differs. */
  readonly shapeDiffers: readonly { readonly table: string; readonly detail: string }[];
  /** Sessions on the target from programs other than icmsync. */
  readonly targetSessions: readonly ServerSession[];
  readonly verdict: Verdict;
  /** Whether the profile can tell which side is newer (icm: by LastUpdateKey); generic cannot. */
  readonly knowsDirection: boolean;
  readonly allowSessions: boolean;
  readonly force: boolean;
}

const version = (v: SchemaVersion | null) => (v ? `${v.major}.${v.minor}` : 'none');

/** Every guard that refuses this sync; empty when it may go ahead. */
export function checkGuards(facts: GuardFacts): Refusal[] {
  const refusals: Refusal[] = [];
  const { a, b } = facts.schemaVersions;
  if (a && b && (a.major !== b.major || a.minor !== b.minor)) {
    refusals.push({
      reason: `schema versions differ: A is ${version(a)}, B is ${version(b)} (upgrade the older side first)`,
      override: null,
    });
  }
  for (const s of facts.shapeDiffers) {
    refusals.push({
      reason: `${s.table} has a different shape on each side: ${s.detail} (make the schemas equal, or leave it out with --tables '!${s.table.split('.').at(-1)}')`,
      override: null,
    });
  }
  if (facts.targetSessions.length > 0 && !facts.allowSessions) {
    const who = facts.targetSessions
      .map(
        (s) =>
          `${s.program ?? 'unknown program'} (${s.login ?? '?'}@${s.host ?? 'local'}, session ${s.id})`,
      )
      .join(', ');
    refusals.push({
      reason: `side ${facts.direction.to} still has sessions: ${who} (stop the Logger on side ${facts.direction.to} first)`,
      override: '--allow-sessions',
    });
  }
  const { from, to } = facts.direction;
  const v = facts.verdict;
  if (v.from !== null && v.to !== null && v.from !== from && !facts.force) {
    refusals.push({
      reason: `status says ${v.from} is ahead of ${v.to}, so copying ${from} to ${to} would lose ${v.from}'s newer changes: ${v.reasons[0] ?? ''}`,
      override: '--force',
    });
  }
  if (v.state === 'DIVERGED' && facts.knowsDirection && !facts.force) {
    refusals.push({
      reason: `the sides have DIVERGED (each has changes the other lacks): ${v.reasons[0] ?? ''}; syncing ${from} to ${to} discards ${to}'s own`,
      override: '--force',
    });
  }
  return refusals;
}

/** The side a sync writes, spelled for messages. */
export const sideName = (side: Side) => `side ${side}`;
