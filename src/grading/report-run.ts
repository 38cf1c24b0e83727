import type { Config } from '../config/schema.ts';
import { effectiveTip } from '../domain/lines.ts';
import { isValidAmerican, noVigProbabilities } from '../domain/odds.ts';
import { betOf } from '../models/index.ts';
import type { Queryable } from '../store/store.ts';
import { num } from './load.ts';
import {
  type CalibrationReport,
  type ClvReport,
  calibrationReport,
  clvReport,
  type RoiReport,
  roiReport,
} from './reports.ts';
import { median } from './stats.ts';

/** Loads a report's population in a few queries (spec 06 §7) and runs the pure report. */

export type ReportKind = 'calibration' | 'roi' | 'clv';

export interface ReportQuery {
  from: string;
  to: string;
  /** A model's predictions; otherwise best-bets picks (roi, clv) or every model (calibration). */
  model?: string | null;
  minEdge?: number;
}

export interface ReportEnvelope<T> {
  kind: ReportKind;
  from: string;
  to: string;
  population: string;
  report: T;
}

/** Graded rows with their game and the active prediction they grade (calibration, probability health). */
export const GRADED_WITH_PREDICTION = `FROM prediction_grades pg JOIN games gm ON gm.game_id = pg.game_id
     LEFT JOIN predictions p ON p.system_id = pg.system_id AND p.game_id = pg.game_id
       AND p.player_id = pg.player_id AND p.batch_id = pg.batch_id AND p.is_active`;

/** Every player-points snapshot of the players graded in [from, to] (the market at each pick time). */
export function gradedLineSnapshots(store: Queryable, from: string, to: string) {
  return store.query(
    `SELECT pl.game_id, pl.player_id, pl.book, pl.captured_at, pl.line, pl.over_price, pl.under_price
     FROM prop_lines pl JOIN (SELECT DISTINCT game_id, player_id FROM prediction_grades
                              WHERE game_date BETWEEN $1::DATE AND $2::DATE) g
       ON g.game_id = pl.game_id AND g.player_id = pl.player_id
     WHERE pl.market = 'player_points'`,
    [from, to],
  );
}

/** No-vig over-probability (median over books quoting the line with both prices) at time t. */
export function marketOver(
  snaps: ReadonlyArray<{
    book: string;
    captured_at: string;
    line: number;
    over_price: number | null;
    under_price: number | null;
  }>,
  line: number,
  at: string,
): number | null {
  const t = Date.parse(at);
  const latest = new Map<string, number>();
  for (const s of snaps) {
    const c = Date.parse(s.captured_at);
    if (c <= t && c > (latest.get(s.book) ?? Number.NEGATIVE_INFINITY)) latest.set(s.book, c);
  }
  const ps: number[] = [];
  for (const s of snaps) {
    if (latest.get(s.book) !== Date.parse(s.captured_at) || s.line !== line) continue;
    if (!isValidAmerican(s.over_price) || !isValidAmerican(s.under_price)) continue;
    ps.push(noVigProbabilities(s.over_price, s.under_price)[0]);
  }
  return median(ps);
}

