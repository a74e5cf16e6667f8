import type {
  FindingCode,
  LastUpdateKeys,
  NextStep,
  TraceFileSide,
  TraceFinding,
} from './trace-analysis.js';
import { otherSide, type TraceSide } from './trace-side.js';

/** A copy direction and the reason it goes that way. */
interface Direction {
  readonly from: TraceSide;
  readonly to: TraceSide;
  readonly reason: string;
}

const TRANSFER_FAILURE: readonly FindingCode[] = [
  'TEMP_FILE_FAILED',
  'SEND_SETUP_FAILED',
  'RECEIVE_STUCK',
] as const;

/**
 * The icmsync command a DBA should run next: doctor for a schema mismatch, else status to
 * confirm, then a dry-run sync from the side that is ahead (or that is healthy) to the other.
 */
export function chooseNextStep(
  findings: readonly TraceFinding[],
  keys: LastUpdateKeys,
  sides: readonly TraceFileSide[],
): NextStep | null {
  const problems = findings.filter((f) => f.severity !== 'info');
  if (problems.length === 0) return null;
  const has = (code: FindingCode) => problems.some((f) => f.code === code);
  if (has('SCHEMA_MISMATCH')) {
    return {
      command: 'icmsync doctor',
      followUp: null,
      why: 'The traces show a schema version mismatch; doctor checks the schema versions of both sides, and no sync can run until they agree.',
    };
  }
  const direction = chooseDirection(problems, keys, sides);
  if (direction) {
    return {
      command: 'icmsync status',
      followUp: `icmsync sync --from ${direction.from} --to ${direction.to} --dry-run`,
      why: `${direction.reason} Confirm with status that side ${direction.from} is ahead, then preview copying its configuration to side ${direction.to} (the ICMDBA Synchronize workaround) with a dry run.`,
    };
  }
  if (has('CHECKSUMS_DIFFER')) {
    return {
      command: 'icmsync diff',
      followUp: null,
      why: 'The config checksums differ but the traces do not say which side is ahead; diff shows the differing rows.',
    };
  }
  return {
    command: 'icmsync status',
    followUp: 'icmsync diff',
    why: 'The traces show a failure but not which side is ahead; status compares the two databases and says which way a sync should go.',
  };
}

function chooseDirection(
  problems: readonly TraceFinding[],
  keys: LastUpdateKeys,
  sides: readonly TraceFileSide[],
): Direction | null {
  const sideOf = (f: TraceFinding) => sides.find((s) => s.file === f.file)?.side ?? null;
  const transferFailed = problems.some((f) => TRANSFER_FAILURE.includes(f.code));
  const because = transferFailed
    ? 'The state transfer fails, so the side behind stays behind; once the sending side is fixed the next transfer may catch up on its own.'
    : '';
  if (keys.ahead) {
    const to = otherSide(keys.ahead);
    const reason = `Side ${keys.ahead}'s LastUpdateKey is ahead of side ${to}'s by ${keys.gap}.`;
    return { from: keys.ahead, to, reason: `${reason} ${because}`.trim() };
  }
  const emptyLog = problems.find((f) => f.code === 'CONFIG_LOG_EMPTY' && sideOf(f));
  const emptySide = emptyLog && sideOf(emptyLog);
  if (emptySide) {
    const reason = `Side ${emptySide}'s Logger asserts because its Config_Message_Log is empty (TechNote 65201); its peer's configuration, Config_Message_Log included, is the copy to restore.`;
    return { from: otherSide(emptySide), to: emptySide, reason };
  }
  const stuck = problems.find((f) => f.code === 'RECEIVE_STUCK' && sideOf(f));
  const receiver = stuck && sideOf(stuck);
  if (receiver) return { from: otherSide(receiver), to: receiver, reason: because };
  const sender = problems.find((f) => TRANSFER_FAILURE.includes(f.code) && sideOf(f));
  const senderSide = sender && sideOf(sender);
  if (senderSide) return { from: senderSide, to: otherSide(senderSide), reason: because };
  return null;
}
