import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster that demands a SCRAM password and offers TLS with a self-signed certificate. */
export interface SecuredPostgres {
  readonly port: number;
  readonly password: string;
  stop(): Promise<void>;
}

const PASSWORD = 'Lab-Pa55word!';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Where the server binaries are: `pg_config --bindir`, or Debian's newest /usr/lib/postgresql/N/bin. */
async function binDir(): Promise<string> {
  try {
    return (await run('pg_config', ['--bindir'])).stdout.trim();
  } catch {
    const { stdout } = await run('sh', [
      '-c',
      'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1',
    ]);
    return stdout.trim();
  }
}

/**
 * Starts the cluster. PostgreSQL refuses to run as root, so as root the server runs as the
 * `postgres` user in a directory handed to it.
 */
export async function startSecuredPostgres(): Promise<SecuredPostgres> {
  const bin = await binDir();
  const dir = await mkdtemp(join(tmpdir(), 'icmsync-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  const asOwner = async (command: string, args: string[]) =>
    root ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
  await writeFile(join(dir, 'pwfile'), `${PASSWORD}\n`);
  await run('openssl', [
    'req',
    '-new',
    '-x509',
    '-days',
    '2',
    '-nodes',
    '-subj',
    '/CN=icmsync-test',
    '-keyout',
    join(dir, 'server.key'),
    '-out',
    join(dir, 'server.crt'),
  ]);
  await chmod(join(dir, 'server.key'), 0o600);
  if (root) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    for (const path of [
      dir,
      join(dir, 'pwfile'),
      join(dir, 'server.key'),
      join(dir, 'server.crt'),
    ]) {
      await chown(path, Number(stdout), Number(gid));
    }
  }
  await asOwner(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${join(dir, 'pwfile')}`,
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    '-c ssl=on',
    `-c ssl_cert_file='${join(dir, 'server.crt')}'`,
    `-c ssl_key_file='${join(dir, 'server.key')}'`,
    '-c fsync=off',
  ].join(' ');
  await asOwner(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-o',
    options,
    '-l',
    join(dir, 'server.log'),
    '-w',
    'start',
  ]);
  return {
    port,
    password: PASSWORD,
    async stop() {
      await asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(
        () => {},
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}
