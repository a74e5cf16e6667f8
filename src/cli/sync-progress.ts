import type { WriteCount } from '../port/database.js';
import type { TablePlan } from '../sync/plan.js';
import { type CliIo, narration } from './io.js';
import { type Spinner, startSpinner } from './spinner.js';

/** Rows per second and the time left, from the rows written so far against the plan. */
export function rate(
  done: number,
  total: number,
  ms: number,
): { perSecond: number; etaMs: number | null } {
  const perSecond = ms > 0 ? Math.round((done * 1000) / ms) : 0;
  const left = Math.max(0, total - done);
  return { perSecond, etaMs: perSecond > 0 ? Math.round((left * 1000) / perSecond) : null };
}

/** The keys of a progress line after kind and version. */
const EVENT_KEYS = [
  'event',
  'step',
  'tables',
  'table',
  'inserted',
  'updated',
  'deleted',
  'done',
  'total',
  'rowsPerSecond',
  'etaMs',
] as const;

const seconds = (ms: number | null) => (ms === null ? '?' : `${Math.ceil(ms / 1000)} s`);

/**
 * Sync's progress: on a terminal the spinner line (table, rows, rows/s, ETA); with `--json`, one
 * JSON line per step and per committed batch on stderr, so a runbook can follow the run while
 * stdout keeps the one final document; nothing with `--quiet`.
 */
export class SyncProgress {
  #total = 0;
  #done = 0;
  #started = Date.now();
  #spinner: Spinner | null = null;

  constructor(
    private readonly io: CliIo,
    private readonly json: boolean,
  ) {}

  /** The spinner line, started again after a pause (the plan and its question). */
  #show(text: string): void {
    if (this.#spinner) this.#spinner.update(text);
    else this.#spinner = startSpinner(this.io, text);
  }

  /** Clears the spinner line, for text that must stand on its own (the plan, a prompt). */
  pause(): void {
    this.#spinner?.stop();
    this.#spinner = null;
  }

  /** One JSON line (schemas/icmsync.sync-progress.schema.json): every key, null where unused. */
  #event(event: Partial<Record<(typeof EVENT_KEYS)[number], unknown>>): void {
    if (!this.json) return;
    const line = Object.fromEntries(EVENT_KEYS.map((k) => [k, event[k] ?? null]));
    narration(this.io).write(
      `${JSON.stringify({ kind: 'icmsync.sync-progress', version: 1, ...line })}\n`,
    );
  }

  step(step: string): void {
    this.#show(step);
    this.#event({ event: 'step', step });
  }

  /** The plan as an event (with `--json`, where it is not printed as text). */
  plan(plan: readonly TablePlan[]): void {
    this.#event({
      event: 'plan',
      tables: plan.map((p) => ({
        table: p.table,
        insert: p.insert,
        update: p.update,
        delete: p.delete,
        truncate: p.truncate,
      })),
    });
  }

  planned(plan: readonly TablePlan[]): void {
    this.#total = plan.reduce((n, p) => n + p.insert + p.update + p.delete, 0);
    this.#started = Date.now();
  }

  batch(table: string, written: WriteCount): void {
    this.#done += written.inserted + written.updated + written.deleted;
    const { perSecond, etaMs } = rate(this.#done, this.#total, Date.now() - this.#started);
    this.#show(
      `writing ${table}: ${this.#done} of ${this.#total} rows, ${perSecond} rows/s, about ${seconds(etaMs)} left`,
    );
    this.#event({
      event: 'batch',
      table,
      ...written,
      done: this.#done,
      total: this.#total,
      rowsPerSecond: perSecond,
      etaMs,
    });
  }
}
