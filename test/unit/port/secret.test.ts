import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/port/secret.js';

describe('Secret', () => {
  it('never shows its value when printed, logged or serialised', async () => {
    const secret = Secret.of('hunter2!');
    const holder = { password: secret };
    for (const text of [
      String(secret),
      `${secret}`,
      JSON.stringify(holder),
      inspect(holder),
      inspect(secret),
    ]) {
      expect(text).not.toContain('hunter2');
      expect(text).toContain('[secret]');
    }
    expect(await secret.reveal()).toBe('hunter2!');
  });

  it('asks a lazy source once, on first use', async () => {
    let asked = 0;
    const secret = Secret.lazy(async () => {
      asked += 1;
      return 'typed';
    });
    expect(asked).toBe(0);
    expect(await secret.reveal()).toBe('typed');
    expect(await secret.reveal()).toBe('typed');
    expect(asked).toBe(1);
  });
});
