import type { Database, OpenOptions } from '../port/database.js';
import type { ConnectionSettings } from '../port/settings.js';
import { type Pair, pick, SIDES, type Side } from '../port/types.js';
import { loadEngine } from './engines.js';

/** Connects to both sides at once; if either fails, the other is closed and the first failure (A before B) thrown. */
export async function openPair(
  settings: Pair<ConnectionSettings>,
  options: OpenOptions = {},
): Promise<Pair<Database>> {
  const open = async (side: Side) => {
    const s = pick(settings, side);
    return (await loadEngine(s.engine)).open(side, s, options);
  };
  const [a, b] = await Promise.allSettled(SIDES.map(open));
  if (a?.status === 'fulfilled' && b?.status === 'fulfilled') return { a: a.value, b: b.value };
  await Promise.allSettled(
    [a, b].flatMap((r) => (r?.status === 'fulfilled' ? [r.value.close()] : [])),
  );
  throw a?.status === 'rejected'
    ? a.reason
    : b?.status === 'rejected'
      ? b.reason
      : new Error('unreachable');
}

/** Closes both sides, whatever happens to either. */
export async function closePair(pair: Pair<Database>): Promise<void> {
  await Promise.allSettled([pair.a.close(), pair.b.close()]);
}
