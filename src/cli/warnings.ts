/**
 * Node warns (DEP0123) on every TLS connection to a server given by IP address, because tedious sets
 * the TLS server name to it and offers no way not to; a runbook's logs should not carry it.
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
    (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
