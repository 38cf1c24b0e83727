import type { Logger } from '../config/log.ts';
import { silentLogger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { effectiveTip } from '../domain/lines.ts';
import type { RunHandle } from '../store/runs.ts';
import type { Queryable, Store } from '../store/store.ts';
import { computeClv, type LineSnapshotRow, NO_CLOSE } from './clv.ts';
import { num } from './load.ts';
import { gradePick, type PickGrade, type PickRow } from './picks.ts';
import {
  type BoxRow,
  classifyGame,
  type GameState,
  type GradingGame,
  gradePrediction,
  type InjuryRow,
  key,
  latestInjuriesBeforeTip,
  type PlayedCounts,
  type PredictionGrade,
  type PredictionRow,
  playerOutcome,
} from './predictions.ts';
import { type RollupResult, recomputeRollups } from './rollups.ts';

/**
 * The grading shell (spec 06 §1): loads one date in a few set-based queries, grades it with the
 * pure rules and replaces the date's prediction_grades and pick_grades in one transaction.
 * Unchanged rows keep their graded_at and run_id, so grading twice gives identical rows.
 */

export interface GradeOptions {
  config: Config;
  configHash?: string;
  log?: Logger;
  /** Wall clock for graded_at and the grading_gap alert (tests pin it). */
  now?: () => Date;
  /** Recompute the rollups after grading (default true). */
  rollups?: boolean;
  /** Raise alerts for the latest graded date (default true). */
  alerts?: boolean;
  /** fetch used by the webhook (tests inject a fake). */
  fetchImpl?: typeof fetch;
  /**
   * Spec 06 §6 seam: called once after the pass with the dates whose grades changed, so the
   * caller (orchestrator) can re-export every file that shows results (publish, reason
   * `post_grading`). Not called when nothing changed.
   */
  onGradesChanged?: (dates: string[]) => Promise<void>;
}

export interface DateGradeCounts {
  date: string;
  games_total: number;
  games_final: number;
  games_graded: number;
  games_pending: number;
  games_postponed: number;
  games_missing_box: number;
  predictions_deactivated: number;
  predictions_graded: number;
  wins: number;
  losses: number;
  pushes: number;
  voided: number;
  no_bet: number;
  picks_graded: number;
  pick_wins: number;
  pick_losses: number;
  pick_pushes: number;
  pick_voids: number;
  units: number;
  rows_changed: number;
  /** Final games still without box scores: [{game_id, tip}] (grading_gap candidates). */
  missing_box: Array<{ game_id: string; tip: string }>;
}

export interface GradeSummary {
  dates: number;
  graded: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  no_bets: number;
  picks: { graded: number; wins: number; losses: number; pushes: number; voids: number; units: number };
  games_graded: number;
  games_pending: number;
  games_missing_box: number;
  rows_changed: number;
  rollups: RollupResult | null;
  per_date: DateGradeCounts[];
}

const PRED_COLS = [
  'game_date',
  'game_id',
  'player_id',
  'system_id',
  'family',
  'batch_id',
  'recommendation',
  'line',
  'book',
  'predicted',
  'p_over',
  'confidence',
  'edge',
  'actual_points',
  'minutes',
  'result',
  'void_reason',
  'abs_error',
  'signed_error',
  'line_abs_error',
] as const;

const PICK_COLS = [
  'game_date',
  'game_id',
  'player_id',
  'rank',
  'system_id',
  'direction',
  'line',
  'result',
  'void_reason',
  'actual_points',
  'minutes',
  'price',
  'price_source',
  'units_won',
  'stake_pct',
  'stake_return_pct',
  'close_line',
  'close_captured_at',
  'line_clv',
  'fair_prob',
  'fair_close',
  'price_clv',
] as const;

function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') return Math.abs(Number(a) - Number(b)) < 1e-9;
  if (typeof a === 'string' && typeof b === 'string' && /T.*Z$/.test(a) && /T.*Z$/.test(b))
    return Date.parse(a) === Date.parse(b);
  return String(a) === String(b);
}

