import { ALGORITHM_VERSION, loadHalt, NOT_HALTED, SIGNALS } from '../bestbets/index.ts';
import type { Config } from '../config/schema.ts';
import { addDays } from '../domain/dates.ts';
import { parseJson, type Queryable, type Row } from '../store/store.ts';
import type {
  BatchRow,
  CandidateRow,
  PickRow,
  PredRow,
  PublishData,
  PublishSettings,
  RunRow,
} from './data.ts';
import { instant, seasonStart } from './format.ts';

/**
 * Loads everything one publish run needs for date D in a fixed number of queries (DESIGN
 * principle 2): never one query per player, pick or date. The season's picks and runs, D's
 * candidates, predictions, games and the slate players' last 20 games each come in one query.
 */

const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function publishSettings(config: Config): PublishSettings {
  return {
    breakEvenPct: config.grading.health.breakEvenHr,
    maxPublicAngles: config.bestbets.angles.maxPublic,
    maxStoredAngles: config.bestbets.angles.maxStored,
    ultraCriteria: config.bestbets.ultra.criteria.map((c) => ({ id: c.id, description: c.description })),
    blacklistHrBelow: config.bestbets.blacklist.hrBelow,
    blacklistMinN: config.bestbets.blacklist.minN,
    directionWindowDays: config.grading.health.directionWindowDays,
    calibrationBins: config.grading.reports.calibrationBins,
    ultraGateTargets: { n: config.bestbets.ultra.gateMinN, hr: config.bestbets.ultra.gateMinHr },
    signals: SIGNALS.map((s) => ({ tag: s.tag, description: s.description })),
    algorithmVersion: ALGORITHM_VERSION,
  };
}

function toRun(r: Row): RunRow {
  return {
    date: r.date,
    run_id: r.run_id,
    algorithm_version: r.algorithm_version,
    status: r.status,
    halt: r.halt_state
      ? { active: true, state: r.halt_state, reason: r.halt_reason ?? null, since: instant(r.halt_since) }
      : NOT_HALTED,
    filter_summary: parseJson(r.filter_summary),
    pipeline_summary: parseJson(r.pipeline_summary),
    edge_distribution: parseJson(r.edge_distribution),
    exposure: parseJson(r.exposure),
    ultra_gate: parseJson(r.ultra_gate),
    config_hash: r.config_hash,
  };
}

function toPick(r: Row): PickRow {
  return {
    date: r.date,
    rank: Number(r.rank),
    game_id: r.game_id,
    player_id: Number(r.player_id),
    player_lookup: r.player_lookup,
    player_name: r.player_name,
    team: r.team ?? null,
    opponent: r.opponent ?? null,
    game_start_utc: r.game_start_utc ?? null,
    system_id: r.system_id,
    family: r.family,
    predicted: Number(r.predicted),
    line: Number(r.line),
    line_book: r.line_book ?? null,
    edge: Number(r.edge),
    direction: r.direction,
    confidence: n(r.confidence),
    p_over: n(r.p_over),
    signals: parseJson(r.signals) ?? [],
    real_signal_count: Number(r.real_signal_count),
    matched_combo_id: r.matched_combo_id ?? null,
    n_models_eligible: Number(r.n_models_eligible),
    direction_conflict: !!r.direction_conflict,
    model_agreement_count: Number(r.model_agreement_count),
    agreeing_model_ids: parseJson(r.agreeing_model_ids) ?? [],
    avg_edge_agreeing: Number(r.avg_edge_agreeing),
    models_predicting: Number(r.models_predicting),
    majority_direction: r.majority_direction ?? null,
    best_book: r.best_book ?? null,
    best_price: n(r.best_price),
    fair_prob: n(r.fair_prob),
    p_direction: n(r.p_direction),
    ev: n(r.ev),
    kelly_full: n(r.kelly_full),
    stake_pct: n(r.stake_pct),
    price_source: r.price_source,
    priced_at: r.priced_at ?? null,
    ultra_tier: !!r.ultra_tier,
    ultra_criteria: parseJson(r.ultra_criteria) ?? [],
    angles: parseJson(r.angles) ?? [],
    warnings: parseJson(r.warnings) ?? [],
    contributions: parseJson(r.contributions) ?? [],
    provenance: parseJson(r.provenance) ?? {},
    status: r.status,
    published_at: r.published_at ?? null,
    withdraw_reason: r.withdraw_reason ?? null,
    result: r.result ?? null,
    void_reason: r.grade_void_reason ?? null,
    actual: n(r.actual_points),
    units_won: n(r.units_won),
  };
}

