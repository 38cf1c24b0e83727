import { isIsoDate, todayEt } from '../domain/dates.ts';
import { getMeta, getStoreKind, setMeta } from '../store/meta.ts';
import type { Queryable } from '../store/store.ts';

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
