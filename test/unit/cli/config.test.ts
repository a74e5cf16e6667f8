import { describe, expect, it } from 'vitest';
import { type ConfigLayer, environmentLayer, resolveConfig } from '../../../src/cli/config.js';
import { parseConfigFile } from '../../../src/cli/config-file.js';
import { flagLayer } from '../../../src/cli/connection-options.js';
import { Secret } from '../../../src/port/secret.js';

const noPassword = () => undefined;
const sides = (a: object, b: object): ConfigLayer => ({ source: 'test', a, b });
const minimal = sides(
  { server: 'loggera', database: 'ucce_sideA', user: 'icmsync' },
  { server: 'loggerb', database: 'ucce_sideB', user: 'icmsync' },
);

describe('parseConfigFile', () => {
  it('reads sides, shared settings, profile and parallel', () => {
    const layer = parseConfigFile(
      'icmsync.json',
      JSON.stringify({
        $schema: 'x',
        profile: 'generic',
        parallel: 8,
        both: { engine: 'postgres', encrypt: false, poolSize: 2 },
        a: { server: 'pga', port: 5433, database: 'a' },
        b: { server: 'pgb', database: 'b', trustServerCertificate: true },
      }),
    );
    expect(layer).toEqual({
      source: 'icmsync.json',
      profile: 'generic',
      parallel: 8,
      both: { engine: 'postgres', encrypt: false, poolSize: 2 },
      a: { server: 'pga', port: 5433, database: 'a' },
      b: { server: 'pgb', database: 'b', trustServerCertificate: true },
    });
  });

  it.each([
    ['{ "a": ', 'icmsync.json: not valid JSON: '],
    ['[1]', 'icmsync.json: must hold a JSON object with "a" and "b" (fix the file)'],
    ['{"sides": {}}', 'icmsync.json: unknown key "sides" (remove it)'],
    ['{"a": {"sever": "x"}}', 'icmsync.json: unknown key "a.sever" (did you mean "server"?)'],
    [
      '{"a": {"port": "1433x"}}',
      'icmsync.json: a.port must be an integer from 1 to 65535 (fix the file)',
    ],
    [
      '{"b": {"engine": "oracle"}}',
      'icmsync.json: b.engine must be mssql or postgres (fix the file)',
    ],
    ['{"a": {"encrypt": "maybe"}}', 'icmsync.json: a.encrypt must be true or false (fix the file)'],
    ['{"profile": "hds"}', 'icmsync.json: profile must be icm or generic (fix the file)'],
    ['{"a": []}', 'icmsync.json: a must be an object of connection settings (fix the file)'],
  ])('rejects %s with one line', (text, message) => {
    let thrown: unknown;
    try {
      parseConfigFile('icmsync.json', text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'CONFIG' });
    expect((thrown as Error).message.startsWith(message)).toBe(true);
    expect((thrown as Error).message).not.toContain('\n');
  });

  it('refuses a password in the file and says where passwords come from', () => {
    expect(() => parseConfigFile('icmsync.json', '{"b": {"password": "s3cret"}}')).toThrow(
      'icmsync.json: b.password is not allowed: passwords come only from ICMSYNC_B_PASSWORD or a prompt (remove it from the file)',
    );
    expect(() => parseConfigFile('f', '{"b": {"password": "s3cret"}}')).not.toThrow(/s3cret/);
  });
});

describe('environment and flags', () => {
  it('reads ICMSYNC_<FIELD> for both sides and ICMSYNC_A_<FIELD> for one', () => {
    const layer = environmentLayer({
      ICMSYNC_ENGINE: 'postgres',
      ICMSYNC_A_SERVER: 'pga',
      ICMSYNC_B_TRUST_SERVER_CERTIFICATE: 'yes',
      ICMSYNC_B_CONNECT_TIMEOUT_MS: '5000',
      ICMSYNC_PROFILE: 'generic',
      ICMSYNC_PARALLEL: '2',
      UNRELATED: 'x',
    });
    expect(layer).toEqual({
      source: 'environment',
      both: { engine: 'postgres' },
      a: { server: 'pga' },
      b: { trustServerCertificate: true, connectTimeoutMs: 5000 },
      profile: 'generic',
      parallel: 2,
    });
  });

  it('names the variable or flag that is wrong', () => {
    expect(() => environmentLayer({ ICMSYNC_A_PORT: 'abc' })).toThrow(
      'A: ICMSYNC_A_PORT must be an integer from 1 to 65535 (fix the variable)',
    );
    expect(() => flagLayer({ bPoolSize: '0' })).toThrow(
      '--b-pool-size must be an integer from 1 to 64 (fix the flag)',
    );
  });

  it('maps --a-*, --b-* and shared flags', () => {
    expect(
      flagLayer({ engine: 'mssql', aServer: 'x', bInstanceName: 'ICM', aEncrypt: 'false' }),
    ).toEqual({
      source: 'flags',
      both: { engine: 'mssql' },
      a: { server: 'x', encrypt: false },
      b: { instanceName: 'ICM' },
    });
  });
});

