import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../../src/cli/json-syntax.js';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{ "a": { "server": "x", } }', 1, 25, 'a comma before } (remove the last comma)'],
    [
      '{\n  "both": {\n    "server": "x"\n    "user": "y"\n  }\n}',
      4,
      5,
      "expected , or } after a value, found '\"' (a missing comma?)",
    ],
    ['{\r\n  "a": x\r\n}', 2, 8, "expected a value, found 'x'"],
    ['{"a": 1', 1, 8, 'the text ends where , or } after a value should be (a missing } or ]?)'],
    ['', 1, 1, 'the file is empty (it needs a JSON object)'],
    ['{"a": 1}}', 1, 9, "unexpected '}' after the end of the JSON"],
    ["{'a': 1}", 1, 2, 'text needs double quotes, not single quotes'],
    ['{\n  // a comment\n}', 2, 3, 'comments are not allowed in JSON (remove them)'],
    [
      '{"user": "CORP\\icmsync"}',
      1,
      15,
      'invalid escape \\i in a string (write a backslash as \\\\, e.g. "DOMAIN\\\\user")',
    ],
    ['{"a": "line\nbreak"}', 1, 12, 'a line break inside a string (a missing closing quote?)'],
    ['[1, 2,]', 1, 7, 'a comma before ] (remove the last comma)'],
    ['{"port": 01}', 1, 11, "expected , or } after a value, found '1' (a missing comma?)"],
    ['{"a" 1}', 1, 6, "expected : after the key, found '1'"],
    ['{"a": tru}', 1, 7, "expected a value, found 't'"],
  ])('places %j at line %i, column %i', (text, line, column, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ line, column, problem });
  });

  it('finds nothing wrong in valid JSON', () => {
    for (const text of [
      '{}',
      '[]',
      '0',
      '-1.5e+3',
      '"\\u00e9\\n"',
      '{"a":[true,false,null,{"b":"c"}]}',
      ' \n{ "a" : 1 } \n',
    ])
      expect(findJsonSyntaxError(text), text).toBeNull();
  });

  it('agrees with JSON.parse on every cut and every one-character change of a config file', () => {
    const valid = JSON.stringify(
      {
        profile: 'icm',
        both: { engine: 'mssql', port: 1433, encrypt: true, x: null },
        a: { server: 'lgr\\a' },
      },
      null,
      2,
    );
    const variants = new Set<string>();
    for (let i = 0; i <= valid.length; i++) {
      variants.add(valid.slice(0, i));
      variants.add(valid.slice(0, i) + valid.slice(i + 1));
      for (const c of [',', '}', ']', '"', ':', '\\', '1', '-', '.', 'e', ' ', '\n', '\t'])
        variants.add(valid.slice(0, i) + c + valid.slice(i));
    }
    for (const text of variants) {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(findJsonSyntaxError(text) === null, text).toBe(parses);
    }
  });
});
