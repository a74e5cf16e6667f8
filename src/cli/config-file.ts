import { IcmsyncError } from '../port/errors.js';
import type { ConfigLayer } from './config.js';
import {
  parseField,
  parseParallel,
  parseProfile,
  SIDE_FIELD_NAMES,
  SIDE_FIELDS,
  type SideField,
  type SideValues,
} from './config-fields.js';

const configError = (message: string) => new IcmsyncError(message, 'CONFIG');

/** Edit distance between two words, for "did you mean" hints. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate a typo most likely meant, if any is close enough. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const scored = candidates.map((c) => ({ c, d: distance(lower, c.toLowerCase()) }));
  const best = scored.sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(1, Math.floor(word.length / 3)) ? best.c : undefined;
}

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
      const hint = closest(key, SIDE_FIELD_NAMES);
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

/** Parses the text of an `icmsync.json`; unknown keys and wrong types are errors. */
export function parseConfigFile(source: string, text: string): ConfigLayer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw configError(`${source}: not valid JSON: ${(error as Error).message} (fix the file)`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw configError(`${source}: must hold a JSON object with "a" and "b" (fix the file)`);
  }
  const file = json as Record<string, unknown>;
  for (const key of Object.keys(file)) {
    if (!(TOP_KEYS as readonly string[]).includes(key)) {
      const hint = closest(key, TOP_KEYS);
      throw configError(
        `${source}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ' (remove it)'}`,
      );
    }
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
