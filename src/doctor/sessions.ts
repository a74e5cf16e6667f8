import type { ServerSession } from '../port/database.js';
import type { EngineName } from '../port/settings.js';
import type { Side } from '../port/types.js';
import { type Check, fail, pass, plural, shortList } from './check.js';
import { splitFix } from './connection.js';

/** What the sessions check looks at on a target. */
export interface SessionFacts {
  readonly side: Side;
  readonly engine: EngineName;
  readonly database: string;
  readonly login: string;
  /** Whether the login sees other logins' sessions in full (see DatabaseProbe). */
  readonly seesAllSessions: boolean;
  /** The other sessions on the database, or why they could not be listed. */
  readonly sessions: readonly ServerSession[] | { readonly error: unknown };
  /** icmsync's own program names, left out as the sync leaves them out. */
  readonly ownPrograms: readonly string[];
}

const describe = (s: ServerSession) =>
  `${s.program ?? 'unknown program'} (${s.login ?? '?'}@${s.host ?? 'local'}, session ${s.id})`;

/**
 * Whether the target still has sessions of other programs (a running Logger): the sync refuses to
 * write then. A login that sees only its own sessions would find none and prove nothing.
 */
export function checkSessions(facts: SessionFacts): Check {
  const { side } = facts;
  if (!facts.seesAllSessions) {
    const grant =
      facts.engine === 'mssql'
        ? `GRANT VIEW SERVER STATE TO [${facts.login}]`
        : `GRANT pg_read_all_stats TO "${facts.login}"`;
    return fail(
      'sessions',
      side,
      `cannot tell whether the Logger is still connected to ${facts.database}: ${facts.login} sees only its own sessions`,
      `as an administrator: ${grant}`,
    );
  }
  if ('error' in facts.sessions) {
    const { message, fix } = splitFix(facts.sessions.error, side);
    return fail('sessions', side, message, fix);
  }
  const others = facts.sessions.filter((s) => !facts.ownPrograms.some((own) => s.program === own));
  if (others.length > 0) {
    return fail(
      'sessions',
      side,
      `${plural(others.length, 'other session')} on ${facts.database}: ${shortList(others.map(describe), 3)}`,
      `stop the Logger (and every other program) on side ${side} before the sync, then run doctor again`,
    );
  }
  return pass('sessions', side, `no other program is connected to ${facts.database}`);
}
