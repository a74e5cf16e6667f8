import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IcmsyncError } from '../port/errors.js';

/** One line of a sync journal. */
export type JournalEntry =
  | {
      readonly event: 'start';
      readonly run: string;
      readonly at: string;
      /** The options of the run, so `--resume` can repeat it. */
      readonly options: Readonly<Record<string, unknown>>;
    }
  | {
      readonly event: 'triggers-disabled' | 'triggers-restored';
      readonly run: string;
      readonly table: string;
      readonly triggers: readonly string[];
    }
  | {
      /** The lockout trigger (`--lockout`) put on a table, or taken off it. */
      readonly event: 'lockout-on' | 'lockout-off';
      readonly run: string;
      readonly table: string;
    }
  | {
      readonly event: 'batch';
      readonly run: string;
      readonly table: string;
      readonly phase: 'delete' | 'write';
      readonly inserted: number;
      readonly updated: number;
      readonly deleted: number;
    }
  | { readonly event: 'end'; readonly run: string; readonly outcome: string };

/** The journal's name for a target database: its server (as icmsync labels it) and name. */
export const journalName = (server: string, database: string) => `${server}-${database}`;

/**
 * The local record of a sync: the run's options, every trigger it disabled, every batch it
 * committed, and how it ended. Appended line by line and flushed before the next step, so after a
 * crash the next run knows which triggers to re-enable and `--resume` knows what was asked.
 */
export class Journal {
  /** The last append: appends from tables written in parallel go to the file one after another. */
  #tail: Promise<void> = Promise.resolve();

  private constructor(readonly path: string) {}

  /** The journal of syncs into one target database, in `dir` (created if missing). */
  static async open(dir: string, target: string): Promise<Journal> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new IcmsyncError(
        `cannot create the journal folder ${dir}: ${(error as Error).message} (give --journal-dir a writable folder)`,
        'USAGE',
        { cause: error },
      );
    }
    return new Journal(join(dir, `${target.replace(/[^\w.-]+/g, '_')}.jsonl`));
  }

  append(entry: JournalEntry): Promise<void> {
    const next = this.#tail.then(() => this.#write(entry));
    this.#tail = next.catch(() => {});
    return next;
  }

  async #write(entry: JournalEntry): Promise<void> {
    try {
      await appendFile(this.path, `${JSON.stringify(entry)}\n`, { flush: true });
    } catch (error) {
      throw new IcmsyncError(
        `cannot write the journal ${this.path}: ${(error as Error).message} (free space, or give --journal-dir a writable folder)`,
        'QUERY',
        { cause: error },
      );
    }
  }

  async entries(): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // A line cut by a crash is the one that was being written: everything before it holds.
    return text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as JournalEntry];
        } catch {
          return [];
        }
      });
  }
}

/** The last run of a journal, and whether it ended. */
export function lastRun(entries: readonly JournalEntry[]) {
  const start = entries.findLast((e) => e.event === 'start');
  if (start?.event !== 'start') return null;
  const mine = entries.filter((e) => e.run === start.run);
  const ended = mine.find((e) => e.event === 'end');
  return { start, entries: mine, ended: ended?.event === 'end' ? ended.outcome : null };
}

/** Tables a run put its lockout trigger on and did not take it off (a run that crashed). */
export function lockoutsLeft(entries: readonly JournalEntry[]): string[] {
  const left = new Map<string, string>();
  for (const e of entries) {
    if (e.event === 'lockout-on') left.set(e.table.toLowerCase(), e.table);
    if (e.event === 'lockout-off') left.delete(e.table.toLowerCase());
  }
  return [...left.values()];
}

/**
 * Triggers a run disabled and no later entry restored, by table (a run that crashed). Keyed by
 * table alone: the next run restores them under its own run id.
 */
export function triggersLeftDisabled(entries: readonly JournalEntry[]): Map<string, string[]> {
  const left = new Map<string, { table: string; triggers: string[] }>();
  for (const e of entries) {
    const key = 'table' in e ? e.table.toLowerCase() : '';
    if (e.event === 'triggers-disabled')
      left.set(key, {
        table: e.table,
        triggers: [...new Set([...(left.get(key)?.triggers ?? []), ...e.triggers])],
      });
    if (e.event === 'triggers-restored') left.delete(key);
  }
  return new Map([...left.values()].map((l) => [l.table, l.triggers]));
}
