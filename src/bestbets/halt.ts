import { timeId } from '../domain/ids.ts';
import type { Queryable } from '../store/store.ts';
import type { Halt } from './types.ts';

/**
 * Halt state (spec 05 §2, 08 "Halt state"). A manual halt lives in `halt_state` until cleared;
 * off_season and fleet_blocked are derived for each date from the schedule and model health.
 */

export const NOT_HALTED: Halt = { active: false, state: null, reason: null, since: null };

export interface ManualHalt {
  halt_id: string;
  reason: string;
  since: string;
  set_by: string;
}

export async function getManualHalt(store: Queryable): Promise<ManualHalt | null> {
  const rows = await store.query<ManualHalt>(
    `SELECT halt_id, reason, since, set_by FROM halt_state WHERE cleared_at IS NULL ORDER BY since DESC, halt_id DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** Sets a manual halt (replacing an active one, whose row is closed). Returns the Halt object. */
export async function setManualHalt(
  store: Queryable,
  reason: string,
  setBy: string,
  now: Date,
): Promise<Halt> {
  if (!reason.trim()) throw new Error('a halt needs a reason (it is published as entered)');
  const at = now.toISOString();
  await store.run(
    `UPDATE halt_state SET cleared_at = $1::TIMESTAMPTZ, cleared_by = $2 WHERE cleared_at IS NULL`,
    [at, setBy],
  );
  await store.run(
    `INSERT INTO halt_state (halt_id, state, reason, since, set_by) VALUES ($1, 'manual', $2, $3::TIMESTAMPTZ, $4)`,
    [timeId('halt'), reason.trim(), at, setBy],
  );
  return { active: true, state: 'manual', reason: reason.trim(), since: at };
}

/** Clears the manual halt; returns whether one was active. */
export async function clearManualHalt(store: Queryable, clearedBy: string, now: Date): Promise<boolean> {
  const active = await getManualHalt(store);
  if (!active) return false;
  await store.run(
    `UPDATE halt_state SET cleared_at = $1::TIMESTAMPTZ, cleared_by = $2 WHERE cleared_at IS NULL`,
    [now.toISOString(), clearedBy],
  );
  return true;
}

export interface FleetModel {
  system_id: string;
  family: string;
  /** State on the model's latest model_performance_daily row dated < D; null when none. */
  state: string | null;
  hr_7d: number | null;
  n_7d: number | null;
}

/**
 * fleet_blocked reason, or null: every family with ≥ 1 enabled model has all its enabled
 * models BLOCKED (INSUFFICIENT_DATA or no row is not BLOCKED). Per family the best enabled
 * model's 7-day figure is quoted.
 */
export function fleetBlockedReason(enabled: FleetModel[]): string | null {
  if (!enabled.length) return null;
  const fams = new Map<string, FleetModel[]>();
  for (const m of enabled) fams.set(m.family, [...(fams.get(m.family) ?? []), m]);
  const parts: string[] = [];
  for (const [fam, ms] of [...fams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!ms.every((m) => m.state === 'BLOCKED')) return null;
    const best = ms.reduce((a, b) => ((b.hr_7d ?? -1) > (a.hr_7d ?? -1) ? b : a));
    parts.push(`${fam} ${best.hr_7d === null ? '-' : best.hr_7d.toFixed(1)}% (N ${best.n_7d ?? 0})`);
  }
  return `all families BLOCKED: ${parts.join('; ')}`;
}

/**
 * The halt in force for D, first that holds: manual (set on or before D's end and not
 * cleared; a backfill of dates before the halt is not halted), off_season, fleet_blocked.
 */
export function resolveHalt(opts: {
  date: string;
  manual: ManualHalt | null;
  manualSetOnDate: string | null;
  gamesNearDate: number;
  offSeasonDays: number;
  fleetReason: string | null;
  dayStart: string;
}): Halt {
  if (opts.manual && opts.manualSetOnDate !== null && opts.manualSetOnDate <= opts.date) {
    return { active: true, state: 'manual', reason: opts.manual.reason, since: opts.manual.since };
  }
  if (opts.gamesNearDate === 0) {
    return {
      active: true,
      state: 'off_season',
      reason: 'off season: no games scheduled',
      since: opts.dayStart,
    };
  }
  if (opts.fleetReason)
    return { active: true, state: 'fleet_blocked', reason: opts.fleetReason, since: opts.dayStart };
  return NOT_HALTED;
}
