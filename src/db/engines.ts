import type { Engine } from '../port/database.js';
import type { EngineName } from '../port/settings.js';

/** Loads one engine's adapter; the other engine's driver is never imported. */
export async function loadEngine(name: EngineName): Promise<Engine> {
  switch (name) {
    case 'mssql':
      return (await import('./mssql/database.js')).mssqlEngine;
    case 'postgres':
      return (await import('./postgres/database.js')).postgresEngine;
  }
}
