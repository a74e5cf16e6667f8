/**
 * Node's warning when NO_COLOR and FORCE_COLOR are both set and something loads its internal colour
 * support (the assert module does, on a terminal). It is about Node's own colours, not icmsync's,
 * which follow the README (NO_COLOR wins); it has no code, so it is matched by its words.
 */
const NODE_COLOR_PRECEDENCE = /^The '.+' env is ignored due to the 'FORCE_COLOR' env being set\.$/;

/**
 * Node warns (DEP0123) on every TLS connection to a server given by IP address, because tedious sets
 * the TLS server name to it and offers no way not to; a runbook's logs should not carry it, nor
 * Node's note on NO_COLOR beside FORCE_COLOR.
 */
export function silenceDriverDeprecations(
  target: Pick<NodeJS.Process, 'emitWarning'> = process,
): void {
  const emitWarning = target.emitWarning.bind(target);
  target.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0];
    const code =
      (typeof options === 'object' && options !== null && 'code' in options
        ? (options as { code?: string }).code
        : rest[1]) ?? (warning as { code?: string }).code;
    if (code === 'DEP0123') return;
    const message = typeof warning === 'string' ? warning : warning.message;
    if (NODE_COLOR_PRECEDENCE.test(message)) return;
    (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