const LATEST_ON = (table: string) => `date = (SELECT MAX(date) FROM ${table} WHERE date <= $1::DATE)`;

/**
 * Everything the exporters of one publish run read. `date` is the date of the dated files;
 * `today` the clock's day. The current files (all.json, latest.json, the dashboard, models
 * health) are as of `asOf` = the later of D and the newest best-bets date ≤ today, so
 * re-exporting an old date never turns the public record back in time.
 */
export async function loadPublishData(
  store: Queryable,
  date: string,
  config: Config,
  today: string = date,
): Promise<PublishData> {
  const settings = publishSettings(config);
  const from = seasonStart(date);
  const latestDate =
    (
      await store.query<{ d: string | null }>(
        'SELECT MAX(date) AS d FROM best_bets_runs WHERE date <= $1::DATE',
        [today < date ? date : today],
      )
    )[0]?.d ?? null;
  const asOf = latestDate && latestDate > date ? latestDate : date;
  const latest = latestDate ?? asOf;
  const inWindow = `(x.date BETWEEN $1::DATE AND $2::DATE OR x.date = $3::DATE)`;

  const runs = (
    await store.query(`SELECT * FROM best_bets_runs x WHERE ${inWindow} ORDER BY x.date`, [
      from,
      asOf,
      latest,
    ])
  ).map(toRun);

  const picks = (
    await store.query(
      `SELECT x.*, g.result, g.void_reason AS grade_void_reason, g.actual_points, g.units_won, c.majority_direction
       FROM best_bets_picks x
       LEFT JOIN pick_grades g ON x.status = 'active' AND g.game_date = x.date AND g.game_id = x.game_id AND g.player_id = x.player_id
       LEFT JOIN best_bets_candidates c ON c.date = x.date AND c.game_id = x.game_id AND c.player_id = x.player_id
       WHERE ${inWindow}
       ORDER BY x.date, x.rank, x.game_id, x.player_id, x.direction`,
      [from, asOf, latest],
    )
  ).map(toPick);

  const candidates = (
    await store.query(
      `SELECT c.*, p.name AS player_name FROM best_bets_candidates c LEFT JOIN players p ON p.player_id = c.player_id
       WHERE c.date IN ($1::DATE, $2::DATE, $3::DATE)`,
      [date, asOf, latest],
    )
  ).map((r): CandidateRow => {
    const pricing = parseJson(r.pricing) ?? {};
    const supp = parseJson(r.supplements) ?? {};
    return {
      date: r.date,
      game_id: r.game_id,
      player_id: Number(r.player_id),
      player_lookup: r.player_lookup,
      player: r.player_name ?? r.player_lookup,
      system_id: r.system_id,
      family: r.family,
      direction: r.direction,
      line: Number(r.line),
      predicted: Number(r.predicted),
      edge: Number(r.edge),
      quality_score: n(r.quality_score),
      signals: parseJson(r.signals) ?? [],
      real_signal_count: Number(r.real_signal_count),
      ev: n(pricing.ev),
      consensus_line: n(supp.consensus_line),
      filter_result: r.filter_result,
    };
  });

  const models = (
    await store.query('SELECT system_id, family, status, enabled, train_end FROM models ORDER BY system_id')
  ).map((r) => ({
    system_id: r.system_id,
    family: r.family,
    status: r.status,
    enabled: !!r.enabled,
    train_end: r.train_end ?? null,
  }));

  const perf = (
    await store.query(
      `SELECT date, system_id, n_7d, hr_7d, ci_low_7d, ci_high_7d, n_14d, hr_14d, ci_low_14d, ci_high_14d,
              n_30d, hr_30d, ci_low_30d, ci_high_30d, mae_30d, line_mae_30d, bias_30d, days_since_training,
              state, state_since, consecutive_days_in_state
       FROM model_performance_daily WHERE date BETWEEN $1::DATE AND $2::DATE ORDER BY date, system_id`,
      [addDays(date, -59), asOf],
    )
  ).map((r) => ({
    ...r,
    n_7d: Number(r.n_7d),
    n_14d: Number(r.n_14d),
    n_30d: Number(r.n_30d),
    hr_7d: n(r.hr_7d),
    hr_14d: n(r.hr_14d),
    hr_30d: n(r.hr_30d),
    days_since_training: n(r.days_since_training),
    consecutive_days_in_state: Number(r.consecutive_days_in_state),
  })) as PublishData['perf'];

  const bins = settings.calibrationBins;
  const calibration = (
    await store.query(
      `SELECT system_id, LEAST(CAST(FLOOR(p_over * ${bins}) AS INTEGER), ${bins - 1}) AS bin, COUNT(*) AS n,
              SUM(p_over) AS sum_p, SUM(CASE WHEN actual_points > line THEN 1 ELSE 0 END) AS overs
       FROM prediction_grades
       WHERE game_date BETWEEN $1::DATE AND $2::DATE AND p_over IS NOT NULL AND line IS NOT NULL
         AND actual_points IS NOT NULL AND actual_points <> line
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [addDays(asOf, -29), asOf],
    )
  ).map((r) => ({
    system_id: r.system_id,
    bin: Number(r.bin),
    n: Number(r.n),
    sum_p: Number(r.sum_p),
    overs: Number(r.overs),
  }));

  const signalHealth = (
    await store.query(
      `SELECT tag, n_season, hr_season, ci_low_season, ci_high_season, regime FROM signal_health_daily WHERE ${LATEST_ON('signal_health_daily')}`,
      [asOf],
    )
  ).map((r) => ({
    ...r,
    n_season: Number(r.n_season),
    hr_season: n(r.hr_season),
  })) as PublishData['signalHealth'];

  const directionHealth = (
    await store.query(
      `SELECT direction, wins, losses, pushes, voided FROM direction_health_daily WHERE ${LATEST_ON('direction_health_daily')}`,
      [asOf],
    )
  ).map((r) => ({
    direction: r.direction,
    wins: Number(r.wins),
    losses: Number(r.losses),
    pushes: Number(r.pushes),
    voided: Number(r.voided),
  }));

  const blacklist = (
    await store.query(
      `SELECT player_lookup, hr, blacklisted FROM player_blacklist_daily WHERE ${LATEST_ON('player_blacklist_daily')}`,
      [asOf],
    )
  ).map((r) => ({ player_lookup: r.player_lookup ?? null, hr: Number(r.hr), blacklisted: !!r.blacklisted }));

  const games = (
    await store.query(
      `SELECT g.game_id, g.game_date, g.start_utc, g.home, g.away, g.status,
              (g.postponed_to IS NOT NULL OR EXISTS (SELECT 1 FROM game_postponements gp
                WHERE gp.game_id = g.game_id AND gp.original_date = g.game_date)) AS postponed
       FROM games g WHERE g.game_date = $1::DATE ORDER BY g.start_utc, g.game_id`,
      [date],
    )
  ).map((r) => ({ ...r, status: Number(r.status), postponed: !!r.postponed })) as PublishData['games'];

  const predictions = (
    await store.query(
      `SELECT p.game_id, p.player_id, p.system_id, p.family, p.line, p.book, p.predicted, p.edge, p.recommendation,
              p.confidence, p.p_over, g.result, g.void_reason, g.actual_points, g.minutes, g.abs_error, g.line_abs_error
       FROM predictions p
       LEFT JOIN prediction_grades g ON g.system_id = p.system_id AND g.game_id = p.game_id AND g.player_id = p.player_id
       WHERE p.game_date = $1::DATE AND p.is_active
       ORDER BY p.game_id, p.player_id, p.system_id`,
      [date],
    )
  ).map(
    (r): PredRow => ({
      game_id: r.game_id,
      player_id: Number(r.player_id),
      system_id: r.system_id,
      family: r.family,
      line: n(r.line),
      book: r.book ?? null,
      predicted: Number(r.predicted),
      edge: n(r.edge),
      recommendation: r.recommendation,
      confidence: n(r.confidence),
      p_over: n(r.p_over),
      result: r.result ?? null,
      void_reason: r.void_reason ?? null,
      actual: n(r.actual_points),
      minutes: n(r.minutes),
      abs_error: n(r.abs_error),
      line_abs_error: n(r.line_abs_error),
    }),
  );

  const slate = `SELECT DISTINCT player_id FROM predictions WHERE game_date = $1::DATE AND is_active`;
  const players = (
    await store.query(
      `SELECT player_id, name, player_lookup, team FROM players WHERE player_id IN (${slate})`,
      [date],
    )
  ).map((r) => ({
    player_id: Number(r.player_id),
    name: r.name,
    player_lookup: r.player_lookup,
    team: r.team ?? null,
  }));

  const lastPlayed = `SELECT b.player_id, b.game_id, b.game_date, b.team, b.minutes, b.points,
        ROW_NUMBER() OVER (PARTITION BY b.player_id ORDER BY b.game_date DESC, b.game_id DESC) AS k
      FROM box_scores b WHERE b.player_id IN (${slate}) AND b.game_date <= $1::DATE AND b.minutes > 0 AND NOT b.dnp`;
  const boxes = (
    await store.query(
      `SELECT x.player_id, x.game_id, x.game_date, x.team, x.minutes, x.points, g.home AS home_team, g.away AS away_team
       FROM (${lastPlayed}) x JOIN games g ON g.game_id = x.game_id WHERE x.k <= 20
       ORDER BY x.player_id, x.game_date, x.game_id`,
      [date],
    )
  ).map((r) => ({
    ...r,
    player_id: Number(r.player_id),
    minutes: Number(r.minutes),
    points: Number(r.points),
  })) as PublishData['boxes'];

  const boxLines = (
    await store.query(
      `SELECT p.game_id, p.player_id, p.line, COUNT(*) AS n
       FROM predictions p JOIN (${lastPlayed}) x ON x.k <= 20 AND x.game_id = p.game_id AND x.player_id = p.player_id
       WHERE p.is_active AND p.line IS NOT NULL GROUP BY 1, 2, 3`,
      [date],
    )
  ).map((r) => ({
    game_id: r.game_id,
    player_id: Number(r.player_id),
    line: Number(r.line),
    n: Number(r.n),
  }));

  const pipelineRuns = (
    await store.query(
      // Publish runs are left out: the dashboard would otherwise change with every export of
      // the same data (the run log itself is at GET /api/admin/runs).
      `SELECT run_id, phase, date, status, started_at, duration_ms, counts, error FROM pipeline_runs
       WHERE phase <> 'publish' ORDER BY started_at DESC, run_id DESC LIMIT 20`,
    )
  ).map((r) => ({
    ...r,
    duration_ms: n(r.duration_ms),
    counts: parseJson(r.counts) ?? {},
  })) as PublishData['pipelineRuns'];

  const alerts = (await store.query(
    `SELECT created_at, kind, severity, subject, message FROM alerts ORDER BY created_at DESC, id DESC LIMIT 20`,
  )) as PublishData['alerts'];

  const batch = (
    await store.query(
      `SELECT batch_id, game_date, status, n_viable, n_players_predicted, started_at, finished_at
       FROM prediction_batches WHERE game_date = $1::DATE ORDER BY created_at DESC, batch_id DESC LIMIT 1`,
      [asOf],
    )
  )[0];
  const latestBatch: BatchRow | null = batch
    ? {
        batch_id: batch.batch_id,
        date: batch.game_date,
        status: batch.status,
        requested: Number(batch.n_viable),
        completed: Number(batch.n_players_predicted),
        failed: Math.max(0, Number(batch.n_viable) - Number(batch.n_players_predicted)),
        started_at: batch.started_at ?? null,
        finished_at: batch.finished_at ?? null,
      }
    : null;

  const asOfRun = runs.find((r) => r.date === asOf);
  const halt = asOfRun ? asOfRun.halt : await loadHalt(store, asOf, config.bestbets.offSeasonDays);

  return {
    date,
    asOf,
    latestDate,
    settings,
    halt: { ...halt, since: instant(halt.since) },
    runs,
    picks,
    candidates,
    models,
    perf,
    calibration,
    signalHealth,
    directionHealth,
    blacklist,
    games,
    predictions,
    players,
    boxes,
    boxLines,
    pipelineRuns,
    alerts,
    latestBatch,
  };
}
