import { resolveToday } from '../orchestrate/clock.ts';
import { getMeta } from '../store/meta.ts';
import type { Queryable } from '../store/store.ts';

/**
 * "Today" and "now" for a batch. Today is the one resolver of 00-decisions. When today is
 * not the real date (COURTEDGE_TODAY or a simulated store's clock), the batch runs as of
 * that day's `clock_time` (store_meta, 'HH:MM' UTC) or 17:00Z, the simulator's morning-lines
 * horizon: a live batch then sees that day's lines and reports, never the real wall clock
 * of another year.
 */
export async function batchClock(
  store: Queryable,
  configToday?: string,
  real: Date = new Date(),
): Promise<{ today: string; now: () => Date; source: string }> {
  const t = await resolveToday(store, { configToday, now: real });
  if (t.source === 'real') return { today: t.date, now: () => new Date(), source: t.source };
  const hhmm = (t.source === 'clock' ? await getMeta(store, 'clock_time') : null) ?? '17:00';
  const fixed = Date.parse(`${t.date}T${hhmm}:00.000Z`);
  const startedAt = Date.now();
  // The simulated clock advances with the real one from there, so timings still read true.
  return { today: t.date, now: () => new Date(fixed + (Date.now() - startedAt)), source: t.source };
}
