/** Where a JSON text first breaks the grammar, and how, in words for someone editing it by hand. */
export interface JsonSyntaxError {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in characters. */
  readonly column: number;
  readonly problem: string;
}

class Found extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** A character as a message shows it. */
const shown = (c: string) =>
  c === '\n' || c === '\r' ? 'a line break' : c < ' ' ? 'a control character' : `'${c}'`;

/**
 * Scans `text` by RFC 8259 and returns its first syntax error, or null when it is valid JSON. It
 * exists for the error message only: JSON.parse does the parsing.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (problem: string, at = i): never => {
    throw new Found(at, problem);
  };
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
  };
  const peek = () => text[i];
  const unexpected = (expected: string, hint = ''): never => {
    const c = peek();
    if (c === undefined) fail(`the text ends where ${expected} should be (a missing } or ]?)`);
    if (c === '/') fail('comments are not allowed in JSON (remove them)');
    if (c === "'") fail('text needs double quotes, not single quotes');
    return fail(`expected ${expected}, found ${shown(c as string)}${hint}`);
  };

  const string = () => {
    i++; // the opening quote
    for (;;) {
      const c = peek();
      if (c === undefined) fail('the text ends inside a string (a missing closing quote?)');
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            fail('\\u must be followed by four hex digits');
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) {
          i += 2;
        } else {
          fail(
            `invalid escape \\${e ?? ''} in a string (write a backslash as \\\\, e.g. "DOMAIN\\\\user")`,
          );
        }
        continue;
      }
      if ((c as string) < ' ')
        fail(
          c === '\n'
            ? 'a line break inside a string (a missing closing quote?)'
            : 'a control character inside a string',
        );
      i++;
    }
  };

  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else unexpected('a value');
  };

  const value = (): void => {
    skip();
    const c = peek();
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.exec(text)) fail('an invalid number');
      i = NUMBER.lastIndex;
    } else unexpected('a value');
  };

  const object = () => {
    i++;
    skip();
    if (peek() === '}') {
      i++;
      return;
    }
    for (;;) {
      skip();
      if (peek() === '}') fail('a comma before } (remove the last comma)');
      if (peek() !== '"') unexpected('a key in double quotes');
      string();
      skip();
      if (peek() !== ':') unexpected(': after the key');
      i++;
      value();
      skip();
      if (peek() === ',') {
        i++;
        continue;
      }
      if (peek() === '}') {
        i++;
        return;
      }
      unexpected(', or } after a value', ' (a missing comma?)');
    }
  };

  const array = () => {
    i++;
    skip();
    if (peek() === ']') {
      i++;
      return;
    }
    for (;;) {
      skip();
      if (peek() === ']') fail('a comma before ] (remove the last comma)');
      value();
      skip();
      if (peek() === ',') {
        i++;
        continue;
      }
      if (peek() === ']') {
        i++;
        return;
      }
      unexpected(', or ] after a value', ' (a missing comma?)');
    }
  };

  try {
    if (text.trim() === '') fail('the file is empty (it needs a JSON object)');
    value();
    skip();
    if (i < text.length) fail(`unexpected ${shown(text[i] as string)} after the end of the JSON`);
    return null;
  } catch (error) {
    // Nesting deep enough to exhaust the stack: no position to give, the caller words it.
    if (!(error instanceof Found)) return null;
    const before = text.slice(0, error.offset);
    const lineStart = before.lastIndexOf('\n') + 1;
    return {
      line: before.split('\n').length,
      column: error.offset - lineStart + 1,
      problem: error.problem,
    };
  }
}
