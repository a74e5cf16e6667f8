import { type DiffScope, parseTablePatterns, selectTables } from '../diff/select-tables.js';
import type { Profile, ProfiledSide } from '../icm/profile.js';
import { type Matched, matchByName } from '../pair/match-tables.js';
import type { Database, ServerSession } from '../port/database.js';
import { firstLine } from '../port/errors.js';
import type { DatabaseProbe } from '../port/probe.js';
import { serverLabel } from '../port/server-label.js';
import type { ConnectionSettings, EngineName } from '../port/settings.js';
import type { Catalog, TableShape } from '../port/shapes.js';
import { tableLabel } from '../port/table-key.js';
import { bothSides, otherSide, type Pair, pick, SIDES, type Side } from '../port/types.js';
import { readStatus } from '../status/status.js';
import { DEFAULT_BATCH_SIZE, type Direction, type SyncMode } from '../sync/plan.js';
import { CHECK_IDS, type Check, fail, skip } from './check.js';
import { checkClock } from './clock.js';
import { connectionChecks, splitFix, type TcpReach } from './connection.js';
import { readFolderFacts } from './folder-facts.js';
import { checkFolder, type FolderRole } from './folders.js';
import { checkFreeSpace, estimateWork } from './free-space.js';
import { checkPermissions, type SideRole } from './permissions.js';
import { reachTcp } from './reach.js';
import { checkSchemaVersions, checkTableShapes, type Inspected } from './schema.js';
import { checkSessions } from './sessions.js';

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  readonly settings: Pair<ConnectionSettings>;
  /** Opens one side's database (the CLI passes its engine's `open`). */
  readonly open: (side: Side) => Promise<Database>;
  readonly profile: Profile;
  /**
   * The sync to check. Absent: the direction status gives; when status gives none (in sync,
   * diverged, or it cannot run), both sides are checked as possible targets.
   */
  readonly direction?: Direction;
  readonly mode: SyncMode;
  /** `--lockout`, as sync takes it: the target's tables get a trigger for the run. */
  readonly lockout?: boolean;
  readonly scope?: DiffScope;
  /** `--tables`, as sync takes it. */
  readonly tables?: string;
  /** Rows per batch, for the staging estimate. @default DEFAULT_BATCH_SIZE */
  readonly batchSize?: number;
  /** icmsync's own program names, which the sessions check leaves out as sync does. */
  readonly ownPrograms: readonly string[];
  /** The folders icmsync writes to or depends on on this machine. */
  readonly folders: readonly { readonly role: FolderRole; readonly path: string }[];
  /** How a side's host and port are tried. @default reachTcp */
  readonly reach?: (settings: ConnectionSettings) => Promise<TcpReach>;
  readonly onProgress?: (step: string) => void;
}

/** Where the checked direction came from. */
export type DirectionSource = 'options' | 'status' | 'none';

/** Everything doctor reports. */
export interface DoctorReport {
  /** The sync checked; null when both sides were checked as possible targets. */
  readonly direction: Direction | null;
  readonly directionSource: DirectionSource;
  /** Why the direction is what it is (status's first reason, or why there is none). */
  readonly directionReason: string | null;
  readonly mode: SyncMode;
  readonly sides: Pair<{
    readonly server: string;
    readonly database: string;
    readonly engine: EngineName;
  }>;
  /** Side A's checks, side B's, those of both sides, then this machine's. */
  readonly checks: readonly Check[];
}

/** What doctor learned about one side before the checks that need a connection. */
interface SideState {
  readonly side: Side;
  readonly settings: ConnectionSettings;
  readonly tcp: TcpReach;
  readonly db: Database | null;
  readonly openError: unknown;
  catalog: Catalog | null;
  profiled: ProfiledSide | null;
  inspected: Inspected;
  /** The side's tables in scope (what the sync would read or write there). */
  tables: TableShape[];
  probe: DatabaseProbe | null;
  probeError: unknown;
}

const notConnected = (side: Side) => `side ${side} is not connected`;

/** The login as the server names it: `DOMAIN\\user` for Windows authentication. */
const loginOf = (settings: ConnectionSettings) =>
  settings.domain && settings.user ? `${settings.domain}\\${settings.user}` : settings.user;

