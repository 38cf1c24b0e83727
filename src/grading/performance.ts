import type { GradingConfig } from '../config/groups/grading.ts';
import { addDays, daysBetween } from '../domain/dates.ts';
import { betOf } from '../models/index.ts';
import { hitRate, mean, round, wilson } from './stats.ts';

/**
 * model_performance_daily (spec 06 §4.1) and the health state machine. HR@3 uses the one
 * hit-rate population of 00-decisions: graded predictions with a real line and an actual,
 * |edge| ≥ grading.health.minEdge, direction = sign(edge) whatever the stored recommendation,
 * pushes apart, HR = W/(W+L).
 */

export type HealthState = 'HEALTHY' | 'WATCH' | 'DEGRADING' | 'BLOCKED' | 'INSUFFICIENT_DATA';

export interface GradeForRollup {
  game_date: string;
  system_id: string;
  family: string | null;
  predicted: number;
  line: number | null;
  actual_points: number | null;
  abs_error: number | null;
  signed_error: number | null;
  line_abs_error: number | null;
}

export interface ModelInfo {
  system_id: string;
  family: string | null;
  enabled: boolean;
  is_champion: boolean;
  train_end: string | null;
}

export interface PreviousState {
  date: string;
  state: HealthState;
  state_since: string;
  consecutive_days_in_state: number;
}

export interface PerformanceRow {
  date: string;
  system_id: string;
  family: string | null;
  enabled: boolean;
  daily_n: number;
  daily_wins: number;
  daily_hr: number | null;
  n_7d: number;
  wins_7d: number;
  hr_7d: number | null;
  ci_low_7d: number | null;
  ci_high_7d: number | null;
  n_14d: number;
  wins_14d: number;
  hr_14d: number | null;
  ci_low_14d: number | null;
  ci_high_14d: number | null;
  n_30d: number;
  wins_30d: number;
  hr_30d: number | null;
  ci_low_30d: number | null;
  ci_high_30d: number | null;
  mae_30d: number | null;
  line_mae_30d: number | null;
  bias_30d: number | null;
  line_bias_30d: number | null;
  n_errors_30d: number;
  days_since_training: number | null;
  state: HealthState;
  previous_state: HealthState | null;
  state_since: string;
  consecutive_days_in_state: number;
}

/**
 * WIN (true), LOSS (false) or not in the HR@k sample (null: no line, void, |edge| < k, push).
 * The bet is the shared betOf of src/models (edges compared at 2 dp), the one population.
 */
export function hrOutcome(
  g: Pick<GradeForRollup, 'predicted' | 'line' | 'actual_points'>,
  minEdge: number,
): boolean | null {
  const b = betOf({ game_date: '', predicted: g.predicted, line: g.line, actual: g.actual_points }, minEdge);
  if (!b || b.outcome === 'PUSH') return null;
  return b.outcome === 'WIN';
}

export function healthState(n7: number, hr7: number | null, cfg: GradingConfig['health']): HealthState {
  if (n7 < cfg.states.minN7d || hr7 === null) return 'INSUFFICIENT_DATA';
  if (hr7 >= cfg.states.healthy) return 'HEALTHY';
  if (hr7 >= cfg.states.watch) return 'WATCH';
  if (hr7 >= cfg.states.degrading) return 'DEGRADING';
  return 'BLOCKED';
}

/** Carries the state run: same state → previous count + 1, else a new run starting on date. */
export function nextState(
  date: string,
  state: HealthState,
  prev: PreviousState | undefined,
): Pick<PerformanceRow, 'state' | 'previous_state' | 'state_since' | 'consecutive_days_in_state'> {
  if (prev && prev.state === state) {
    return {
      state,
      previous_state: prev.state,
      state_since: prev.state_since,
      consecutive_days_in_state: prev.consecutive_days_in_state + 1,
    };
  }
  return { state, previous_state: prev?.state ?? null, state_since: date, consecutive_days_in_state: 1 };
}

function windowStats(wins: number, n: number) {
  const ci = wilson(wins, n);
  return { n, wins, hr: round(hitRate(wins, n), 4), lo: round(ci?.low, 4), hi: round(ci?.high, 4) };
}

/**
 * Rows of one date G. `grades` must cover at least G−29 … G (extra rows are ignored);
 * `previous` holds each model's latest row dated before G.
 */
