import type { Ora } from 'ora';
import { type CliIo, spinnerFor } from './io.js';

/** Progress on stderr while a command works; silent when not on a terminal, in CI or with NO_COLOR. */
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
  void import('ora').then(({ default: ora }) => {
    if (stopped) return;
    // discardStdin would swallow keystrokes meant for a password prompt.
    spinner = ora({ text: current, stream: io.stderr, discardStdin: false }).start();
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
