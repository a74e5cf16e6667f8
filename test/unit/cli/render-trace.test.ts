import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTrace, TRACE_TEXT_WIDTH } from '../../../src/cli/render-trace.js';
import { analyseTrace } from '../../../src/icm/trace/analyse-trace.js';

const fixture = (name: string) => ({
  name,
  text: readFileSync(new URL(`../../fixtures/traces/${name}`, import.meta.url), 'utf8'),
});

describe('renderTrace', () => {
  const text = renderTrace(
    analyseTrace([fixture('seed-receiver-a.txt'), fixture('seed-sender-b.txt')]),
  );

  it('names each file with its side and the evidence for it', () => {
    expect(text).toMatch(/^icmsync trace · 2 files\n\n/);
    expect(text).toMatch(
      /^seed-receiver-a\.txt\s+side A \(from its database name\)\s+27 lines, 12 recognised$/m,
    );
    expect(text).toMatch(
      /^seed-sender-b\.txt\s+side B \(as the peer of the other file\)\s+9 lines/m,
    );
  });

  it('shows the two LastUpdateKeys, the config checksum and the schema figures', () => {
    expect(text).toContain(
      'LastUpdateKey  A 309975091099  B 310466685004  (side B ahead by 491593905)',
    );
    expect(text).toMatch(
      /^ {2}A\s+seed-receiver-a\.txt\s+Rows = 23442, bytes = 13409511, checksum = 783166570, updateKey = 310473991055$/m,
    );
    expect(text).toMatch(/database 77\.4, Logger compatible with 77\.4$/m);
  });

  it('lists the findings worst first, with where, cause and fix', () => {
    expect(text).toContain('Findings: 3 errors, 1 warning\n');
    const order = ['RECEIVE_STUCK', 'TEMP_FILE_FAILED', 'SEND_SETUP_FAILED', 'UPDATE_KEYS_DIFFER'];
    const positions = order.map((code) => text.indexOf(code));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('  ERROR RECEIVE_STUCK  seed-receiver-a.txt #24 23:27:04\n');
    expect(text).toContain('  WARNING UPDATE_KEYS_DIFFER  seed-sender-b.txt #4 16:47:39\n');
    expect(text).toMatch(/ERROR_ACCESS_DENIED/);
    expect(text).toMatch(/^ {4}Cause: /m);
    expect(text).toMatch(/^ {4}Fix: /m);
  });

  it('ends with the next command and its follow-up', () => {
    expect(text).toMatch(
      /Next: icmsync status\n {2}then: icmsync sync --from B --to A --dry-run\n {2}Side B's LastUpdateKey/,
    );
    expect(text.endsWith('\n')).toBe(true);
  });

  it('wraps long texts to the terminal width and prints no colour codes', () => {
    for (const line of text.split('\n')) {
      if (line.startsWith('    ')) expect(line.length).toBeLessThanOrEqual(TRACE_TEXT_WIDTH);
    }
    expect(text).not.toContain('\u001b[');
  });

  it('says so when nothing is a Logger trace, and when a trace shows no problem', () => {
    const none = renderTrace(analyseTrace([fixture('nginx-access.txt'), fixture('empty.txt')]));
    expect(none).toBe(
      'icmsync trace · 2 files\n\nNo Cisco ICM Logger trace messages found in nginx-access.txt, empty.txt.\nGive the lgr process trace of side A, side B or both (as dumplog prints it).\n',
    );
    const healthy = renderTrace(
      analyseTrace([
        { name: 'a.txt', text: '10:00:00 Trace: Connected to ucce_sideA database.\n' },
      ]),
    );
    expect(healthy).toContain('Findings: none\n');
    expect(healthy).toContain('Next: nothing to do from these traces.\n');
    expect(healthy).not.toContain('LastUpdateKey');
  });
});
