import { firstLine, isIcmsyncError } from '../port/errors.js';
import type { Side } from '../port/types.js';
import { type Check, fail, pass, skip, warn } from './check.js';

/** What a plain TCP connection to the side's host and port showed. */
export type TcpReach =
  | { readonly kind: 'answered'; readonly address: string; readonly ms: number }
  | { readonly kind: 'failed'; readonly address: string; readonly detail: string }
  /** Not tried: a named SQL Server instance's port comes from SQL Browser, at connect time. */
  | { readonly kind: 'not-probed'; readonly reason: string };

/** Where connecting to a side went wrong, judged from the adapter's error. */
export type OpenStage = 'reach' | 'tls' | 'login';

/** The side's connection facts, as gathered by doctor. */
export interface ConnectionFacts {
  readonly side: Side;
  /** `host:port` or `host\instance`, as a DBA writes it. */
  readonly server: string;
  readonly database: string;
  /** The configured login. */
  readonly user: string | undefined;
  readonly encrypt: boolean;
  readonly trustServerCertificate: boolean;
  readonly tcp: TcpReach;
  /** null when opening succeeded. */
  readonly openError: unknown;
  /** What the server said about the open connection; null when it was not asked. */
  readonly session: {
    readonly user: string;
    readonly encrypted: boolean | null;
    readonly encryption: string | null;
  } | null;
}

/**
 * The stage an open failed at. The adapters word every connection failure once
 * (`adapter-errors.ts`), with its code: AUTH and CONFIG are the login's, a CONNECT about TLS is
 * TLS's, a missing database is the login's (it may be the login's default database, or one it may
 * not open); any other CONNECT (refused, timed out, no instance) is reaching the server.
 */
export function openStage(error: unknown): OpenStage {
  if (!isIcmsyncError(error)) return 'login';
  if (error.code === 'AUTH' || error.code === 'CONFIG') return 'login';
  if (error.code !== 'CONNECT') return 'login';
  if (/\bTLS\b/.test(error.message)) return 'tls';
  if (/\bdatabase \S+ does not exist\b/.test(error.message)) return 'login';
  return 'reach';
}

/**
 * Splits an icmsync message into what was found and the fix it ends with in parentheses
 * (`cannot reach h:1: refused (check server, port and firewall)`), without its `A: ` prefix.
 */
export function splitFix(error: unknown, side: Side): { message: string; fix: string | null } {
  const text = firstLine(error).replace(new RegExp(`^${side}: `), '');
  const open = text.lastIndexOf(' (');
  if (!text.endsWith(')') || open < 0) return { message: text, fix: null };
  return { message: text.slice(0, open), fix: text.slice(open + 2, -1) };
}

const FIREWALL_FIX =
  'check the server name and port, that the server is running, and that no firewall blocks this machine';

/** The three connection checks of a side: reachable, TLS and certificate, login. */
export function connectionChecks(facts: ConnectionFacts): Check[] {
  const { side } = facts;
  const stage = facts.openError === null ? null : openStage(facts.openError);
  const explained = facts.openError === null ? null : splitFix(facts.openError, side);

  let reachable: Check;
  if (facts.tcp.kind === 'failed') {
    reachable = fail('reachable', side, `${facts.tcp.address}: ${facts.tcp.detail}`, FIREWALL_FIX);
  } else if (stage === 'reach' && explained) {
    reachable = fail('reachable', side, explained.message, explained.fix ?? FIREWALL_FIX);
  } else if (facts.tcp.kind === 'answered') {
    reachable = pass('reachable', side, `${facts.tcp.address} answered in ${facts.tcp.ms} ms`);
  } else {
    reachable = pass('reachable', side, `${facts.server} answered (${facts.tcp.reason})`);
  }
  if (reachable.status === 'FAIL') {
    const why = `${facts.server} cannot be reached`;
    return [reachable, skip('tls', side, why), skip('login', side, why)];
  }

  let tls: Check;
  if (stage === 'tls' && explained) {
    tls = fail('tls', side, explained.message, explained.fix);
  } else if (!facts.encrypt) {
    tls = warn(
      'tls',
      side,
      'encrypt is off: the login and every row cross the network in clear text',
      `set encrypt true for side ${side} (ICMSYNC_${side}_ENCRYPT=true), with the server's certificate trusted`,
    );
  } else if (stage !== null) {
    tls = skip('tls', side, 'the login failed, so the encryption could not be confirmed');
  } else if (facts.session?.encrypted === false) {
    tls = fail(
      'tls',
      side,
      'encrypt is on, yet the server says this connection is not encrypted',
      'enable TLS on the server, and report this to icmsync',
    );
  } else {
    const how = facts.session?.encryption ? ` (${facts.session.encryption})` : '';
    tls = facts.trustServerCertificate
      ? warn(
          'tls',
          side,
          `encrypted${how}, but the server's certificate is not verified (trustServerCertificate is on)`,
          "install the server's certificate or its CA on this machine, then set trustServerCertificate false",
        )
      : pass('tls', side, `encrypted${how}; the server's certificate is verified`);
  }
  if (stage === 'tls') return [reachable, tls, skip('login', side, 'TLS failed')];

  const login =
    stage === 'login' && explained
      ? fail('login', side, explained.message, explained.fix)
      : pass(
          'login',
          side,
          `logged in to ${facts.database} as ${facts.session?.user || facts.user || 'the configured user'}`,
        );
  return [reachable, tls, login];
}
