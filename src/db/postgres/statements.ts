import pg from 'pg';
import { interrupted } from '../../port/errors.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';
import { EXACT_TYPES } from './connect.js';
import { queryError } from './errors.js';
import type { Statement } from './quote.js';

/** How a statement's rows come back. */
export interface RowOptions {
  /** Values in exact form (server text, bytea as bytes) rather than JS numbers and booleans. */
  readonly exact?: boolean;
  /** Rows as arrays in select-list order rather than objects. */
  readonly arrays?: boolean;
}

/** Where statements run: the pool, a client per statement, or a session's own client. */
export type StatementTarget =
  | { readonly pool: pg.Pool; readonly client?: undefined }
  | { readonly client: pg.PoolClient; readonly pool?: undefined };

/**
 * Sends a PostgreSQL cancel request for the statement `client` is running: a new connection that
 * carries the backend's key. Best effort; the statement's own rejection follows.
 */
function cancelRunning(config: pg.PoolConfig, client: pg.PoolClient): void {
  const canceller = new pg.Client(config) as pg.Client & {
    cancel(target: pg.PoolClient, query: unknown): void;
  };
  canceller.on('error', () => {});
  canceller.cancel(client, (client as unknown as { activeQuery: unknown }).activeQuery);
}

const listening = new WeakSet<pg.PoolClient>();

/**
 * A checked-out client whose connection the server ends (pg_terminate_backend, a restart) emits
 * 'error'; the pool listens only while the client is idle, and an unheard 'error' ends the process.
 * The statement running on it fails and says so; the event itself needs no more.
 */
function guarded(client: pg.PoolClient): pg.PoolClient {
  if (!listening.has(client)) {
    client.on('error', () => {});
    listening.add(client);
  }
  return client;
}

/**
 * Runs statements for one side: every failure is worded once (side, what, server's words), and an
 * aborted signal cancels the running statement and fails every later one as interrupted.
 */
export class Statements {
  readonly side: Side;
  readonly #target: StatementTarget;
  readonly #settings: ConnectionSettings;
  readonly #config: pg.PoolConfig;
  readonly #signal: AbortSignal | undefined;

  constructor(
    side: Side,
    target: StatementTarget,
    settings: ConnectionSettings,
    config: pg.PoolConfig,
    signal: AbortSignal | undefined,
  ) {
    this.side = side;
    this.#target = target;
    this.#settings = settings;
    this.#config = config;
    this.#signal = signal;
  }

  /** The same statements on another target (a session's client), with its own signal too. */
  on(target: StatementTarget, signal?: AbortSignal): Statements {
    const signals = [this.#signal, signal].filter((s): s is AbortSignal => s !== undefined);
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    return new Statements(this.side, target, this.#settings, this.#config, combined);
  }

  /** Throws the interruption when the run was aborted. */
  checkAborted(): void {
    if (this.#signal?.aborted) throw interrupted();
  }

  /** A client of its own from the pool (the caller releases it), or the session's client. */
  async acquire(what: string): Promise<pg.PoolClient> {
    this.checkAborted();
    if (!this.#target.pool) return this.#target.client;
    try {
      return guarded(await this.#target.pool.connect());
    } catch (error) {
      throw queryError(this.side, what, error, this.#settings);
    }
  }

  /** Runs one statement and returns its rows. */
  async rows<R>(
    what: string,
    statement: Statement | string,
    options: RowOptions = {},
  ): Promise<R[]> {
    const { text, values } =
      typeof statement === 'string' ? { text: statement, values: [] } : statement;
    return this.withClient(what, async (client) => {
      const result = await client.query({
        text,
        values: values as unknown[],
        ...(options.arrays ? { rowMode: 'array' as const } : {}),
        ...(options.exact ? { types: EXACT_TYPES } : {}),
      });
      return result.rows as R[];
    });
  }

  /**
   * Runs `work` on one client (the session's, or one from the pool released after it), with the
   * abort signal wired to a cancel request and failures explained as `what failed`.
   */
  async withClient<T>(what: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const pooled = this.#target.pool;
    const client = pooled ? await this.acquire(what) : this.#target.client;
    const onAbort = () => cancelRunning(this.#config, client);
    this.#signal?.addEventListener('abort', onAbort, { once: true });
    let failure: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      if (this.#signal?.aborted) throw interrupted();
      throw queryError(this.side, what, error, this.#settings);
    } finally {
      this.#signal?.removeEventListener('abort', onAbort);
      // A client whose statement failed may be mid-protocol (a broken COPY): never pool it again.
      if (pooled) client.release(failure);
    }
  }
}
