import { describe, expect, it } from 'vitest';
import { connectError, queryError } from '../../../../src/db/mssql/errors.js';
import { IcmsyncError } from '../../../../src/port/errors.js';
import { testSettings } from '../../../support/settings.js';

const settings = testSettings({ server: 'loggerb', database: 'ucce_sideB' });

/** An error as a driver builds it: a message, a name, a code and whatever it wraps. */
function driverError(message: string, fields: Record<string, unknown>): Error {
  const { cause, ...rest } = fields;
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), rest);
}

/** mssql's ConnectionError around tedious's, as `new ConnectionError(tediousError)` makes it. */
function wrapped(tedious: Error): Error {
  return driverError(tedious.message, {
    name: 'ConnectionError',
    code: (tedious as { code?: string }).code,
    originalError: tedious,
  });
}

function socketError(code: string, message: string): Error {
  return driverError(message, { code });
}

describe('connectError', () => {
  it('reports a refused login by its server error number, whatever the language', () => {
    const error = wrapped(
      driverError('Anmeldung fehlgeschlagen', { name: 'ConnectionError', code: 'ELOGIN' }),
    );
    const result = connectError('B', settings, error, [18456]);
    expect(result.code).toBe('AUTH');
    expect(result.message).toBe(
      'B: login failed for icmsync on loggerb,1433 (check the user, and ICMSYNC_B_PASSWORD)',
    );
  });

  it('reports error 4060 as a missing database, though 18456 follows it', () => {
    const error = wrapped(
      driverError("Login failed for user 'icmsync'.", { name: 'ConnectionError', code: 'ELOGIN' }),
    );
    const result = connectError('B', settings, error, [4060, 18456]);
    expect(result.code).toBe('CONNECT');
    expect(result.message).toMatch(/^B: database ucce_sideB does not exist on loggerb,1433/);
  });

  it('falls back to the English message without a number', () => {
    const missing = wrapped(
      driverError('Cannot open database "ucce_sideB" requested by the login. The login failed.', {
        name: 'ConnectionError',
        code: 'ELOGIN',
      }),
    );
    expect(connectError('B', settings, missing).message).toMatch(/does not exist/);
    const refused = wrapped(
      driverError("Login failed for user 'icmsync'.", { name: 'ConnectionError', code: 'ELOGIN' }),
    );
    expect(connectError('B', settings, refused).code).toBe('AUTH');
  });

  it('finds the refused address inside the AggregateError tedious throws', () => {
    const aggregate = new AggregateError(
      [socketError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.2:1433')],
      'Could not connect (sequence)',
    );
    const tedious = driverError(
      'Failed to connect to loggerb:1433 - Could not connect (sequence)',
      {
        name: 'ConnectionError',
        code: 'ESOCKET',
        cause: aggregate,
      },
    );
    const result = connectError('B', settings, wrapped(tedious));
    expect(result.message).toBe(
      'B: cannot reach loggerb,1433: connection refused (check server, port and firewall)',
    );
  });

  it('reports an unknown host', () => {
    const tedious = driverError('Failed to connect to nohost:1433 - getaddrinfo ENOTFOUND nohost', {
      name: 'ConnectionError',
      code: 'ESOCKET',
      cause: socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND nohost'),
    });
    expect(connectError('B', settings, wrapped(tedious)).message).toMatch(/: host not found \(/);
  });

  it('reports the connect timeout', () => {
    const tedious = driverError('Failed to connect to loggerb:1433 in 15000ms', {
      name: 'ConnectionError',
      code: 'ETIMEOUT',
    });
    expect(connectError('B', settings, wrapped(tedious)).message).toBe(
      'B: no answer from loggerb,1433 within 15000 ms (check server and port, or raise connectTimeoutMs)',
    );
  });

  it('names the instance when SQL Browser does not know it', () => {
    const named = { ...settings, port: undefined, instanceName: 'LOGGERB' };
    const tedious = driverError('Port for LOGGERB not found in loggerb', {
      name: 'ConnectionError',
      code: 'EINSTLOOKUP',
    });
    expect(connectError('B', named, wrapped(tedious)).message).toBe(
      'B: cannot reach loggerb\\LOGGERB: instance LOGGERB not found (is SQL Browser running?) (check server, port and firewall)',
    );
  });

  it('reports an untrusted certificate as a TLS failure', () => {
    const tedious = driverError('Failed to connect to loggerb:1433 - self-signed certificate', {
      name: 'ConnectionError',
      code: 'ESOCKET',
      cause: socketError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
    });
    const result = connectError('B', settings, wrapped(tedious));
    expect(result.code).toBe('CONNECT');
    expect(result.message).toMatch(
      /^B: TLS to loggerb,1433 failed: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\) \(install/,
    );
  });

  it('reports a host name that does not match the certificate', () => {
    const tedious = driverError('Failed to connect', {
      name: 'ConnectionError',
      code: 'ESOCKET',
      cause: socketError(
        'ERR_TLS_CERT_ALTNAME_INVALID',
        "Hostname/IP does not match certificate's altnames",
      ),
    });
    expect(connectError('B', settings, wrapped(tedious)).message).toMatch(
      /TLS to loggerb,1433 failed: Hostname/,
    );
  });

  it('reports a server that requires encryption when encrypt is false', () => {
    const tedious = driverError(
      "Server requires encryption, set 'encrypt' config option to true.",
      {
        name: 'ConnectionError',
        code: 'EENCRYPT',
      },
    );
    expect(connectError('B', { ...settings, encrypt: false }, wrapped(tedious)).message).toBe(
      'B: loggerb,1433 requires TLS but encrypt is false for this side (set encrypt true)',
    );
  });

  it('reports invalid settings as configuration errors', () => {
    const result = connectError(
      'B',
      settings,
      new TypeError('The "config.options.port" property must be of type number.'),
    );
    expect(result.code).toBe('CONFIG');
  });

  it('does not wrap an icmsync error twice', () => {
    const error = new IcmsyncError('already explained', 'CONFIG', { side: 'B' });
    expect(connectError('B', settings, error)).toBe(error);
  });
});

describe('queryError', () => {
  it('marks a statement a foreign key refused (547), and not one a CHECK constraint refused', () => {
    const refused = (message: string) =>
      queryError(
        'B',
        settings,
        'deleting from dbo.Agent',
        driverError(message, { name: 'RequestError', code: 'EREQUEST', number: 547 }),
      );
    expect(
      refused(
        'The DELETE statement conflicted with the REFERENCE constraint "XFK1Skill_Group_Member".',
      ).foreignKey,
    ).toBe(true);
    expect(
      refused('The INSERT statement conflicted with the FOREIGN KEY constraint "XFK2Agent".')
        .foreignKey,
    ).toBe(true);
    expect(
      refused('The INSERT statement conflicted with the CHECK constraint "CK_Agent".').foreignKey,
    ).toBe(false);
  });

  it('names what failed, the first line of the server message and its number', () => {
    const error = driverError("Invalid object name 'dbo.Agent'.\nsecond line", {
      name: 'RequestError',
      code: 'EREQUEST',
      number: 208,
    });
    const result = queryError('A', settings, 'checksum of dbo.Agent', error);
    expect(result.code).toBe('QUERY');
    expect(result.side).toBe('A');
    expect(result.message).toBe(
      "A: checksum of dbo.Agent failed: Invalid object name 'dbo.Agent'. (error 208)",
    );
    expect(result.cause).toBe(error);
  });

  it('reports the first of several server errors, which names the cause', () => {
    const first = driverError("There is already an object named 'Agent' in the database.", {
      name: 'RequestError',
      number: 2714,
    });
    const last = driverError('Could not create constraint or index. See previous errors.', {
      name: 'RequestError',
      number: 1750,
      precedingErrors: [first],
    });
    expect(queryError('A', settings, 'script batch 6', last).message).toBe(
      "A: script batch 6 failed: There is already an object named 'Agent' in the database. (error 2714)",
    );
  });

  it('points at --request-timeout-ms when a statement times out', () => {
    const error = driverError('Timeout: Request failed to complete in 60000ms', {
      name: 'RequestError',
      code: 'ETIMEOUT',
      number: 'ETIMEOUT',
    });
    expect(
      queryError('A', { ...settings, requestTimeoutMs: 60000 }, 'reading dbo.Agent', error).message,
    ).toBe(
      'A: reading dbo.Agent failed: Timeout: Request failed to complete in 60000ms (raise --request-timeout-ms, now 60000 ms)',
    );
  });

  it('reports a connection lost mid-statement as a connection failure', () => {
    const tedious = driverError('Connection lost - read ECONNRESET', {
      name: 'ConnectionError',
      code: 'ESOCKET',
      cause: socketError('ECONNRESET', 'read ECONNRESET'),
    });
    const result = queryError('A', settings, 'reading dbo.Agent', wrapped(tedious));
    expect(result.message).toBe(
      'A: cannot reach loggerb,1433: connection reset (check server, port and firewall)',
    );
  });
});
