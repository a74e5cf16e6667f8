import { finding } from './file-findings.js';
import type {
  LastUpdateKeys,
  TracedConfigChecksum,
  TracedSchemaVersion,
  TraceFinding,
} from './trace-analysis.js';
import type { TraceSide } from './trace-side.js';

/** Where a figure was read: the file and the line. */
export interface Evidence {
  readonly file: string;
  readonly line: { readonly index: number; readonly time: string | null };
}

/** What the traces of the two sides show side by side. */
export interface PairFacts {
  readonly keys: LastUpdateKeys;
  /** The line the later of the two LastUpdateKeys was read from. */
  readonly keyEvidence: Evidence | null;
  readonly checksums: readonly TracedConfigChecksum[];
  readonly schemas: readonly TracedSchemaVersion[];
}

/** The findings that need both sides: keys, config checksums and schema versions that differ. */
export function findAcrossSides(facts: PairFacts): TraceFinding[] {
  return [...updateKeys(facts), ...checksums(facts), ...schemas(facts)];
}

function updateKeys({ keys, keyEvidence }: PairFacts): TraceFinding[] {
  if (!keys.ahead || !keyEvidence) return [];
  const behind = keys.ahead === 'A' ? 'B' : 'A';
  return [
    finding('UPDATE_KEYS_DIFFER', 'warning', keyEvidence.file, keyEvidence.line, {
      message: `LastUpdateKey for A is ${keys.A}, for B ${keys.B}: side ${keys.ahead} is ahead by ${keys.gap}.`,
      cause: `The update key is the configuration sequence number a Logger has applied (its highest Config_Message_Log RecoveryKey): side ${behind} missed configuration changes, the ones the state transfer was to deliver.`,
      fix: `Copy the configuration from side ${keys.ahead} to side ${behind}: let the state transfer succeed once its cause is fixed, or synchronize (ICMDBA Synchronize, or icmsync sync --from ${keys.ahead} --to ${behind}).`,
    }),
  ];
}

const lastFor = <T extends { readonly side: TraceSide | null }>(
  items: readonly T[],
  side: TraceSide,
) => items.filter((i) => i.side === side).at(-1);

function checksums({ checksums: all }: PairFacts): TraceFinding[] {
  const a = lastFor(all, 'A');
  const b = lastFor(all, 'B');
  if (!a || !b) return [];
  const figures = (c: TracedConfigChecksum) =>
    `Rows = ${c.rows}, bytes = ${c.bytes}, checksum = ${c.checksum}, updateKey = ${c.updateKey}`;
  if (figures(a) === figures(b)) return [];
  return [
    finding(
      'CHECKSUMS_DIFFER',
      'warning',
      b.file,
      { index: b.line, time: b.time },
      {
        message: `The config checksums differ: A ${figures(a)}; B ${figures(b)}.`,
        cause:
          'Both Loggers checksum their configuration tables at start-up; different figures mean different configuration, or one read at an older update key.',
        fix: 'See which rows differ with icmsync diff before copying anything.',
      },
    ),
  ];
}

function schemas({ schemas: all }: PairFacts): TraceFinding[] {
  const a = lastFor(all, 'A');
  const b = lastFor(all, 'B');
  if (!a || !b || (a.major === b.major && a.minor === b.minor)) return [];
  return [
    finding(
      'SCHEMA_MISMATCH',
      'error',
      b.file,
      { index: b.line, time: b.time },
      {
        message: `Side A's database uses schema ${a.major}.${a.minor}, side B's ${b.major}.${b.minor}.`,
        cause:
          'The two Logger databases are at different schema versions: one side was upgraded, restored or rolled back without the other.',
        fix: 'Bring both databases to the same schema version before any synchronization; icmsync, like ICMDBA, refuses to sync between different schema versions.',
      },
    ),
  ];
}