function sameRow(cols: readonly string[], a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return cols.every((c) => sameValue(a[c], b[c]));
}

export interface DateInputs {
  games: GradingGame[];
  postponed: Set<string>;
  box: BoxRow[];
  boxTeams: Map<string, string>;
  injuries: InjuryRow[];
  predictions: PredictionRow[];
  picks: PickRow[];
  lines: Array<LineSnapshotRow & { game_id: string; player_id: number }>;
}

async function loadDate(store: Queryable, date: string, cfg: Config, log: Logger): Promise<DateInputs> {
  const games = (
    await store.query(
      `SELECT game_id, game_date, start_utc, status, home, away, home_score, away_score FROM games
       WHERE game_date = $1::DATE OR game_id IN (SELECT game_id FROM game_postponements WHERE original_date = $1::DATE)`,
      [date],
    )
  ).map((g) => ({
    ...g,
    status: Number(g.status),
    home_score: num(g.home_score),
    away_score: num(g.away_score),
  })) as GradingGame[];
  const postponed = new Set(
    (
      await store.query<{ game_id: string }>(
        'SELECT game_id FROM game_postponements WHERE original_date = $1::DATE',
        [date],
      )
    ).map((r) => r.game_id),
  );
  const boxRaw = await store.query(
    `SELECT b.game_id, b.player_id, b.team, b.minutes, b.points, b.dnp, b.dnp_reason, b.dnp_detail
     FROM box_scores b JOIN games g ON g.game_id = b.game_id WHERE g.game_date = $1::DATE`,
    [date],
  );
  const boxTeams = new Map<string, string>();
  const box: BoxRow[] = boxRaw.map((b) => {
    boxTeams.set(key(b.game_id, b.player_id), b.team);
    return {
      game_id: b.game_id,
      player_id: Number(b.player_id),
      minutes: Number(b.minutes),
      points: Number(b.points),
      dnp: !!b.dnp,
      dnp_reason: b.dnp_reason,
      dnp_detail: b.dnp_detail,
    };
  });
  const injuries = (
    await store.query(
      `SELECT i.game_id, i.player_id, i.report_time, i.status FROM injury_reports i
       JOIN games g ON g.game_id = i.game_id WHERE g.game_date = $1::DATE`,
      [date],
    )
  ).map((r) => ({ ...r, player_id: Number(r.player_id) })) as InjuryRow[];

  const predictions = (
    await store.query(
      `SELECT game_date, game_id, player_id, system_id, family, batch_id, recommendation, line, book,
              predicted, p_over, confidence
       FROM predictions WHERE game_date = $1::DATE AND is_active`,
      [date],
    )
  ).map((p) => ({
    ...p,
    player_id: Number(p.player_id),
    line: num(p.line),
    predicted: Number(p.predicted),
    p_over: num(p.p_over),
    confidence: num(p.confidence),
  })) as PredictionRow[];

  let picks: PickRow[] = [];
  let lines: DateInputs['lines'] = [];
  picks = (
    await store.query(
      `SELECT date, game_id, player_id, rank, system_id, direction, line, best_price, price_source, fair_prob,
              stake_pct, priced_at
       FROM best_bets_picks WHERE date = $1::DATE AND status = 'active'`,
      [date],
    )
  ).map((p) => ({
    ...p,
    player_id: Number(p.player_id),
    rank: num(p.rank),
    line: Number(p.line),
    best_price: num(p.best_price),
    fair_prob: num(p.fair_prob),
    stake_pct: num(p.stake_pct),
  })) as PickRow[];
  if (picks.length && games.length) {
    const tips = games.map((g) => Date.parse(effectiveTip(g, cfg.features.unknownTipTimeEt)));
    const earliest = new Date(Math.min(...tips) - cfg.grading.closingWindowMinutes * 60_000).toISOString();
    lines = (
      await store.query(
        `SELECT pl.game_id, pl.player_id, pl.book, pl.captured_at, pl.line, pl.over_price, pl.under_price
         FROM prop_lines pl
         JOIN (SELECT DISTINCT game_id, player_id FROM best_bets_picks WHERE date = $1::DATE AND status = 'active') p
           ON p.game_id = pl.game_id AND p.player_id = pl.player_id
         WHERE pl.market = 'player_points' AND pl.captured_at >= $2::TIMESTAMPTZ`,
        [date, earliest],
      )
    ).map((l) => ({
      ...l,
      player_id: Number(l.player_id),
      line: Number(l.line),
      over_price: num(l.over_price),
      under_price: num(l.under_price),
    })) as DateInputs['lines'];
  } else {
    log.debug({ date }, 'grade: best_bets_picks table missing; no picks graded');
  }
  return { games, postponed, box, boxTeams, injuries, predictions, picks, lines };
}

