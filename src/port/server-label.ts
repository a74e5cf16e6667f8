import type { ConnectionSettings } from './settings.js';

const DEFAULT_PORTS = { mssql: 1433, postgres: 5432 } as const;

/** How a DBA writes the server: `host\instance`, `host,1433` (SQL Server) or `host:5432`. */
export function serverLabel(
  settings: Pick<ConnectionSettings, 'engine' | 'server' | 'port' | 'instanceName'>,
): string {
  if (settings.engine === 'mssql') {
    if (settings.instanceName) return `${settings.server}\\${settings.instanceName}`;
    return `${settings.server},${settings.port ?? DEFAULT_PORTS.mssql}`;
  }
  return `${settings.server}:${settings.port ?? DEFAULT_PORTS.postgres}`;
}
