import type { StatusReport } from '../status/status.js';
import type { VerdictState } from '../status/verdict.js';
import { columns, type Style } from './style.js';

const VERDICT_TEXT: Readonly<Record<VerdictState, string>> = {
  IN_SYNC: 'IN SYNC',
  A_AHEAD: 'A AHEAD',
  B_AHEAD: 'B AHEAD',
  DIVERGED: 'DIVERGED',
};

/** How a verdict state is written for people: `A AHEAD`. */
export const verdictText = (state: VerdictState) => VERDICT_TEXT[state];

const num = (n: number | null | undefined) => (n === null || n === undefined ? '-' : String(n));

/** The status report as a DBA reads it on a terminal. */
export function renderStatus(report: StatusReport, style: Style): string {
  const { a, b } = report.sides;
  const lines: string[] = [style.bold(`icmsync status · profile ${report.profile}`), ''];
  const version = (v: StatusReport['sides']['a']['schemaVersion']) =>
    v ? `${v.major}.${v.minor}` : '-';
  const facts: string[][] = [
    ['', style.bold('Side A'), style.bold('Side B')],
    ['server', a.info.server, b.info.server],
    ['database', a.info.database, b.info.database],
    ['engine', a.info.engineVersion, b.info.engineVersion],
  ];
  if (report.profile === 'icm') {
    facts.push(['schema version', version(a.schemaVersion), version(b.schemaVersion)]);
    facts.push(['LastUpdateKey', num(a.lastUpdateKey), num(b.lastUpdateKey)]);
  }
  lines.push(...columns(facts), '');

  lines.push(
    style.bold(report.profile === 'icm' ? 'Config checksum' : 'Checksum of compared tables'),
  );
  for (const [side, status] of [
    ['A', a],
    ['B', b],
  ] as const) {
    const c = status.configChecksum;
    const key = c.updateKey === null ? '' : `, updateKey = ${c.updateKey}`;
    lines.push(`  ${side}  Rows = ${c.rows}, bytes = ${c.bytes}, checksum = ${c.checksum}${key}`);
  }
  lines.push('');

  const differing = report.tables.filter((t) => t.state !== 'equal').length;
  const title = report.profile === 'icm' ? 'Configuration tables' : 'Tables';
  lines.push(style.bold(`${title}: ${report.tables.length} compared, ${differing} differ`));
  const stateText = (t: StatusReport['tables'][number]) => {
    const text = t.detail ? `${t.state}: ${t.detail}` : t.state;
    return t.state === 'equal' ? style.dim(text) : style.yellow(text);
  };
  const tableRows = report.tables.map((t) => [
    t.table,
    num(t.checksums.a?.rows),
    num(t.checksums.b?.rows),
    stateText(t),
  ]);
  lines.push(
    ...columns([['table', 'A rows', 'B rows', 'state'], ...tableRows], new Set([1, 2])).map(
      (l) => `  ${l}`,
    ),
  );

  if (a.growing.length > 0 || b.growing.length > 0) {
    lines.push('', style.bold('Historical tables'));
    const names = [...new Set([...a.growing, ...b.growing].map((g) => g.table))].sort();
    const stat = (side: typeof a, name: string) => side.growing.find((g) => g.table === name);
    const rows = names.map((name) => {
      const sa = stat(a, name);
      const sb = stat(b, name);
      return [name, num(sa?.rows), num(sa?.maxKey), num(sb?.rows), num(sb?.maxKey)];
    });
    const header = ['table', 'A rows', 'A max RecoveryKey', 'B rows', 'B max RecoveryKey'];
    lines.push(...columns([header, ...rows], new Set([1, 2, 3, 4])).map((l) => `  ${l}`));
  }

  if (report.notCompared.length > 0) {
    lines.push(
      '',
      style.dim(
        `Not compared: ${report.notCompared.map((n) => `${n.table} (${n.reason})`).join('; ')}`,
      ),
    );
  }

  const v = report.verdict;
  const colour =
    v.state === 'IN_SYNC' ? style.green : v.state === 'DIVERGED' ? style.red : style.yellow;
  const direction = v.from && v.to ? `: sync from ${v.from} to ${v.to}` : '';
  lines.push('', colour(style.bold(`${verdictText(v.state)}${direction}`)));
  for (const reason of v.reasons) lines.push(`  - ${reason}`);
  return `${lines.join('\n')}\n`;
}