async function connect(options: DoctorOptions, side: Side): Promise<SideState> {
  const settings = pick(options.settings, side);
  const tcp = await (options.reach ?? reachTcp)(settings);
  let db: Database | null = null;
  let openError: unknown = null;
  // Nothing answers there: opening would only wait for the same failure.
  if (tcp.kind !== 'failed') {
    try {
      db = await options.open(side);
    } catch (error) {
      openError = error;
    }
  }
  return {
    side,
    settings,
    tcp,
    db,
    openError,
    catalog: null,
    profiled: null,
    inspected: { kind: 'not-connected' },
    tables: [],
    probe: null,
    probeError: null,
  };
}

async function inspect(profile: Profile, state: SideState): Promise<void> {
  if (!state.db) return;
  try {
    const [info, catalog] = await Promise.all([state.db.describe(), state.db.readCatalog()]);
    state.catalog = catalog;
    state.profiled = await profile.inspect(state.db, info, catalog);
    state.inspected = { kind: 'ok', version: state.profiled.schemaVersion };
  } catch (error) {
    state.inspected = { kind: 'failed', error };
  }
}

/** The tables in scope, by lower-case label, chosen as diff and sync choose them. */
function tablesInScope(states: readonly SideState[], options: DoctorOptions): Set<string> {
  const scope = options.scope ?? 'config';
  const scoped = (p: ProfiledSide): readonly TableShape[] => {
    const historical = p.growing.map((g) => g.table);
    return scope === 'config'
      ? p.compared
      : scope === 'historical'
        ? historical
        : [...p.compared, ...historical];
  };
  const all = states.flatMap((s) => (s.catalog?.tables ?? []).map(tableLabel));
  const inScope = states.flatMap((s) => (s.profiled ? scoped(s.profiled).map(tableLabel) : []));
  return new Set(
    selectTables(all, inScope, parseTablePatterns(options.tables)).map((t) => t.toLowerCase()),
  );
}

/** The direction to check: the options', else status's, else none (both sides as targets). */
async function chooseDirection(
  options: DoctorOptions,
  states: Pair<SideState>,
): Promise<{ direction: Direction | null; source: DirectionSource; reason: string | null }> {
  if (options.direction) return { direction: options.direction, source: 'options', reason: null };
  const { a, b } = states;
  if (!a.db || !b.db || a.inspected.kind !== 'ok' || b.inspected.kind !== 'ok') {
    return {
      direction: null,
      source: 'none',
      reason: 'status needs both sides connected and readable',
    };
  }
  try {
    const { verdict } = await readStatus({ a: a.db, b: b.db }, options.profile);
    if (verdict.from && verdict.to) {
      return {
        direction: { from: verdict.from, to: verdict.to },
        source: 'status',
        reason: verdict.reasons[0] ?? null,
      };
    }
    const said =
      verdict.state === 'IN_SYNC'
        ? 'status says the sides are in sync'
        : `status says ${verdict.state}: ${verdict.reasons.at(-1) ?? ''}`;
    return { direction: null, source: 'none', reason: said };
  } catch (error) {
    return { direction: null, source: 'none', reason: `status failed: ${firstLine(error)}` };
  }
}

function roleOf(side: Side, direction: Direction | null): SideRole {
  if (!direction) return 'possible-target';
  return direction.to === side ? 'target' : 'source';
}

/** The checks of one side that need its connection: permissions, and on a target free space and sessions. */
async function sideChecks(
  options: DoctorOptions,
  state: SideState,
  source: SideState,
  role: SideRole,
  scopeLabels: readonly string[],
): Promise<Check[]> {
  const { side } = state;
  const targets = role !== 'source';
  const ids = targets
    ? (['permissions', 'free-space', 'sessions'] as const)
    : (['permissions'] as const);
  if (!state.db) return ids.map((id) => skip(id, side, notConnected(side)));
  if (state.inspected.kind !== 'ok') {
    return ids.map((id) =>
      skip(id, side, `side ${side} could not be inspected (see schema-version)`),
    );
  }
  if (!state.probe) {
    const { message } = splitFix(state.probeError, side);
    return ids.map((id) =>
      id === 'permissions'
        ? fail(id, side, `probing side ${side} failed: ${message}`)
        : skip(id, side, `probing side ${side} failed`),
    );
  }
  const probe = state.probe;
  const checks: Check[] = [
    checkPermissions({
      side,
      engine: state.settings.engine,
      role,
      login: loginOf(state.settings) ?? probe.user,
      user: probe.user,
      tables: state.tables,
      probed: probe.tables,
      seesAllSessions: probe.seesAllSessions,
      lockout: options.lockout === true,
    }),
  ];
  if (!targets) return checks;
  if (!source.probe) {
    checks.push(skip('free-space', side, `the source, side ${source.side}, could not be probed`));
  } else {
    checks.push(
      checkFreeSpace({
        side,
        mode: options.mode,
        storage: probe.storage,
        work: estimateWork(
          scopeLabels,
          source.probe.tables,
          probe.tables,
          options.batchSize ?? DEFAULT_BATCH_SIZE,
        ),
      }),
    );
  }
  let sessions: readonly ServerSession[] | { error: unknown };
  try {
    sessions = probe.seesAllSessions ? await state.db.otherSessions() : [];
  } catch (error) {
    sessions = { error };
  }
  checks.push(
    checkSessions({
      side,
      engine: state.settings.engine,
      database: state.settings.database,
      login: loginOf(state.settings) ?? probe.user,
      seesAllSessions: probe.seesAllSessions,
      sessions,
      ownPrograms: options.ownPrograms,
    }),
  );
  return checks;
}