export async function calibration(
  store: Queryable,
  q: ReportQuery,
  cfg: Config,
): Promise<ReportEnvelope<CalibrationReport>> {
  const rows = await store.query(
    `SELECT pg.game_id, pg.player_id, pg.p_over, pg.line, pg.actual_points, pg.abs_error,
            gm.game_date, gm.start_utc, p.odds_captured_at
     ${GRADED_WITH_PREDICTION}
     WHERE pg.game_date BETWEEN $1::DATE AND $2::DATE AND ($3::TEXT IS NULL OR pg.system_id = $3)
       AND pg.p_over IS NOT NULL AND pg.line IS NOT NULL AND pg.actual_points IS NOT NULL`,
    [q.from, q.to, q.model ?? null],
  );
  const snaps = await gradedLineSnapshots(store, q.from, q.to);
  type Snap = {
    book: string;
    captured_at: string;
    line: number;
    over_price: number | null;
    under_price: number | null;
  };
  const byPlayer = new Map<string, Snap[]>();
  for (const s of snaps) {
    const k = `${s.game_id}|${s.player_id}`;
    const l = byPlayer.get(k);
    const row: Snap = {
      book: s.book,
      captured_at: s.captured_at,
      line: Number(s.line),
      over_price: num(s.over_price),
      under_price: num(s.under_price),
    };
    if (l) l.push(row);
    else byPlayer.set(k, [row]);
  }
  const cache = new Map<string, number | null>();
  const input = rows.map((r) => {
    const line = Number(r.line);
    // At the prediction's odds snapshot; without one recorded, the latest snapshot before tip.
    const tip = effectiveTip(
      r as { game_date: string; start_utc: string | null },
      cfg.features.unknownTipTimeEt,
    );
    const at: string = r.odds_captured_at ?? new Date(Date.parse(tip) - 1).toISOString();
    const k = `${r.game_id}|${r.player_id}|${line}|${at}`;
    if (!cache.has(k)) cache.set(k, marketOver(byPlayer.get(`${r.game_id}|${r.player_id}`) ?? [], line, at));
    const market = cache.get(k)!;
    return {
      p_over: num(r.p_over),
      line,
      actual_points: num(r.actual_points),
      abs_error: num(r.abs_error),
      market_p_over: market,
    };
  });
  const report = calibrationReport(input, cfg.grading.reports.calibrationBins);
  return {
    kind: 'calibration',
    from: q.from,
    to: q.to,
    population: `${report.population}${q.model ? ` (model ${q.model})` : ' (every model)'}`,
    report,
  };
}

export async function roi(store: Queryable, q: ReportQuery, cfg: Config): Promise<ReportEnvelope<RoiReport>> {
  const { bootstrapResamples, seed } = cfg.grading.reports;
  if (q.model) {
    const minEdge = q.minEdge ?? cfg.grading.health.minEdge;
    const rows = await store.query(
      `SELECT predicted, line, actual_points FROM prediction_grades
       WHERE game_date BETWEEN $1::DATE AND $2::DATE AND system_id = $3 AND result <> 'VOID'`,
      [q.from, q.to, q.model],
    );
    const bets = rows.flatMap((r) => {
      const b = betOf(
        { game_date: '', predicted: Number(r.predicted), line: num(r.line), actual: num(r.actual_points) },
        minEdge,
      );
      return b ? [{ result: b.outcome, price: cfg.grading.assumedAmericanPrice }] : [];
    });
    return {
      kind: 'roi',
      from: q.from,
      to: q.to,
      population: `model ${q.model}: graded predictions with a line and |edge| ≥ ${minEdge}, direction = sign(edge); predictions carry no recorded price, so every bet is priced at ${cfg.grading.assumedAmericanPrice}`,
      report: roiReport(bets, bootstrapResamples, seed),
    };
  }
  const rows = await store.query(
    'SELECT result, price FROM pick_grades WHERE game_date BETWEEN $1::DATE AND $2::DATE',
    [q.from, q.to],
  );
  return {
    kind: 'roi',
    from: q.from,
    to: q.to,
    population: 'graded best-bets picks at their recorded prices (assumed -110 where none was recorded)',
    report: roiReport(
      rows.map((r) => ({ result: r.result, price: Number(r.price) })),
      bootstrapResamples,
      seed,
    ),
  };
}

export async function clv(store: Queryable, q: ReportQuery): Promise<ReportEnvelope<ClvReport>> {
  const rows = await store.query(
    `SELECT line_clv, price_clv, close_line FROM pick_grades
     WHERE game_date BETWEEN $1::DATE AND $2::DATE AND result <> 'VOID'`,
    [q.from, q.to],
  );
  const report = clvReport(
    rows.map((r) => ({
      line_clv: num(r.line_clv),
      price_clv: num(r.price_clv),
      close_line: num(r.close_line),
    })),
  );
  return { kind: 'clv', from: q.from, to: q.to, population: report.population, report };
}

export async function runReport(
  store: Queryable,
  kind: ReportKind,
  q: ReportQuery,
  cfg: Config,
): Promise<ReportEnvelope<unknown>> {
  if (kind === 'calibration') return calibration(store, q, cfg);
  if (kind === 'roi') return roi(store, q, cfg);
  return clv(store, q);
}
