/** What a server says about a database by name. */
export interface DatabaseRecord {
  /** The label icmsync left on a database it created, or null when it has none. */
  readonly label: string | null;
}

/** Server-level operations, through a connection to the server's maintenance database. */
export interface ServerAdmin {
  /** The database called `name`, or null when there is none. */
  findDatabase(name: string): Promise<DatabaseRecord | null>;
  /** Creates an empty database and labels it. */
  createDatabase(name: string, label: string): Promise<void>;
  /** Drops a database, closing other sessions on it first. */
  dropDatabase(name: string): Promise<void>;
  close(): Promise<void>;
}
