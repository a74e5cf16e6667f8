import { inspect } from 'node:util';

const REDACTED = '[secret]';

/**
 * A password that never shows itself: printing, logging or serialising it yields `[secret]`.
 * It may be lazy (a prompt), so only the engines that need it ask for it.
 */
export class Secret {
  readonly #source: () => Promise<string>;
  #value: Promise<string> | undefined;

  private constructor(source: () => Promise<string>) {
    this.#source = source;
  }

  /** A secret known now (from an environment variable). */
  static of(value: string): Secret {
    return new Secret(() => Promise.resolve(value));
  }

  /** A secret asked for on first use, once (an interactive prompt). */
  static lazy(source: () => Promise<string>): Secret {
    return new Secret(source);
  }

  /** The password itself; only adapters call this, right before handing it to a driver. */
  reveal(): Promise<string> {
    this.#value ??= this.#source();
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
