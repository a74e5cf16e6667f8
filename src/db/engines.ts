import type { Engine, EngineName } from './database.js';

/** Loads one engine's adapter; the other engine's driver is never imported. */
export async function loadEngine(name: EngineName): Promise<Engine> {
  switch (name) {
    case 'mssql':
      return (await import('./mssql/mssql-database.js')).mssqlEngine;
    case 'postgres':
      return (await import('./postgres/postgres-database.js')).postgresEngine;
  }
}
