import ora from 'ora';
import { type CliIo, spinnerFor } from './io.js';

/** Progress on stderr while a command works; silent when not on a terminal, in CI or with NO_COLOR. */
export interface Spinner {
  update(text: string): void;
  stop(): void;
}

/** Starts a spinner, or a no-op where one must not draw. */
export function startSpinner(io: CliIo, text: string): Spinner {
  if (!spinnerFor(io)) return { update() {}, stop() {} };
  // discardStdin would swallow keystrokes meant for a password prompt.
  const spinner = ora({ text, stream: io.stderr, discardStdin: false }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    stop: () => {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
