import type { GradingConfig } from '../config/groups/grading.ts';
import type { HealthState, ModelInfo, PerformanceRow } from './performance.ts';

/**
 * Decay detection (spec 06 §5): pure. Runs for the latest graded date only, over that date's
 * model_performance_daily rows and the registry.
 */

export type Severity = 'info' | 'warning' | 'critical';

export interface AlertDraft {
  date: string;
  kind:
    | 'model_state_change'
    | 'challenger'
    | 'model_auto_disabled'
    | 'market_crash'
    | 'fleet_blocked'
    | 'grading_gap'
    // Raised by the operations watchdog (the application layer) through writeAlerts.
    | 'run_stalled'
    // Raised by src/grading/probability-health.ts (probabilities issue).
    | 'probability_worse_than_market';
  severity: Severity;
  subject: string;
  message: string;
  payload: Record<string, unknown>;
}

const RANK: Record<HealthState, number> = {
  BLOCKED: 1,
  DEGRADING: 2,
  WATCH: 3,
  HEALTHY: 4,
  INSUFFICIENT_DATA: 5,
};

const pct = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)}%`);

export function stateChangeSeverity(from: HealthState, to: HealthState): Severity {
  if (to === 'BLOCKED') return 'critical';
  if ((to === 'WATCH' || to === 'DEGRADING') && RANK[to] < RANK[from]) return 'warning';
  return 'info';
}

export interface DecayInput {
  date: string;
  rows: readonly PerformanceRow[];
  models: readonly ModelInfo[];
  missingBox: ReadonlyArray<{ game_id: string; date: string; tip: string }>;
  now: Date;
}

export function detectAlerts(input: DecayInput, cfg: GradingConfig): AlertDraft[] {
  const h = cfg.health;
  const out: AlertDraft[] = [];
  const enabled = new Set(input.models.filter((m) => m.enabled).map((m) => m.system_id));
  const rows = input.rows.filter((r) => r.date === input.date);
  for (const r of rows) {
    if (!enabled.has(r.system_id) || !r.previous_state || r.previous_state === r.state) continue;
    out.push({
      date: input.date,
      kind: 'model_state_change',
      severity: stateChangeSeverity(r.previous_state, r.state),
      subject: r.system_id,
      message: `${r.system_id}: ${r.previous_state} → ${r.state} (7-day HR@3 ${pct(r.hr_7d)}, N ${r.n_7d})`,
      payload: { from: r.previous_state, to: r.state, hr_7d: r.hr_7d, n_7d: r.n_7d },
    });
  }
  const champion = input.models.find((m) => m.is_champion);
  const champRow = champion ? rows.find((r) => r.system_id === champion.system_id) : undefined;
  if (champion && champRow && champRow.hr_7d !== null) {
    for (const r of rows) {
      if (r.system_id === champion.system_id || !enabled.has(r.system_id) || r.hr_7d === null) continue;
      if (r.n_7d >= h.challenger.minN && r.hr_7d >= champRow.hr_7d + h.challenger.marginPp) {
        out.push({
          date: input.date,
          kind: 'challenger',
          severity: 'info',
          subject: r.system_id,
          message: `${r.system_id} leads champion ${champion.system_id}: 7-day HR@3 ${pct(r.hr_7d)} (N ${r.n_7d}) vs ${pct(champRow.hr_7d)} (N ${champRow.n_7d}); consider promoting it`,
          payload: {
            champion: champion.system_id,
            challenger_hr_7d: r.hr_7d,
            challenger_n_7d: r.n_7d,
            champion_hr_7d: champRow.hr_7d,
            champion_n_7d: champRow.n_7d,
          },
        });
      }
    }
  }
  const crashed = rows.filter(
    (r) => r.daily_n >= h.crash.minPicks && r.daily_hr !== null && r.daily_hr < h.crash.maxHr,
  );
  if (crashed.length >= h.crash.minModels) {
    out.push({
      date: input.date,
      kind: 'market_crash',
      severity: 'critical',
      subject: 'market',
      message: `${crashed.length} models below ${h.crash.maxHr}% on ${input.date}: the market moved against the whole fleet; pause a day rather than switching models`,
      payload: {
        models: crashed.map((r) => ({ system_id: r.system_id, daily_n: r.daily_n, daily_hr: r.daily_hr })),
      },
    });
  }
  const families = new Map<string, PerformanceRow[]>();
  for (const r of rows) {
    if (!enabled.has(r.system_id)) continue;
    const f = r.family ?? r.system_id;
    families.set(f, [...(families.get(f) ?? []), r]);
  }
  if (families.size && [...families.values()].every((rs) => rs.every((r) => r.state === 'BLOCKED'))) {
    const parts = [...families].map(([f, rs]) => `${f} ${pct(rs[0].hr_7d)} (N ${rs[0].n_7d})`);
    out.push({
      date: input.date,
      kind: 'fleet_blocked',
      severity: 'critical',
      subject: 'fleet',
      message: `all families BLOCKED: ${parts.join('; ')}; best bets will halt`,
      payload: { families: [...families.keys()] },
    });
  }
  for (const g of input.missingBox) {
    const hours = (input.now.getTime() - Date.parse(g.tip)) / 3_600_000;
    if (hours > cfg.gapAlertHours) {
      out.push({
        date: g.date,
        kind: 'grading_gap',
        severity: 'warning',
        subject: g.game_id,
        message: `game ${g.game_id} of ${g.date} is Final but has no box scores ${Math.floor(hours)} h after tip; its predictions wait ungraded`,
        payload: { tip: g.tip, hours: Math.round(hours * 10) / 10 },
      });
    }
  }
  return out;
}

export interface DisablePlan {
  system_id: string;
  reason: string;
  hr_7d: number | null;
  n_7d: number;
  days: number;
}

/**
 * Models BLOCKED for ≥ afterDays consecutive days, worst hr_7d first, disabled while at least
 * minEnabled models stay enabled; the champion is never disabled.
 */
export function planAutoDisable(
  rows: readonly PerformanceRow[],
  models: readonly ModelInfo[],
  minEnabled: number,
  cfg: GradingConfig['health']['autoDisable'],
): DisablePlan[] {
  if (!cfg.enabled) return [];
  const byId = new Map(models.map((m) => [m.system_id, m]));
  let enabledCount = models.filter((m) => m.enabled).length;
  const due = rows
    .filter((r) => {
      const m = byId.get(r.system_id);
      return (
        m?.enabled && !m.is_champion && r.state === 'BLOCKED' && r.consecutive_days_in_state >= cfg.afterDays
      );
    })
    .sort((a, b) => (a.hr_7d ?? 0) - (b.hr_7d ?? 0) || (a.system_id < b.system_id ? -1 : 1));
  const plan: DisablePlan[] = [];
  for (const r of due) {
    if (enabledCount - 1 < minEnabled) break;
    enabledCount--;
    plan.push({
      system_id: r.system_id,
      hr_7d: r.hr_7d,
      n_7d: r.n_7d,
      days: r.consecutive_days_in_state,
      reason: `auto_disable: BLOCKED ${r.hr_7d === null ? 'n/a' : r.hr_7d.toFixed(1)}% (N ${r.n_7d}) for ${r.consecutive_days_in_state} days`,
    });
  }
  return plan;
}

export function autoDisableAlert(date: string, p: DisablePlan): AlertDraft {
  return {
    date,
    kind: 'model_auto_disabled',
    severity: 'warning',
    subject: p.system_id,
    message: `${p.system_id} disabled: ${p.reason}`,
    payload: { reason: p.reason, hr_7d: p.hr_7d, n_7d: p.n_7d, days: p.days },
  };
}
