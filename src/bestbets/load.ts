import type { Logger } from '../config/log.ts';
import { addDays, etDate } from '../domain/dates.ts';
import type { Queryable } from '../store/store.ts';
import { type FleetModel, fleetBlockedReason, getManualHalt, resolveHalt } from './halt.ts';
import type {
  BestBetsInput,
  BoxInput,
  Direction,
  GameInput,
  Halt,
  LineInput,
  ModelInput,
  PlayerInput,
  PredictionInput,
  SignalHealth,
  UltraHistoryRow,
} from './types.ts';

/**
 * The set-based loader (spec 05 §1 "Inputs"): one date in a dozen queries, never one per
 * player. Tables of areas built in parallel (grading rollups) may be missing or empty: they
 * then count as empty and that is logged.
 */

/**
 * Predictions that can become candidates (§3): only their players' box scores (and their
 * teammates', for the starter proxy) and lines are read, not the whole slate's.
 */
const CANDIDATE_PREDICTION =
  "game_date = $1::DATE AND is_active AND recommendation IN ('OVER', 'UNDER') AND line IS NOT NULL";

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface LoadOptions {
  date: string;
  now: Date;
  lookbackDays: number;
  offSeasonDays: number;
  /** Ultra records over published picks only (live); a backtest store has no publishing. */
  ultraPublishedOnly: boolean;
  log: Logger;
}

