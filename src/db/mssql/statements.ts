import type { ConnectionPool, IResult, Request as MssqlRequest } from 'mssql';
import sql from 'mssql';
import { interrupted } from '../../port/errors.js';
import type { ConnectionSettings } from '../../port/settings.js';
import type { Side } from '../../port/types.js';
import type { LoginWatch } from './connect.js';
import { queryError } from './errors.js';
import type { ExactParam } from './quote.js';
import { bindExact } from './values.js';

/**
 * What mssql runs a request on: the pool, or a session's pinned connection (any object that hands
 * out a connection the way mssql's Transaction does).
 */
export type RequestParent = ConnectionPool;

/** How a statement is sent and its rows come back. */
export interface RunOptions {
  /** Rows as arrays in select-list order rather than objects. */
  readonly arrays?: boolean;
  /** Send as a plain batch (`execSqlBatch`) rather than through `sp_executesql`: scoping of `#temp` tables and SET. */
  readonly batch?: boolean;
  /** Binds further, non-exact parameters. */
  readonly bind?: (request: MssqlRequest) => void;
}

/**
 * Runs statements for one side: every failure is worded once (side, what, server's words), and an
 * aborted signal cancels the running request and fails every later one as interrupted.
 */
export class Statements {
  readonly side: Side;
  readonly #parent: RequestParent;
  readonly #settings: ConnectionSettings;
  readonly #watch: LoginWatch;
  readonly #signal: AbortSignal | undefined;

  constructor(
    side: Side,
    parent: RequestParent,
    settings: ConnectionSettings,
    watch: LoginWatch,
    signal: AbortSignal | undefined,
  ) {
    this.side = side;
    this.#parent = parent;
    this.#settings = settings;
    this.#watch = watch;
    this.#signal = signal;
  }

  /** The same statements on another parent (a session's connection), with its own signal too. */
  on(parent: RequestParent, signal?: AbortSignal): Statements {
    const signals = [this.#signal, signal].filter((s): s is AbortSignal => s !== undefined);
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    return new Statements(this.side, parent, this.#settings, this.#watch, combined);
  }

  /** Throws the interruption when the run was aborted, or the pool's TLS refusal. */
  check(): void {
    if (this.#signal?.aborted) throw interrupted();
    if (this.#watch.refusal) throw this.#watch.refusal;
  }

  /** A request on this target with `params` bound in exact form. */
  request(params: readonly ExactParam[] = []): MssqlRequest {
    const request = new sql.Request(this.#parent);
    for (const param of params) bindExact(request, param);
    return request;
  }

  /** Runs one statement and returns its rows. */
  async rows<T>(
    what: string,
    text: string,
    params: readonly ExactParam[] = [],
    options: RunOptions = {},
  ): Promise<T[]> {
    const request = this.request(params);
    options.bind?.(request);
    if (options.arrays) request.arrayRowMode = true;
    const result = await this.guard<IResult<T>>(
      what,
      () => (options.batch ? request.batch<T>(text) : request.query<T>(text)),
      () => request.cancel(),
    );
    return result.recordset ?? [];
  }

  /**
   * Runs driver work: `cancel` is called when the run is aborted meanwhile, and a failure is
   * explained as `what failed`, or as the pool's TLS refusal when that is why the connection closed.
   */
  async guard<T>(what: string, run: () => Promise<T>, cancel?: () => void): Promise<T> {
    this.check();
    const onAbort = () => cancel?.();
    this.#signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await run();
    } catch (error) {
      if (this.#signal?.aborted) throw interrupted();
      if (this.#watch.refusal) throw this.#watch.refusal;
      throw queryError(this.side, this.#settings, what, error);
    } finally {
      this.#signal?.removeEventListener('abort', onAbort);
    }
  }
}
