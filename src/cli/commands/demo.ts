import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../db/engines.js';
import { closePair, openPair } from '../../db/open-pair.js';
import {
  EMBEDDED_POOL_SIZE,
  type EmbeddedPostgres,
  startEmbeddedPostgres,
} from '../../db/postgres/embedded-postgres.js';
import { profileNamed } from '../../icm/profiles.js';
import { createLabPair, fillLab } from '../../lab/create-lab.js';
import { STATE_TRANSFER_DRIFT } from '../../lab/drift.js';
import { IcmsyncError } from '../../port/errors.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Pair } from '../../port/types.js';
import { DEFAULT_PARALLEL } from '../../status/status.js';
import type { VerdictState } from '../../status/verdict.js';
import { runSync } from '../../sync/sync.js';
import type { DemoLab } from '../choices.js';
import { type CommonOptions, compareLayer, numberFlag } from '../common-options.js';
import {
  type ConfigLayer,
  environmentLayer,
  type ResolvedConfig,
  resolveConfig,
} from '../config.js';
import { flagLayer } from '../connection-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type CliIo, narration } from '../io.js';
import { passwordSource, warnUnknownVariables } from '../load-config.js';
import { verdictText } from '../render-status.js';
import { startSpinner } from '../spinner.js';
import { connectionFlags, databaseFlags } from '../suggest.js';
import { labDatabases } from './lab.js';
import { compareSides, printStatus, statusExitCode } from './status.js';
import { planText, resultText } from './sync.js';

/** Options of `icmsync demo`. */
export interface DemoOptions extends CommonOptions {
  readonly lab?: DemoLab;
  readonly scale?: string;
  readonly seed?: string;
}

/** The instance name of the demo databases on a real server: `icmsync_demo_sideA/B`. */
const DEMO_INSTANCE = 'icmsync_demo';

/** Connection defaults per lab: the local PostgreSQL, or the two docker-compose SQL Servers. */
const PRESETS: Readonly<Record<Exclude<DemoLab, 'embedded'>, ConfigLayer>> = {
  postgres: {
    source: 'demo',
    both: { engine: 'postgres', server: '127.0.0.1', port: 5432, user: 'postgres', encrypt: false },
  },
  mssql: {
    source: 'demo',
    // The compose lab's containers present self-signed certificates.
    both: {
      engine: 'mssql',
      server: 'localhost',
      user: 'sa',
      encrypt: true,
      trustServerCertificate: true,
    },
    a: { port: 14331 },
    b: { port: 14332 },
  },
};

const { logAhead, historyAhead } = STATE_TRANSFER_DRIFT;
const STORY = [
  'icmsync demo: a duplex Logger pair whose side B missed a state transfer.',
  `Side A kept running: it has ${logAhead} Config_Message_Log entries and ${historyAhead} rows per historical table that B lacks,`,
  'and B still holds configuration rows A has since changed, deleted or added.',
];

/** The embedded pair's settings: loopback, no TLS (nothing leaves the process), one connection each. */
function embeddedConfig(servers: Pair<EmbeddedPostgres>): ResolvedConfig {
  const side = (s: EmbeddedPostgres) => ({ server: s.host, port: s.port, database: s.database });
  return resolveConfig(
    [
      {
        source: 'embedded lab',
        both: {
          engine: 'postgres',
          user: 'postgres',
          encrypt: false,
          poolSize: EMBEDDED_POOL_SIZE,
        },
        a: side(servers.a),
        b: side(servers.b),
      },
    ],
    () => undefined,
  );
}

