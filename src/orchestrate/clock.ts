import { resolveToday, setClockDate } from '../store/clock.ts';
import { getStoreKind } from '../store/meta.ts';
import type { App } from './app.ts';

/** The date "today" resolves to, where it comes from, and the store's kind. */
export async function showClock(app: App) {
  const today = await resolveToday(app.store, { configToday: app.config.today });
  return { ...today, store_kind: await getStoreKind(app.store) };
}

/** Moves a simulated store's clock (refused on a real store). */
export async function setClock(app: App, date: string) {
  await setClockDate(app.store, date);
  return { date };
}
