import { describe, expect, it } from 'vitest';
import { knownVariables, resolveConfig, unknownVariables } from '../../../src/cli/config.js';
import { parseConfigFile } from '../../../src/cli/config-file.js';
import { settingMeant } from '../../../src/cli/did-you-mean.js';

const messageOf = (text: string) => {
  try {
    parseConfigFile('icmsync.json', text);
  } catch (error) {
    expect(error).toMatchObject({ code: 'CONFIG' });
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error(`parsed: ${text}`);
};

describe('icmsync.json messages', () => {
  it.each([
    [
      '{"engine": "postgres"}',
      'icmsync.json: "engine" is a connection setting: move it under "both" (or under "a" or "b" for one side)',
    ],
    [
      '{"server": "lgra"}',
      'icmsync.json: "server" is a connection setting: move it under "both" (or under "a" or "b" for one side)',
    ],
    [
      '{"host": "lgra"}',
      'icmsync.json: unknown key "host" (did you mean "server"? connection settings go under "both", "a" or "b": move it under "both" as "server")',
    ],
    ['{"bothh": {}}', 'icmsync.json: unknown key "bothh" (did you mean "both"?)'],
    ['{"profil": "icm"}', 'icmsync.json: unknown key "profil" (did you mean "profile"?)'],
    ['{"sides": {}}', 'icmsync.json: unknown key "sides" (remove it)'],
    [
      '{"password": "x"}',
      'icmsync.json: a password is not allowed in the file: passwords come only from ICMSYNC_PASSWORD (or ICMSYNC_A_PASSWORD, ICMSYNC_B_PASSWORD) or a prompt (remove it from the file)',
    ],
    ['{"both": {"host": "x"}}', 'icmsync.json: unknown key "both.host" (did you mean "server"?)'],
    ['{"a": {"db": "x"}}', 'icmsync.json: unknown key "a.db" (did you mean "database"?)'],
    ['{"b": {"username": "x"}}', 'icmsync.json: unknown key "b.username" (did you mean "user"?)'],
    ['{"both": {"login": "x"}}', 'icmsync.json: unknown key "both.login" (did you mean "user"?)'],
    ['{"both": {"ssl": true}}', 'icmsync.json: unknown key "both.ssl" (did you mean "encrypt"?)'],
    ['{"both": {"tls": true}}', 'icmsync.json: unknown key "both.tls" (did you mean "encrypt"?)'],
    [
      '{"both": {"instance": "x"}}',
      'icmsync.json: unknown key "both.instance" (did you mean "instanceName"?)',
    ],
    [
      '{"both": {"Server": "x"}}',
      'icmsync.json: unknown key "both.Server" (did you mean "server"?)',
    ],
    [
      '{\n  "both": {\n    "server": "x",\n  }\n}',
      'icmsync.json: not valid JSON: line 4, column 3: a comma before } (remove the last comma) (fix the file)',
    ],
  ])('%s', (text, message) => {
    expect(messageOf(text)).toBe(message);
  });

  it('reads a file saved with a UTF-8 byte-order mark (Notepad)', () => {
    expect(parseConfigFile('icmsync.json', '\uFEFF{"profile": "generic"}')).toMatchObject({
      profile: 'generic',
    });
  });
});

describe('settingMeant', () => {
  it('maps other tools’ names and near spellings to a setting', () => {
    expect(
      [
        'host',
        'HOSTNAME',
        'db',
        'dbname',
        'username',
        'login',
        'ssl',
        'TLS',
        'sever',
        'databse',
        'pool_size',
        'xyz',
      ].map(settingMeant),
    ).toEqual([
      'server',
      'server',
      'database',
      'database',
      'user',
      'user',
      'encrypt',
      'encrypt',
      'server',
      'database',
      'poolSize',
      undefined,
    ]);
  });
});

describe('unknownVariables', () => {
  it('knows every variable icmsync reads', () => {
    const env = Object.fromEntries([...knownVariables()].map((name) => [name, 'x']));
    expect(unknownVariables(env)).toEqual([]);
    expect(knownVariables()).toContain('ICMSYNC_B_TRUST_SERVER_CERTIFICATE');
    expect(knownVariables()).toContain('ICMSYNC_A_PASSWORD');
  });

  it('warns once per unknown variable, with the one it most likely meant', () => {
    expect(
      unknownVariables({
        ICMSYNC_SEVER: 'x',
        ICMSYNC_A_HOST: 'x',
        ICMSYNC_B_DB: 'x',
        ICMSYNC_PASWORD: 'x',
        ICMSYNC_CONFG: 'x',
        ICMSYNC_FOO: '',
        ICMSYNC_TEST_PG_HOST: 'the test suites’ own',
        ICMSYNC_SERVER: 'known',
        PATH: '/bin',
      }),
    ).toEqual([
      'ICMSYNC_A_HOST is not a variable icmsync reads, so it is ignored (did you mean ICMSYNC_A_SERVER?)',
      'ICMSYNC_B_DB is not a variable icmsync reads, so it is ignored (did you mean ICMSYNC_B_DATABASE?)',
      'ICMSYNC_CONFG is not a variable icmsync reads, so it is ignored (did you mean ICMSYNC_CONFIG?)',
      'ICMSYNC_FOO is not a variable icmsync reads, so it is ignored (the variables are listed under Environment in --help)',
      'ICMSYNC_PASWORD is not a variable icmsync reads, so it is ignored (did you mean ICMSYNC_PASSWORD?)',
      'ICMSYNC_SEVER is not a variable icmsync reads, so it is ignored (did you mean ICMSYNC_SERVER?)',
    ]);
  });
});

describe('missing settings', () => {
  it('says no icmsync.json was found in the working directory, when none was', () => {
    const layer = { source: 'flags', b: { server: 'b', database: 'x', user: 'u' } };
    expect(() => resolveConfig([layer], () => undefined, { noFileIn: '/srv/runbook' })).toThrow(
      'A: no server configured (no icmsync.json in /srv/runbook; set a.server in icmsync.json, ICMSYNC_A_SERVER or --a-server; or try icmsync demo)',
    );
    expect(() => resolveConfig([layer], () => undefined)).toThrow(
      'A: no server configured (set a.server in icmsync.json, ICMSYNC_A_SERVER or --a-server; or try icmsync demo)',
    );
  });
});