export function performanceForDate(
  date: string,
  grades: readonly GradeForRollup[],
  models: readonly ModelInfo[],
  previous: ReadonlyMap<string, PreviousState>,
  cfg: GradingConfig['health'],
): PerformanceRow[] {
  const from30 = addDays(date, -29);
  const from14 = addDays(date, -13);
  const from7 = addDays(date, -6);
  type Acc = {
    family: string | null;
    d: [number, number];
    w7: [number, number];
    w14: [number, number];
    w30: [number, number];
    abs: number[];
    lineAbs: number[];
    signed: number[];
    lineSigned: number[];
  };
  const acc = new Map<string, Acc>();
  const get = (id: string, family: string | null) => {
    let a = acc.get(id);
    if (!a) {
      a = {
        family,
        d: [0, 0],
        w7: [0, 0],
        w14: [0, 0],
        w30: [0, 0],
        abs: [],
        lineAbs: [],
        signed: [],
        lineSigned: [],
      };
      acc.set(id, a);
    }
    return a;
  };
  for (const g of grades) {
    if (g.game_date < from30 || g.game_date > date) continue;
    const a = get(g.system_id, g.family);
    const o = hrOutcome(g, cfg.minEdge);
    if (o !== null) {
      const inc = (w: [number, number]) => {
        w[0] += o ? 1 : 0;
        w[1] += 1;
      };
      inc(a.w30);
      if (g.game_date >= from14) inc(a.w14);
      if (g.game_date >= from7) inc(a.w7);
      if (g.game_date === date) inc(a.d);
    }
    if (g.actual_points !== null && g.line !== null && g.abs_error !== null && g.signed_error !== null) {
      a.abs.push(g.abs_error);
      a.signed.push(g.signed_error);
      a.lineAbs.push(Math.abs(g.line - g.actual_points));
      a.lineSigned.push(g.line - g.actual_points);
    }
  }
  const byId = new Map(models.map((m) => [m.system_id, m]));
  const ids = new Set<string>([...models.filter((m) => m.enabled).map((m) => m.system_id), ...acc.keys()]);
  const rows: PerformanceRow[] = [];
  for (const id of [...ids].sort()) {
    const m = byId.get(id);
    const a = acc.get(id) ?? get(id, m?.family ?? null);
    const d = windowStats(a.d[0], a.d[1]);
    const s7 = windowStats(a.w7[0], a.w7[1]);
    const s14 = windowStats(a.w14[0], a.w14[1]);
    const s30 = windowStats(a.w30[0], a.w30[1]);
    const state = healthState(s7.n, s7.hr, cfg);
    rows.push({
      date,
      system_id: id,
      family: m?.family ?? a.family,
      enabled: m?.enabled ?? false,
      daily_n: d.n,
      daily_wins: d.wins,
      daily_hr: d.hr,
      n_7d: s7.n,
      wins_7d: s7.wins,
      hr_7d: s7.hr,
      ci_low_7d: s7.lo,
      ci_high_7d: s7.hi,
      n_14d: s14.n,
      wins_14d: s14.wins,
      hr_14d: s14.hr,
      ci_low_14d: s14.lo,
      ci_high_14d: s14.hi,
      n_30d: s30.n,
      wins_30d: s30.wins,
      hr_30d: s30.hr,
      ci_low_30d: s30.lo,
      ci_high_30d: s30.hi,
      mae_30d: round(mean(a.abs), 4),
      line_mae_30d: round(mean(a.lineAbs), 4),
      bias_30d: round(mean(a.signed), 4),
      line_bias_30d: round(mean(a.lineSigned), 4),
      n_errors_30d: a.abs.length,
      days_since_training: m?.train_end ? daysBetween(m.train_end, date) : null,
      ...nextState(date, state, previous.get(id)),
    });
  }
  return rows;
}

/** Rows of consecutive dates, each date's states chained from the one before (in memory). */
export function performanceForDates(
  dates: readonly string[],
  grades: readonly GradeForRollup[],
  models: readonly ModelInfo[],
  previousBeforeFirst: ReadonlyMap<string, PreviousState>,
  cfg: GradingConfig['health'],
): PerformanceRow[] {
  const prev = new Map(previousBeforeFirst);
  const byDate = groupByDate(grades);
  const out: PerformanceRow[] = [];
  for (const date of [...dates].sort()) {
    const rows = performanceForDate(date, windowRows(byDate, date, 30), models, prev, cfg);
    for (const r of rows) {
      prev.set(r.system_id, {
        date,
        state: r.state,
        state_since: r.state_since,
        consecutive_days_in_state: r.consecutive_days_in_state,
      });
    }
    out.push(...rows);
  }
  return out;
}

export function groupByDate<T extends { game_date: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.game_date);
    if (list) list.push(r);
    else m.set(r.game_date, [r]);
  }
  return m;
}

/** The rows of the k-day window ending on date (date−k+1 … date). */
export function windowRows<T>(byDate: ReadonlyMap<string, T[]>, date: string, k: number): T[] {
  const out: T[] = [];
  for (let i = k - 1; i >= 0; i--) {
    const list = byDate.get(addDays(date, -i));
    if (list) for (const r of list) out.push(r);
  }
  return out;
}
