import { isIsoDate, todayEt } from '../domain/dates.ts';
import { getMeta, getStoreKind, setMeta } from './meta.ts';
import type { Queryable } from './store.ts';

export type TodaySource = 'option' | 'config' | 'clock' | 'real';

/**
 * The one "today" every date-relative rule uses (00-decisions "Clock"): the command's
 * --date, then COURTEDGE_TODAY (config `today`), then a simulated store's clock_date, then
 * the real date in America/New_York.
 */
export async function resolveToday(
  store: Queryable | null,
  opts: { date?: string; configToday?: string; now?: Date } = {},
): Promise<{ date: string; source: TodaySource }> {
  if (opts.date) return { date: opts.date, source: 'option' };
  if (opts.configToday) return { date: opts.configToday, source: 'config' };
  if (store && (await getStoreKind(store)) === 'simulated') {
    const clock = await getMeta(store, 'clock_date');
    if (clock) return { date: clock, source: 'clock' };
  }
  return { date: todayEt(opts.now), source: 'real' };
}

export async function setClockDate(store: Queryable, date: string): Promise<void> {
  if (!isIsoDate(date)) throw new Error(`not a date (YYYY-MM-DD): ${date}`);
  if ((await getStoreKind(store)) !== 'simulated') {
    throw new Error('the clock can only be set on a simulated store (run `courtedge simulate` first)');
  }
  await setMeta(store, 'clock_date', date);
}

export interface Clock {
  today: string;
  source: TodaySource;
  /** The run time: the real clock, or the simulated day's clock time advancing with it. */
  now: () => Date;
}

/**
 * "Today" and "now" for a run. When today is not the real date (COURTEDGE_TODAY or a
 * simulated store's clock), the run is as of that day's `clock_time` (store_meta, 'HH:MM'
 * UTC) or 17:00Z, the simulator's morning-lines horizon: a simulated league must never be
 * priced at the wall clock of another year (every snapshot would be "in the future"). The
 * simulated clock then advances with the real one, so timings still read true.
 */
export async function resolveClock(
  store: Queryable,
  opts: { date?: string; configToday?: string; real?: Date } = {},
): Promise<Clock> {
  const real = opts.real ?? new Date();
  const t = await resolveToday(store, { configToday: opts.configToday, now: real });
  if (t.source === 'real') return { today: t.date, source: t.source, now: () => new Date() };
  const hhmm = (t.source === 'clock' ? await getMeta(store, 'clock_time') : null) ?? '17:00';
  const fixed = Date.parse(`${t.date}T${hhmm}:00.000Z`);
  const startedAt = Date.now();
  return { today: t.date, source: t.source, now: () => new Date(fixed + (Date.now() - startedAt)) };
}