describe('resolveConfig', () => {
  it('fills documented defaults and freezes the result', () => {
    const config = resolveConfig([minimal], noPassword);
    expect(config.profile).toBe('icm');
    expect(config.parallel).toBe(4);
    expect(config.sides.a).toMatchObject({
      engine: 'mssql',
      server: 'loggera',
      database: 'ucce_sideA',
      encrypt: true,
      trustServerCertificate: false,
      connectTimeoutMs: 15000,
      requestTimeoutMs: 0,
      appName: 'icmsync',
      poolSize: 4,
    });
    expect(Object.isFrozen(config.sides.a)).toBe(true);
  });

  it('lets later layers win, and a side beat both within a layer', () => {
    const file: ConfigLayer = { source: 'file', both: { port: 1500 }, a: { port: 1600 } };
    const env: ConfigLayer = { source: 'env', both: { port: 1700 } };
    const flags: ConfigLayer = { source: 'flags', b: { port: 1800 } };
    const config = resolveConfig([minimal, file, env, flags], noPassword);
    expect(config.sides.a.port).toBe(1700);
    expect(config.sides.b.port).toBe(1800);
  });

  it('hands each side the password its source gives, by side and login', async () => {
    const seen: string[] = [];
    const config = resolveConfig([minimal], (side, who) => {
      seen.push(`${side} ${who}`);
      return Secret.of(side);
    });
    expect(seen).toEqual(['A icmsync@loggera,1433', 'B icmsync@loggerb,1433']);
    await expect(config.sides.b.password?.reveal()).resolves.toBe('B');
  });

  it.each([
    [
      sides({ database: 'x', user: 'u' }, { server: 's', database: 'y', user: 'u' }),
      'A: no server configured (set a.server in icmsync.json, ICMSYNC_A_SERVER or --a-server; or try icmsync demo)',
    ],
    [
      sides({ server: 's', database: 'x', user: 'u' }, { server: 's', user: 'u' }),
      'B: no database configured',
    ],
    [
      sides({ server: 's', database: 'x' }, { server: 't', database: 'y', user: 'u' }),
      'A: no user configured',
    ],
    [
      sides(
        { server: 's', database: 'x', user: 'u', port: 1, instanceName: 'I' },
        { server: 't', database: 'y', user: 'u' },
      ),
      'A: give a port or an instanceName, not both',
    ],
    [
      sides(
        { server: 's', database: 'x', engine: 'postgres', domain: 'CORP' },
        { server: 't', database: 'y', engine: 'postgres' },
      ),
      'A: instanceName and domain are SQL Server settings',
    ],
    [
      sides(
        { server: 's', database: 'x', engine: 'postgres' },
        { server: 't', database: 'y', user: 'u' },
      ),
      'A uses postgres and B uses mssql: both sides must use the same engine',
    ],
    [
      sides(
        { server: 'S', database: 'Same', user: 'u' },
        { server: 's', database: 'same', user: 'u' },
      ),
      'A and B both point at database Same on S,1433',
    ],
  ])('rejects contradictions with one line naming the side and the fix (%#)', (layer, message) => {
    expect(() => resolveConfig([layer], noPassword)).toThrow(message);
  });

  it('allows a postgres side without a user (the driver uses the login name)', () => {
    const layer = sides({ server: 's', database: 'x' }, { server: 's', database: 'y' });
    expect(
      resolveConfig([{ source: 'e', both: { engine: 'postgres' } }, layer], noPassword).sides.a
        .user,
    ).toBeUndefined();
  });
});