export async function loadBestBetsInput(store: Queryable, o: LoadOptions): Promise<BestBetsInput> {
  const D = o.date;
  const preds = (
    await store.query(
      `SELECT system_id, game_id, player_id, game_date, line, book, predicted, edge, p_over, confidence,
              recommendation, is_active, batch_id, feature_set_version, features_computed_at, odds_captured_at,
              feature_quality
       FROM predictions WHERE game_date = $1::DATE AND is_active`,
      [D],
    )
  ).map(
    (r): PredictionInput => ({
      system_id: r.system_id,
      game_id: r.game_id,
      player_id: Number(r.player_id),
      game_date: r.game_date,
      line: num(r.line),
      book: r.book ?? null,
      predicted: Number(r.predicted),
      edge: num(r.edge),
      p_over: num(r.p_over),
      confidence: num(r.confidence),
      recommendation: r.recommendation,
      is_active: !!r.is_active,
      batch_id: r.batch_id ?? null,
      feature_set_version: r.feature_set_version ?? null,
      features_computed_at: r.features_computed_at ?? null,
      odds_captured_at: r.odds_captured_at ?? null,
      quality_score: num(r.feature_quality),
    }),
  );
  const models = (await store.query('SELECT system_id, family, enabled FROM models')).map(
    (r): ModelInput => ({ system_id: r.system_id, family: r.family, enabled: !!r.enabled }),
  );

  // The season of D (its games, else the latest season that started before D).
  const seasonRow = await store.query<{ season: number }>(
    `SELECT MAX(season) AS season FROM games WHERE game_date <= $1::DATE`,
    [D],
  );
  const season = num(seasonRow[0]?.season);
  const games = (
    await store.query(
      `SELECT g.game_id, g.game_date, g.start_utc, g.season, g.season_type, g.home, g.away, g.status,
              (g.postponed_to IS NOT NULL OR EXISTS (SELECT 1 FROM game_postponements gp
                 WHERE gp.game_id = g.game_id AND gp.original_date = g.game_date)) AS postponed
       FROM games g
       WHERE g.season = $2 OR g.game_date BETWEEN $1::DATE - $3::INTEGER AND $1::DATE + $3::INTEGER`,
      [D, season ?? -1, Math.max(o.offSeasonDays, o.lookbackDays)],
    )
  ).map(
    (r): GameInput => ({
      game_id: r.game_id,
      game_date: r.game_date,
      start_utc: r.start_utc ?? null,
      season: Number(r.season),
      season_type: r.season_type,
      home: r.home,
      away: r.away,
      status: Number(r.status),
      postponed: !!r.postponed,
    }),
  );
  const gamesNear = games.filter(
    (g) =>
      !g.postponed &&
      g.game_date >= addDays(D, -o.offSeasonDays) &&
      g.game_date <= addDays(D, o.offSeasonDays),
  ).length;

  const boxScores = (
    await store.query(
      `SELECT b.game_id, b.player_id, b.game_date, b.team, b.minutes, b.fg3m, b.fg3a, b.plus_minus, b.starter
       FROM box_scores b JOIN games g ON g.game_id = b.game_id
       WHERE g.season = $2 AND b.game_date < $1::DATE
         AND (b.player_id IN (SELECT player_id FROM predictions WHERE ${CANDIDATE_PREDICTION})
              OR b.team IN (SELECT home FROM games WHERE game_id IN (SELECT game_id FROM predictions WHERE ${CANDIDATE_PREDICTION})
                            UNION SELECT away FROM games WHERE game_id IN (SELECT game_id FROM predictions WHERE ${CANDIDATE_PREDICTION})))`,
      [D, season ?? -1],
    )
  ).map(
    (r): BoxInput => ({
      game_id: r.game_id,
      player_id: Number(r.player_id),
      game_date: r.game_date,
      team: r.team,
      minutes: Number(r.minutes),
      fg3m: num(r.fg3m),
      fg3a: num(r.fg3a),
      plus_minus: num(r.plus_minus),
      starter: r.starter === null || r.starter === undefined ? null : !!r.starter,
    }),
  );

  // Snapshots of D's games and of the slate players' earlier games in the look-back window;
  // the point-in-time cut (≤ now, < tip) is applied per game in the core.
  const propLines = (
    await store.query(
      `SELECT pl.captured_at, pl.game_id, pl.player_id, pl.book, pl.line, pl.over_price, pl.under_price
       FROM prop_lines pl JOIN games g ON g.game_id = pl.game_id
       WHERE pl.market = 'player_points'
         AND g.game_date BETWEEN $1::DATE - $2::INTEGER AND $1::DATE
         AND pl.player_id IN (SELECT player_id FROM predictions WHERE ${CANDIDATE_PREDICTION})
         AND pl.captured_at <= $3::TIMESTAMPTZ`,
      [D, o.lookbackDays, o.now.toISOString()],
    )
  ).map(
    (r): LineInput => ({
      captured_at: r.captured_at,
      game_id: r.game_id,
      player_id: Number(r.player_id),
      book: r.book,
      line: Number(r.line),
      over_price: num(r.over_price),
      under_price: num(r.under_price),
    }),
  );
  const players = (
    await store.query(
      `SELECT player_id, name, player_lookup, team FROM players
       WHERE player_id IN (SELECT DISTINCT player_id FROM predictions WHERE game_date = $1::DATE AND is_active)`,
      [D],
    )
  ).map(
    (r): PlayerInput => ({
      player_id: Number(r.player_id),
      name: r.name,
      player_lookup: r.player_lookup,
      team: r.team,
    }),
  );

  const seasonStart = games
    .filter((g) => g.season === season)
    .reduce<string | null>((m, g) => (m === null || g.game_date < m ? g.game_date : m), null);

  let blacklist: number[] = [];
  blacklist = (
    await store.query(
      `SELECT player_id FROM player_blacklist_daily
       WHERE blacklisted AND date = (SELECT MAX(date) FROM player_blacklist_daily WHERE date < $1::DATE AND date >= $2::DATE)`,
      [D, seasonStart ?? D],
    )
  ).map((r) => Number(r.player_id));
  if (!blacklist.length)
    o.log.info({ date: D }, 'bestbets: no blacklist rows before the date; nobody blacklisted');

  const directionHealth: BestBetsInput['directionHealth'] = {};
  for (const r of await store.query(
    `SELECT direction, wins, losses, n, hr FROM direction_health_daily
     WHERE date = (SELECT MAX(date) FROM direction_health_daily WHERE date < $1::DATE)`,
    [D],
  )) {
    directionHealth[r.direction as Direction] = {
      wins: Number(r.wins),
      losses: Number(r.losses),
      n: Number(r.n),
      hr: num(r.hr),
    };
  }

  const signalHealth: Record<string, SignalHealth> = {};
  for (const r of await store.query(
    `SELECT tag, n_season, hr_season FROM signal_health_daily
     WHERE date = (SELECT MAX(date) FROM signal_health_daily WHERE date < $1::DATE)`,
    [D],
  )) {
    signalHealth[r.tag] = { n_season: Number(r.n_season), hr_season: num(r.hr_season) };
  }

  let ultraHistory: UltraHistoryRow[] = [];
  ultraHistory = (
    await store.query(
      `SELECT p.date, p.family, p.direction, p.edge, p.ultra_tier, g.result
       FROM best_bets_picks p JOIN pick_grades g
         ON g.game_date = p.date AND g.game_id = p.game_id AND g.player_id = p.player_id
       WHERE p.date < $1::DATE AND p.status = 'active' AND g.direction = p.direction
         AND ($2::BOOLEAN = FALSE OR p.published_at IS NOT NULL)
         AND g.result IN ('WIN', 'LOSS')`,
      [D, o.ultraPublishedOnly],
    )
  ).map((r) => ({
    date: r.date,
    family: r.family,
    direction: r.direction,
    edge: Number(r.edge),
    ultra_tier: !!r.ultra_tier,
    result: r.result,
  }));

  const halt = await loadHalt(store, D, o.offSeasonDays, { models, gamesNear });

  return {
    date: D,
    now: o.now.toISOString(),
    predictions: preds,
    models,
    games,
    boxScores,
    propLines,
    players,
    halt,
    blacklist,
    directionHealth,
    signalHealth,
    ultraHistory,
  };
}