export interface GradedDate {
  counts: DateGradeCounts;
  predictionGrades: PredictionGrade[];
  pickGrades: PickGrade[];
  states: Map<string, GameState>;
}

/** Pure part of a pass: the grades of one date from its loaded inputs. */
export function gradeInputs(date: string, input: DateInputs, cfg: Config): GradedDate {
  const tipOf = new Map(input.games.map((g) => [g.game_id, effectiveTip(g, cfg.features.unknownTipTimeEt)]));
  const played = new Map<string, PlayedCounts>();
  for (const b of input.box) {
    if (!(b.minutes > 0)) continue;
    const team = input.boxTeams.get(key(b.game_id, b.player_id))!;
    const m = played.get(b.game_id) ?? new Map<string, number>();
    m.set(team, (m.get(team) ?? 0) + 1);
    played.set(b.game_id, m);
  }
  const states = new Map<string, GameState>();
  for (const g of input.games) {
    states.set(
      g.game_id,
      classifyGame(g, input.postponed.has(g.game_id), played.get(g.game_id), cfg.grading.minBoxRowsPerTeam),
    );
  }
  const boxBy = new Map(input.box.map((b) => [key(b.game_id, b.player_id), b]));
  const injuries = latestInjuriesBeforeTip(input.injuries, (id) => tipOf.get(id));
  const outcomeOf = (gameId: string, playerId: number) =>
    playerOutcome(boxBy.get(key(gameId, playerId)), injuries.get(key(gameId, playerId)));

  const seen = new Set<string>();
  const predictionGrades: PredictionGrade[] = [];
  for (const p of input.predictions) {
    if (states.get(p.game_id) !== 'gradable') continue;
    const k = `${p.system_id}|${p.game_id}|${p.player_id}`;
    if (seen.has(k)) continue; // two active rows would be an upstream bug; grade one
    seen.add(k);
    predictionGrades.push(gradePrediction(p, outcomeOf(p.game_id, p.player_id)));
  }

  const linesBy = new Map<string, LineSnapshotRow[]>();
  for (const l of input.lines) {
    const k = key(l.game_id, l.player_id);
    const list = linesBy.get(k);
    if (list) list.push(l);
    else linesBy.set(k, [l]);
  }
  const pickGrades: PickGrade[] = [];
  const seenPick = new Set<string>();
  for (const p of input.picks) {
    const st = states.get(p.game_id);
    if (st !== 'gradable' && st !== 'postponed') continue;
    const k = key(p.game_id, p.player_id);
    if (seenPick.has(k)) continue;
    seenPick.add(k);
    if (st === 'postponed') {
      pickGrades.push(gradePick(p, 'postponed', NO_CLOSE, cfg.grading.assumedAmericanPrice));
      continue;
    }
    const clv = computeClv(p, linesBy.get(k) ?? [], {
      tip: tipOf.get(p.game_id)!,
      pricedAt: p.priced_at,
      windowMinutes: cfg.grading.closingWindowMinutes,
      staleAfterHours: cfg.lines.staleAfterHours,
      outlierPoints: cfg.lines.outlierPoints,
    });
    pickGrades.push(gradePick(p, outcomeOf(p.game_id, p.player_id), clv, cfg.grading.assumedAmericanPrice));
  }

  const count = (s: GameState) => [...states.values()].filter((x) => x === s).length;
  const byResult = (r: string) => predictionGrades.filter((g) => g.result === r).length;
  const pickBy = (r: string) => pickGrades.filter((g) => g.result === r).length;
  const missing = input.games
    .filter((g) => states.get(g.game_id) === 'missing_box')
    .map((g) => ({ game_id: g.game_id, tip: tipOf.get(g.game_id)! }));
  return {
    states,
    predictionGrades,
    pickGrades,
    counts: {
      date,
      games_total: input.games.length,
      games_final: count('gradable') + count('missing_box'),
      games_graded: count('gradable'),
      games_pending: count('pending'),
      games_postponed: count('postponed'),
      games_missing_box: count('missing_box'),
      predictions_deactivated: 0,
      predictions_graded: predictionGrades.length,
      wins: byResult('WIN'),
      losses: byResult('LOSS'),
      pushes: byResult('PUSH'),
      voided: byResult('VOID'),
      no_bet: byResult('NO_BET'),
      picks_graded: pickGrades.length,
      pick_wins: pickBy('WIN'),
      pick_losses: pickBy('LOSS'),
      pick_pushes: pickBy('PUSH'),
      pick_voids: pickBy('VOID'),
      units: Math.round(pickGrades.reduce((s, g) => s + g.units_won, 0) * 10000) / 10000,
      rows_changed: 0,
      missing_box: missing,
    },
  };
}

