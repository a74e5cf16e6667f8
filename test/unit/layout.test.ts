import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every module of src/, as a path relative to src/, with what it imports. */
function modules(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)]
          .concat([...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)])
          .map((m) => m[1] as string)
          .map((s) =>
            s.startsWith('.')
              ? relative(SRC, resolve(dirname(path), s)).replace(/\.js$/, '.ts')
              : s,
          );
        found.set(relative(SRC, path), specifiers);
      }
    }
  };
  walk(SRC);
  return found;
}

const graph = modules();
const folder = (module: string) => module.split('/').slice(0, -1).join('/');
const importsOf = (predicate: (module: string) => boolean) =>
  [...graph].filter(([module]) => predicate(module));

describe('the layout', () => {
  it('finds the modules it guards', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('status/status.ts')).toContain('port/types.ts');
  });

  it('keeps the port and the engine free of adapters and of the CLI', () => {
    const engine = /^(port|status|pair|icm|lab|diff|sync|doctor)\//;
    const offending = importsOf((m) => engine.test(m)).flatMap(([module, specifiers]) =>
      specifiers.filter((s) => /^(db|cli)\//.test(s)).map((s) => `${module} → ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps adapters free of the CLI, and each driver inside its own adapter', () => {
    const drivers: Record<string, RegExp> = {
      'db/mssql': /^(mssql|tedious)$/,
      'db/postgres': /^(pg|pg-copy-streams|@electric-sql\/.*)$/,
    };
    const offending = [...graph].flatMap(([module, specifiers]) =>
      specifiers
        .filter(
          (s) =>
            Object.entries(drivers).some(
              ([home, driver]) => driver.test(s) && !folder(module).startsWith(home),
            ) ||
            (module.startsWith('db/') && s.startsWith('cli/')),
        )
        .map((s) => `${module} → ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (module: string, path: string[]) => {
      if (state.get(module) === 'done') return;
      if (state.get(module) === 'open') {
        cycles.push([...path.slice(path.indexOf(module)), module].join(' → '));
        return;
      }
      state.set(module, 'open');
      for (const next of graph.get(module) ?? [])
        if (graph.has(next)) visit(next, [...path, module]);
      state.set(module, 'done');
    };
    for (const module of graph.keys()) visit(module, []);
    expect(cycles).toEqual([]);
  });
});
