import type { Config } from '../config/schema.ts';
import { addDays } from '../domain/dates.ts';
import { effectiveTip } from '../domain/lines.ts';
import type { Queryable } from '../store/store.ts';
import type { AlertDraft } from './decay.ts';
import { num } from './load.ts';
import { GRADED_WITH_PREDICTION, gradedLineSnapshots, marketOver } from './report-run.ts';

/**
 * Model health for probabilities (probabilities issue): per model, the rolling 14-day log loss
 * of its published probability (p_final, else p_over) against the no-vig market's on the same
 * graded rows (lined, played, non-push, a market price at the prediction's odds time). A model
 * whose p_final is worse than the market over the 14 days raises a `probability_worse_than_market`
 * alert: the platform should never publish a probability the market beats.
 */

export const PROBABILITY_DAYS = 14;
/** Fewer scored rows than this in the 14 days: no verdict (a few dozen rows say little). */
export const PROBABILITY_MIN_N = 100;

export interface ProbabilityRow {
  system_id: string;
  /** The published probability of the over. */
  p: number;
  /** The no-vig market over probability on the same row. */
  market: number;
  /** 1 over, 0 under. */
  y: 0 | 1;
}

export interface ProbabilityHealth {
  date: string;
  system_id: string;
  n_14d: number;
  log_loss_14d: number;
  market_log_loss_14d: number;
  /** log_loss − market log loss: > 0 means the market is the better forecast. */
  excess_14d: number;
}

const EPS = 1e-6;
const ll = (p: number, y: 0 | 1) => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return -(y ? Math.log(q) : Math.log(1 - q));
};
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Pure: per-model figures (sorted by system_id) and the alerts they raise. */
export function probabilityHealth(
  date: string,
  rows: readonly ProbabilityRow[],
  minN = PROBABILITY_MIN_N,
): { health: ProbabilityHealth[]; alerts: AlertDraft[] } {
  const acc = new Map<string, { n: number; m: number; k: number }>();
  for (const r of rows) {
    const a = acc.get(r.system_id) ?? { n: 0, m: 0, k: 0 };
    a.n++;
    a.m += ll(r.p, r.y);
    a.k += ll(r.market, r.y);
    acc.set(r.system_id, a);
  }
  const health: ProbabilityHealth[] = [];
  const alerts: AlertDraft[] = [];
  for (const id of [...acc.keys()].sort()) {
    const a = acc.get(id)!;
    const h: ProbabilityHealth = {
      date,
      system_id: id,
      n_14d: a.n,
      log_loss_14d: r6(a.m / a.n),
      market_log_loss_14d: r6(a.k / a.n),
      excess_14d: r6((a.m - a.k) / a.n),
    };
    health.push(h);
    if (a.n >= minN && h.excess_14d > 0) {
      alerts.push({
        date,
        kind: 'probability_worse_than_market',
        severity: 'warning',
        subject: id,
        message: `${id}: p_final log loss ${h.log_loss_14d.toFixed(4)} is worse than the no-vig market's ${h.market_log_loss_14d.toFixed(4)} over the last ${PROBABILITY_DAYS} days (N=${a.n})`,
        payload: { ...h },
      });
    }
  }
  return { health, alerts };
}

/**
 * Reads the 14 days ending `date` in two queries (graded predictions with their stored
 * p_final, and the prop snapshots of those players), replaces the date's rows of
 * `model_probability_health`, and returns the alert drafts.
 */
export async function recordProbabilityHealth(
  store: Queryable,
  date: string,
  cfg: Config,
): Promise<AlertDraft[]> {
  const from = addDays(date, -(PROBABILITY_DAYS - 1));
  const graded = await store.query(
    `SELECT pg.system_id, pg.game_id, pg.player_id, pg.line, pg.actual_points, gm.game_date, gm.start_utc,
            COALESCE(p.p_final, pg.p_over) AS p, p.odds_captured_at
     ${GRADED_WITH_PREDICTION}
     WHERE pg.game_date BETWEEN $1::DATE AND $2::DATE
       AND pg.p_over IS NOT NULL AND pg.line IS NOT NULL AND pg.actual_points IS NOT NULL`,
    [from, date],
  );
  const snaps = await gradedLineSnapshots(store, from, date);
  const byPlayer = new Map<string, Parameters<typeof marketOver>[0][number][]>();
  for (const s of snaps) {
    const k = `${s.game_id}|${s.player_id}`;
    const row = {
      book: s.book,
      captured_at: s.captured_at,
      line: Number(s.line),
      over_price: num(s.over_price),
      under_price: num(s.under_price),
    };
    const l = byPlayer.get(k);
    if (l) l.push(row);
    else byPlayer.set(k, [row]);
  }
  const rows: ProbabilityRow[] = [];
  for (const r of graded) {
    const line = Number(r.line);
    const actual = Number(r.actual_points);
    const p = num(r.p);
    if (p === null || actual === line) continue;
    const tip = effectiveTip(
      r as { game_date: string; start_utc: string | null },
      cfg.features.unknownTipTimeEt,
    );
    const at: string = r.odds_captured_at ?? new Date(Date.parse(tip) - 1).toISOString();
    const market = marketOver(byPlayer.get(`${r.game_id}|${r.player_id}`) ?? [], line, at);
    if (market === null) continue;
    rows.push({ system_id: r.system_id, p, market, y: actual > line ? 1 : 0 });
  }
  const { health, alerts } = probabilityHealth(date, rows);
  const now = new Date().toISOString();
  await store.run('DELETE FROM model_probability_health WHERE date = $1::DATE', [date]);
  if (health.length) {
    const cols = Object.keys(health[0]) as (keyof ProbabilityHealth)[];
    await store.insertMany(
      'model_probability_health',
      [...cols, 'computed_at'],
      health.map((h) => [...cols.map((c) => h[c]), now]),
    );
  }
  return alerts;
}
