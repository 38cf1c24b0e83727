import { clearManualHalt, getManualHalt, loadHalt, NOT_HALTED, setManualHalt } from '../bestbets/index.ts';
import { resolveToday } from '../store/clock.ts';
import type { App } from './app.ts';
import { UsageError } from './app.ts';

/** `courtedge halt set` / POST /api/admin/halt: publication halted with a reason readers see. */
export async function setHalt(app: App, req: { reason: string; by: string }) {
  if (!req.reason.trim()) throw new UsageError('a halt needs a reason (it is published as entered)');
  return setManualHalt(app.store, req.reason, req.by, new Date());
}

/** `courtedge halt clear` / DELETE /api/admin/halt. */
export async function clearHalt(app: App, req: { by: string }) {
  const cleared = await clearManualHalt(app.store, req.by, new Date());
  return { cleared, halt: NOT_HALTED };
}

/** The halt in force for a date (manual, off_season, fleet_blocked) and the manual halt. */
export async function showHalt(app: App, req: { date?: string }) {
  const date = req.date ?? (await resolveToday(app.store, { configToday: app.config.today })).date;
  const halt = await loadHalt(app.store, date, app.config.bestbets.offSeasonDays);
  const manual = await getManualHalt(app.store);
  return { date, halt, manual };
}
