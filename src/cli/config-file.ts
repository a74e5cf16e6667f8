import { IcmsyncError } from '../port/errors.js';
import type { ConfigLayer } from './config.js';
import {
  parseField,
  parseParallel,
  parseProfile,
  SIDE_FIELDS,
  type SideField,
  type SideValues,
} from './config-fields.js';
import { closest, settingMeant, settingNamed } from './did-you-mean.js';
import { findJsonSyntaxError } from './json-syntax.js';

const configError = (message: string) => new IcmsyncError(message, 'CONFIG');

function parseSideObject(source: string, path: string, value: unknown): SideValues {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError(`${source}: ${path} must be an object of connection settings (fix the file)`);
  }
  const out: SideValues = {};
  for (const [key, raw] of Object.entries(value)) {
    if (key === 'password') {
      throw configError(
        `${source}: ${path}.password is not allowed: passwords come only from ICMSYNC_${path === 'both' ? '' : `${path.toUpperCase()}_`}PASSWORD or a prompt (remove it from the file)`,
      );
    }
    if (!(key in SIDE_FIELDS)) {
      const hint = settingMeant(key);
      throw configError(
        `${source}: unknown key "${path}.${key}"${hint ? ` (did you mean "${hint}"?)` : ' (remove it)'}`,
      );
    }
    const field = key as SideField;
    try {
      (out as Record<string, unknown>)[field] = parseField(field, raw);
    } catch (error) {
      throw configError(`${source}: ${path}.${field} ${(error as Error).message} (fix the file)`);
    }
  }
  return out;
}

const TOP_KEYS = ['$schema', 'profile', 'parallel', 'both', 'a', 'b'] as const;

/** Why a top-level key is wrong, and what to do: most often a connection setting left outside `both`. */
function unknownTopKey(source: string, key: string): IcmsyncError {
  if (key.toLowerCase() === 'password') {
    return configError(
      `${source}: a password is not allowed in the file: passwords come only from ICMSYNC_PASSWORD (or ICMSYNC_A_PASSWORD, ICMSYNC_B_PASSWORD) or a prompt (remove it from the file)`,
    );
  }
  if (key in SIDE_FIELDS) {
    return configError(
      `${source}: "${key}" is a connection setting: move it under "both" (or under "a" or "b" for one side)`,
    );
  }
  const named = settingNamed(key);
  const top = named ? undefined : closest(key, TOP_KEYS);
  if (top) return configError(`${source}: unknown key "${key}" (did you mean "${top}"?)`);
  const setting = named ?? settingMeant(key);
  if (setting) {
    return configError(
      `${source}: unknown key "${key}" (did you mean "${setting}"? connection settings go under "both", "a" or "b": move it under "both" as "${setting}")`,
    );
  }
  return configError(`${source}: unknown key "${key}" (remove it)`);
}

/** Parses JSON text, or says where it breaks by line and column. */
function parseJson(source: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message gives a position only for some errors, and its wording changes between Node
    // versions: the scanner finds the same first error and words it the same way everywhere.
    const found = findJsonSyntaxError(text);
    const where = found
      ? `line ${found.line}, column ${found.column}: ${found.problem}`
      : (error as Error).message;
    throw configError(`${source}: not valid JSON: ${where} (fix the file)`);
  }
}

/** Parses the text of an `icmsync.json`; unknown keys and wrong types are errors. */
export function parseConfigFile(source: string, text: string): ConfigLayer {
  // Notepad saves UTF-8 with a byte-order mark, which JSON.parse rejects.
  const json = parseJson(source, text.replace(/^\uFEFF/, ''));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw configError(`${source}: must hold a JSON object with "a" and "b" (fix the file)`);
  }
  const file = json as Record<string, unknown>;
  for (const key of Object.keys(file)) {
    if (!(TOP_KEYS as readonly string[]).includes(key)) throw unknownTopKey(source, key);
  }
  const setting = <T>(key: string, parse: (raw: unknown) => T): T | undefined => {
    if (file[key] === undefined) return undefined;
    try {
      return parse(file[key]);
    } catch (error) {
      throw configError(`${source}: ${key} ${(error as Error).message} (fix the file)`);
    }
  };
  const profile = setting('profile', parseProfile);
  const parallel = setting('parallel', parseParallel);
  return {
    source,
    ...(file.both !== undefined ? { both: parseSideObject(source, 'both', file.both) } : {}),
    ...(file.a !== undefined ? { a: parseSideObject(source, 'a', file.a) } : {}),
    ...(file.b !== undefined ? { b: parseSideObject(source, 'b', file.b) } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(parallel !== undefined ? { parallel } : {}),
  };
}
