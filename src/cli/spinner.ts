import type { Ora } from 'ora';
import { type CliIo, colorFor, spinnerFor } from './io.js';

/** Progress on stderr while a command works; silent off a terminal, in CI and with `--quiet`. */
export interface Spinner {
  update(text: string): void;
  stop(): void;
}

/**
 * Starts a spinner, or a no-op where one must not draw. ora is loaded only when one draws: a
 * runbook's piped run never pays for it.
 */
export function startSpinner(io: CliIo, text: string): Spinner {
  if (!spinnerFor(io)) return { update() {}, stop() {} };
  let current = text;
  let spinner: Ora | null = null;
  let stopped = false;
  const color = colorFor(io.stderr, io.env) ? 'cyan' : false;
  void import('ora').then(({ default: ora }) => {
    if (stopped) return;
    // discardStdin would swallow keystrokes meant for a password prompt. ora's own checks (a
    // terminal, outside CI) are ours already; isEnabled keeps it from second-guessing them.
    spinner = ora({
      text: current,
      stream: io.stderr,
      discardStdin: false,
      color,
      isEnabled: true,
    }).start();
  });
  return {
    update: (next) => {
      current = next;
      if (spinner) spinner.text = next;
    },
    stop: () => {
      stopped = true;
      if (spinner?.isSpinning) spinner.stop();
    },
  };
}