async function runOn(
  io: CliIo,
  sides: Pair<ConnectionSettings>,
  config: Pick<ResolvedConfig, 'profile' | 'parallel'>,
  json: boolean,
  fill: (pair: Awaited<ReturnType<typeof openPair>>) => Promise<void>,
): Promise<ExitCode> {
  const story = json ? narration(io) : io.stdout;
  const pair = await openPair(sides, { signal: io.signal });
  try {
    await fill(pair);
    story.write('\n$ icmsync status\n\n');
    const before = await compareSides(io, pair, config);
    printStatus(io, before, { json: false, exitCode: statusExitCode(before), out: story });
    expectVerdict(before.verdict.state, 'A_AHEAD');

    // The demo's journal and audit stay out of the working directory.
    const journalDir = mkdtempSync(join(tmpdir(), 'icmsync-demo-'));
    const sync = (dryRun: boolean) =>
      runSync(pair, profileNamed(config.profile), {
        direction: { from: 'A', to: 'B' },
        mode: 'merge',
        scope: 'all',
        dryRun,
        journalDir,
        ownPrograms: [sides.a.appName, sides.b.appName],
      });
    story.write('\n$ icmsync sync --from A --to B --scope all --dry-run\n\n');
    const plan = await sync(true);
    story.write(planText(plan, plan.plan));
    story.write('\n$ icmsync sync --from A --to B --scope all --yes\n\n');
    story.write(resultText(await sync(false)));

    story.write('\n$ icmsync status\n\n');
    const after = await compareSides(io, pair, config);
    // Checked before printing: the document's exitCode is the one the demo exits with.
    expectVerdict(after.verdict.state, 'IN_SYNC');
    const exitCode = EXIT.ok;
    printStatus(io, after, { json, exitCode });
    return exitCode;
  } finally {
    await closePair(pair);
  }
}

/** The demo knows what its lab holds: anything else is a defect, not a finding. */
function expectVerdict(found: VerdictState, built: VerdictState): void {
  if (found !== built) {
    throw new IcmsyncError(
      `demo: status said ${verdictText(found)} where the lab should give ${verdictText(built)}`,
      'INTERNAL',
    );
  }
}

/**
 * `icmsync demo`: builds a drifted Logger pair and runs status on it. With no flag the pair is two
 * in-process PostgreSQL instances, so it needs nothing but Node; `--lab postgres` or `--lab mssql`
 * builds it on a local PostgreSQL or the docker-compose SQL Servers instead.
 */
export async function demoCommand(
  io: CliIo,
  options: DemoOptions & Record<string, unknown>,
): Promise<ExitCode> {
  const lab = options.lab ?? 'embedded';
  const seed = Math.floor(numberFlag('seed', options.seed, 1));
  const scale = numberFlag('scale', options.scale, 1, 0.01);
  const json = options.json === true;
  const compare = {
    profile: 'icm' as const,
    parallel: compareLayer(options).parallel ?? DEFAULT_PARALLEL,
  };
  const labOptions = { seed, scale, drift: STATE_TRANSFER_DRIFT };
  const told = json ? narration(io) : io.stdout;
  const narrate = told.write.bind(told);
  narrate(`${STORY.join('\n')}\n`);

  if (lab === 'embedded') {
    narrate(
      'Starting two embedded PostgreSQL instances (PGlite) on loopback for side A and side B…\n',
    );
    const [a, b] = await Promise.all([startEmbeddedPostgres(), startEmbeddedPostgres()]);
    try {
      const servers = { a, b };
      const config = embeddedConfig(servers);
      return await runOn(io, config.sides, compare, json, async (pair) => {
        const spinner = startSpinner(io, 'building the lab pair');
        try {
          await Promise.all([pair.a, pair.b].map((db) => fillLab(db, labOptions)));
        } finally {
          spinner.stop();
        }
      });
    } finally {
      await Promise.allSettled([a.stop(), b.stop()]);
    }
  }

  // The demo ignores icmsync.json, which may point at production Loggers; variables and flags apply.
  warnUnknownVariables(io);
  const config = resolveConfig(
    [PRESETS[lab], environmentLayer(io.env), flagLayer(options), labDatabases(DEMO_INSTANCE)],
    passwordSource(io),
  );
  narrate(`Building ${config.sides.a.database} and ${config.sides.b.database} (${lab})…\n`);
  const spinner = startSpinner(io, 'building the lab pair');
  try {
    await createLabPair(await loadEngine(config.sides.a.engine), config.sides, {
      ...labOptions,
      replace: true,
      signal: io.signal,
    });
  } finally {
    spinner.stop();
  }
  const code = await runOn(io, config.sides, compare, json, async () => {});
  const flags = connectionFlags(config.sides);
  narrate(
    [
      '',
      `The pair stays for you to explore: icmsync status ${flags} ${databaseFlags(config.sides)}`,
      `Remove it with: icmsync lab drop ${flags} --instance ${DEMO_INSTANCE}`,
      '',
    ].join('\n'),
  );
  return code;
}
