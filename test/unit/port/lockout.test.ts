import { describe, expect, it } from 'vitest';
import {
  isLockoutTrigger,
  LOCKOUT_TRIGGER_PREFIX,
  lockoutMessage,
} from '../../../src/port/lockout.js';

describe('isLockoutTrigger', () => {
  it('knows a lockout trigger by its prefix, in any case', () => {
    expect(LOCKOUT_TRIGGER_PREFIX).toBe('icmsync_lockout');
    expect(isLockoutTrigger('icmsync_lockout')).toBe(true);
    expect(isLockoutTrigger('icmsync_lockout_Agent')).toBe(true);
    expect(isLockoutTrigger('ICMSYNC_LOCKOUT_Agent')).toBe(true);
  });

  it('leaves every other trigger alone', () => {
    expect(isLockoutTrigger('Agent_trg')).toBe(false);
    expect(isLockoutTrigger('my_icmsync_lockout')).toBe(false);
    expect(isLockoutTrigger('icmsync_lock')).toBe(false);
    expect(isLockoutTrigger('')).toBe(false);
  });
});

describe('lockoutMessage', () => {
  it('names the table and the command that holds the lockout', () => {
    expect(lockoutMessage('dbo.Agent')).toBe(
      'icmsync sync in progress: writes to dbo.Agent are locked out until it ends (icmsync sync --lockout)',
    );
  });
});