const ORDER = new Map<string, number>(CHECK_IDS.map((id, i) => [id, i]));
const SIDE_ORDER = (side: Side | null) => (side === 'A' ? 0 : side === 'B' ? 1 : 2);

/**
 * Preflight of a sync: connects to both sides as sync would, and checks, without writing anything
 * to either, everything a sync in this direction and mode needs (see the README's "Preflight").
 * Every check runs that can; one that cannot says why (SKIP). Failing checks do not throw: the
 * report holds them, and the caller decides the exit code.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const progress = options.onProgress ?? (() => {});
  const folders = Promise.all(
    options.folders.map(async (f) => checkFolder(await readFolderFacts(f.role, f.path))),
  );
  progress('connecting');
  const states = await bothSides((side) => connect(options, side));
  try {
    progress('reading catalogs');
    await Promise.all([inspect(options.profile, states.a), inspect(options.profile, states.b)]);
    const chosen = tablesInScope([states.a, states.b], options);
    for (const s of [states.a, states.b]) {
      s.tables = (s.catalog?.tables ?? []).filter((t) => chosen.has(tableLabel(t).toLowerCase()));
    }
    const both = states.a.inspected.kind === 'ok' && states.b.inspected.kind === 'ok';
    const matched: Matched<TableShape>[] | null = both
      ? matchByName(states.a.tables, states.b.tables, (t) => t)
      : null;
    const scopeLabels = (matched ?? []).filter((m) => m.a && m.b).map((m) => m.name);

    progress('probing');
    await Promise.all(
      [states.a, states.b].map(async (s) => {
        if (!s.db || s.inspected.kind !== 'ok') return;
        try {
          s.probe = await s.db.probe(s.tables);
        } catch (error) {
          s.probeError = error;
        }
      }),
    );
    progress('reading status');
    const { direction, source, reason } = await chooseDirection(options, states);

    progress('checking');
    const checks: Check[] = [];
    for (const side of SIDES) {
      const state = pick(states, side);
      checks.push(
        ...connectionChecks({
          side,
          server: serverLabel(state.settings),
          database: state.settings.database,
          user: state.settings.user,
          encrypt: state.settings.encrypt,
          trustServerCertificate: state.settings.trustServerCertificate,
          tcp: state.tcp,
          openError: state.db ? null : state.openError,
          session: state.probe
            ? {
                user: state.probe.user,
                encrypted: state.probe.encrypted,
                encryption: state.probe.encryption,
              }
            : null,
        }),
      );
      checks.push(
        ...(await sideChecks(
          options,
          state,
          pick(states, otherSide(side)),
          roleOf(side, direction),
          scopeLabels,
        )),
      );
    }
    checks.push(
      ...checkSchemaVersions(options.profile.name, {
        a: states.a.inspected,
        b: states.b.inspected,
      }),
      checkTableShapes(matched),
      checkClock({ a: states.a.probe?.clock ?? null, b: states.b.probe?.clock ?? null }),
      ...(await folders),
    );
    return {
      direction,
      directionSource: source,
      directionReason: reason,
      mode: options.mode,
      sides: {
        a: describeSide(states.a.settings),
        b: describeSide(states.b.settings),
      },
      checks: [...checks].sort(
        (x, y) =>
          SIDE_ORDER(x.side) - SIDE_ORDER(y.side) ||
          (ORDER.get(x.id) ?? 0) - (ORDER.get(y.id) ?? 0),
      ),
    };
  } finally {
    await Promise.allSettled([states.a.db?.close(), states.b.db?.close()]);
  }
}

const describeSide = (settings: ConnectionSettings) => ({
  server: serverLabel(settings),
  database: settings.database,
  engine: settings.engine,
});
