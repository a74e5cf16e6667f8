import { describe, expect, it } from 'vitest';
import { silenceDriverDeprecations } from '../../../src/cli/warnings.js';

describe('silenceDriverDeprecations', () => {
  it('drops DEP0123 and the NO_COLOR-beside-FORCE_COLOR note, and passes every other warning on', () => {
    const seen: unknown[][] = [];
    const target = {
      emitWarning: ((...args: unknown[]) => {
        seen.push(args);
      }) as NodeJS.Process['emitWarning'],
    };
    silenceDriverDeprecations(target);
    // As node:tls emits it when tedious sets the TLS server name to an IP address.
    target.emitWarning(
      'Setting the TLS ServerName to an IP address is not permitted by RFC 6066.',
      'DeprecationWarning',
      'DEP0123',
    );
    target.emitWarning('the same', { type: 'DeprecationWarning', code: 'DEP0123' });
    // As node:internal/tty emits it when NO_COLOR and FORCE_COLOR are both set.
    target.emitWarning(
      "The 'NO_COLOR' env is ignored due to the 'FORCE_COLOR' env being set.",
      'Warning',
    );
    target.emitWarning(
      new Error(
        "The 'NODE_DISABLE_COLORS' and 'NO_COLOR' env is ignored due to the 'FORCE_COLOR' env being set.",
      ),
    );
    target.emitWarning('Buffer() is deprecated', 'DeprecationWarning', 'DEP0005');
    target.emitWarning('plain warning');
    expect(seen).toEqual([
      ['Buffer() is deprecated', 'DeprecationWarning', 'DEP0005'],
      ['plain warning'],
    ]);
  });
});
