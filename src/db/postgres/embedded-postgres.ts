import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** An in-process PostgreSQL (PGlite) listening on loopback for the `pg` adapter. */
export interface EmbeddedPostgres {
  readonly host: string;
  readonly port: number;
  /** The one database PGlite serves. */
  readonly database: string;
  stop(): Promise<void>;
}

/**
 * PGlite serves every socket connection from one backend, so a transaction on one connection is
 * visible to the others and blocks them: give each embedded server one connection.
 */
export const EMBEDDED_POOL_SIZE = 1;

const LOOPBACK = '127.0.0.1';

/** Starts an empty in-memory PostgreSQL on a free loopback port. */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: LOOPBACK, port: 0, maxConnections: 4 });
  await server.start();
  // `host:port`, with the port the OS chose.
  const port = Number(server.getServerConn().split(':').at(-1));
  return {
    host: LOOPBACK,
    port,
    database: 'postgres',
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