/** Replaces one date's grades in one transaction (no rollups). */
async function gradeOneDate(
  store: Store,
  date: string,
  runId: string,
  opts: GradeOptions,
  log: Logger,
): Promise<DateGradeCounts> {
  const cfg = opts.config;
  const now = (opts.now ?? (() => new Date()))();
  const input = await loadDate(store, date, cfg, log);
  const graded = gradeInputs(date, input, cfg);
  const gradedAt = now.toISOString();

  const oldPreds = new Map(
    (await store.query('SELECT * FROM prediction_grades WHERE game_date = $1::DATE', [date])).map((r) => [
      `${r.system_id}|${r.game_id}|${r.player_id}`,
      r,
    ]),
  );
  const oldPicks = new Map(
    (await store.query('SELECT * FROM pick_grades WHERE game_date = $1::DATE', [date])).map((r) => [
      key(r.game_id, r.player_id),
      r,
    ]),
  );
  let changed = 0;
  const predRows = graded.predictionGrades.map((g) => {
    const old = oldPreds.get(`${g.system_id}|${g.game_id}|${g.player_id}`);
    const keep = old && sameRow(PRED_COLS, g as any, old);
    if (!keep) changed++;
    return [...PRED_COLS.map((c) => g[c]), keep ? old.graded_at : gradedAt, keep ? old.run_id : runId];
  });
  const pickRows = graded.pickGrades.map((g) => {
    const old = oldPicks.get(key(g.game_id, g.player_id));
    const keep = old && sameRow(PICK_COLS, g as any, old);
    if (!keep) changed++;
    return [...PICK_COLS.map((c) => g[c]), keep ? old.graded_at : gradedAt, keep ? old.run_id : runId];
  });
  changed += Math.max(0, oldPreds.size - graded.predictionGrades.length);
  changed += Math.max(0, oldPicks.size - graded.pickGrades.length);

  const postponedIds = [...input.postponed];
  const deactivated = await store.transaction(async (tx) => {
    let n = 0;
    if (postponedIds.length) {
      n = await tx.run(
        `UPDATE predictions SET is_active = FALSE, invalidation_reason = 'postponed'
         WHERE game_date = $1::DATE AND is_active
           AND game_id IN (SELECT game_id FROM game_postponements WHERE original_date = $1::DATE)`,
        [date],
      );
    }
    await tx.run('DELETE FROM prediction_grades WHERE game_date = $1::DATE', [date]);
    await tx.insertMany('prediction_grades', [...PRED_COLS, 'graded_at', 'run_id'], predRows);
    await tx.run('DELETE FROM pick_grades WHERE game_date = $1::DATE', [date]);
    await tx.insertMany('pick_grades', [...PICK_COLS, 'graded_at', 'run_id'], pickRows);
    return n;
  });
  const counts = { ...graded.counts, predictions_deactivated: deactivated, rows_changed: changed };
  for (const m of counts.missing_box) {
    log.warn({ date, game_id: m.game_id }, 'grade: Final game without box scores; skipped (not voided)');
  }
  log.info(
    {
      date,
      games_graded: counts.games_graded,
      games_pending: counts.games_pending,
      predictions: counts.predictions_graded,
      picks: counts.picks_graded,
      changed,
    },
    'grade: date graded',
  );
  return counts;
}

