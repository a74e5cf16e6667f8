import type { Secret } from './secret.js';

/** The database engines icmsync speaks. */
export const ENGINES = ['mssql', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

/** How to reach one side's database: validated once by the CLI, then frozen. */
export interface ConnectionSettings {
  readonly engine: EngineName;
  /** Host name or address. */
  readonly server: string;
  /** TCP port; absent means the engine's default (1433, 5432) or the named instance's port. */
  readonly port: number | undefined;
  /** SQL Server named instance, resolved through SQL Browser (UDP 1434). */
  readonly instanceName: string | undefined;
  readonly database: string;
  /** SQL login, or the Windows user when `domain` is set. */
  readonly user: string | undefined;
  /** From an environment variable or a prompt; never from a file or a flag. */
  readonly password: Secret | undefined;
  /** Windows domain: switches SQL Server authentication to NTLM. */
  readonly domain: string | undefined;
  /** Use TLS. @default true */
  readonly encrypt: boolean;
  /** Accept a certificate that does not chain to a trusted root (self-signed lab servers). @default false */
  readonly trustServerCertificate: boolean;
  /** @default 15000 */
  readonly connectTimeoutMs: number;
  /** Longest a single statement may run; 0 means no limit. @default 0 */
  readonly requestTimeoutMs: number;
  /** Shown to the server as the client program name. @default 'icmsync' */
  readonly appName: string;
  /** Connections per side. @default 4 */
  readonly poolSize: number;
}
