/** What the guard needs of a tedious connection: the events that show TLS, and `close`. */
export interface TlsConnection {
  on(event: 'secure' | 'rerouting' | 'retry', listener: () => void): unknown;
  close(): void;
}

/**
 * Decides, connection by connection, whether a pool may use a connection. tedious 19 goes on in
 * clear text when `encrypt` is true but the server's prelogin says it cannot encrypt; the only sign
 * is that the connection never emitted 'secure' (the TLS handshake inside the prelogin) before it
 * logged in. The verdict comes after the login, which tedious has by then sent in clear (with its
 * SET batch): the guard keeps icmsync's statements and rows off such a connection, not the login.
 * With `encrypt: 'strict'` (TDS 8) tedious wraps the socket itself and emits no 'secure', so this
 * guard is for TDS 7 encryption only.
 */
export class TlsGuard {
  readonly #refuse: (() => Error) | null;
  readonly #secured = new WeakSet<TlsConnection>();

  /** `refuse` gives the error for a connection without TLS; null when TLS is not required. */
  constructor(refuse: (() => Error) | null) {
    this.#refuse = refuse;
  }

  /** Starts watching a connection before it connects (mssql's `beforeConnect`). */
  watch(connection: TlsConnection): void {
    if (this.#refuse === null) return;
    connection.on('secure', () => this.#secured.add(connection));
    // Following a routing token or retrying a transient login failure, tedious opens a new socket
    // and negotiates again: only the socket the connection logged in on counts.
    const forget = () => this.#secured.delete(connection);
    connection.on('rerouting', forget);
    connection.on('retry', forget);
  }

  /**
   * Hands back a connection that logged in over TLS (any connection, when TLS is not required);
   * closes any other before a statement can be written to it, and throws the refusal.
   */
  admit<C extends TlsConnection>(connection: C): C {
    if (this.#refuse === null || this.#secured.has(connection)) return connection;
    connection.close();
    throw this.#refuse();
  }
}