export function emptySummary(): GradeSummary {
  return {
    dates: 0,
    graded: 0,
    wins: 0,
    losses: 0,
    pushes: 0,
    voids: 0,
    no_bets: 0,
    picks: { graded: 0, wins: 0, losses: 0, pushes: 0, voids: 0, units: 0 },
    games_graded: 0,
    games_pending: 0,
    games_missing_box: 0,
    rows_changed: 0,
    rollups: null,
    per_date: [],
  };
}

/**
 * Grades one date into `summary` inside the `grade` run its caller opened (one transaction per
 * date). On the last date of a pass (`last`), recomputes the rollups once from the earliest
 * date of the pass (`dates`) through every later date that already has rollup rows, and raises
 * alerts for the latest graded date. The grade use case (the application layer) loops the dates,
 * one `pipeline_runs` row each, and calls `onGradesChanged` afterwards.
 */
export async function gradeDateInto(
  store: Store,
  summary: GradeSummary,
  step: { date: string; dates: readonly string[]; last: boolean; run: RunHandle },
  opts: GradeOptions,
): Promise<void> {
  const log = opts.log ?? silentLogger;
  const { date, run } = step;
  const c = await gradeOneDate(store, date, run.runId, opts, log);
  summary.per_date.push(c);
  summary.dates++;
  summary.graded += c.predictions_graded;
  summary.wins += c.wins;
  summary.losses += c.losses;
  summary.pushes += c.pushes;
  summary.voids += c.voided;
  summary.no_bets += c.no_bet;
  summary.picks.graded += c.picks_graded;
  summary.picks.wins += c.pick_wins;
  summary.picks.losses += c.pick_losses;
  summary.picks.pushes += c.pick_pushes;
  summary.picks.voids += c.pick_voids;
  summary.picks.units = Math.round((summary.picks.units + c.units) * 10000) / 10000;
  summary.games_graded += c.games_graded;
  summary.games_pending += c.games_pending;
  summary.games_missing_box += c.games_missing_box;
  summary.rows_changed += c.rows_changed;
  const { missing_box: _m, date: _d, ...rest } = c;
  run.counts = { ...rest, picks_graded: c.picks_graded };
  if (step.last && opts.rollups !== false) {
    summary.rollups = await recomputeRollups(store, step.dates, {
      ...opts,
      log,
      runId: run.runId,
      missingBox: summary.per_date.flatMap((d) => d.missing_box.map((m) => ({ ...m, date: d.date }))),
    });
    run.counts.rollup_dates = summary.rollups.dates.length;
    run.counts.alerts = summary.rollups.alerts.length;
  }
}

/**
 * Adds the counts of a later pass `b` into `a` (for callers that grade date by date, such as
 * the walk-forward backtest); `rollups` keeps the last pass's, with every pass's dates.
 */
export function addSummary(a: GradeSummary, b: GradeSummary): GradeSummary {
  const picks = a.picks;
  for (const k of ['graded', 'wins', 'losses', 'pushes', 'voids'] as const) picks[k] += b.picks[k];
  picks.units = Math.round((picks.units + b.picks.units) * 10000) / 10000;
  for (const k of [
    'dates',
    'graded',
    'wins',
    'losses',
    'pushes',
    'voids',
    'no_bets',
    'games_graded',
    'games_pending',
    'games_missing_box',
    'rows_changed',
  ] as const)
    a[k] += b[k];
  a.per_date.push(...b.per_date);
  if (b.rollups) a.rollups = { ...b.rollups, dates: [...(a.rollups?.dates ?? []), ...b.rollups.dates] };
  return a;
}