/**
 * The halt in force for D (spec 05 §2): manual, off season (no game within offSeasonDays of D),
 * or the whole fleet BLOCKED on its latest model_performance_daily rows before D.
 */
export async function loadHalt(
  store: Queryable,
  D: string,
  offSeasonDays: number,
  known: { models?: ModelInput[]; gamesNear?: number } = {},
): Promise<Halt> {
  const models =
    known.models ??
    (await store.query('SELECT system_id, family, enabled FROM models')).map(
      (r): ModelInput => ({ system_id: r.system_id, family: r.family, enabled: !!r.enabled }),
    );
  const gamesNear =
    known.gamesNear ??
    Number(
      (
        await store.query(
          `SELECT COUNT(*) AS n FROM games g
           WHERE g.game_date BETWEEN $1::DATE - $2::INTEGER AND $1::DATE + $2::INTEGER AND g.postponed_to IS NULL
             AND NOT EXISTS (SELECT 1 FROM game_postponements gp WHERE gp.game_id = g.game_id AND gp.original_date = g.game_date)`,
          [D, offSeasonDays],
        )
      )[0]?.n ?? 0,
    );
  let fleet: FleetModel[] = models
    .filter((m) => m.enabled)
    .map((m) => ({ system_id: m.system_id, family: m.family, state: null, hr_7d: null, n_7d: null }));
  if (fleet.length) {
    const perf = new Map(
      (
        await store.query(
          `SELECT m.system_id, m.state, m.hr_7d, m.n_7d FROM model_performance_daily m
           JOIN (SELECT system_id, MAX(date) AS d FROM model_performance_daily WHERE date < $1::DATE GROUP BY system_id) l
             ON l.system_id = m.system_id AND l.d = m.date`,
          [D],
        )
      ).map((r) => [r.system_id as string, r]),
    );
    fleet = fleet.map((f) => {
      const r = perf.get(f.system_id);
      return r ? { ...f, state: r.state, hr_7d: num(r.hr_7d), n_7d: num(r.n_7d) } : f;
    });
  }
  const manual = await getManualHalt(store);
  return resolveHalt({
    date: D,
    manual,
    manualSetOnDate: manual ? etDate(manual.since) : null,
    gamesNearDate: gamesNear,
    offSeasonDays,
    fleetReason: fleetBlockedReason(fleet),
    dayStart: `${D}T00:00:00.000Z`,
  });
}
