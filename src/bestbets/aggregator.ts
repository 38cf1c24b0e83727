import { buildAngles } from './angles.ts';
import { type BaseCandidate, buildCandidates, validatePredictions } from './candidates.ts';
import {
  type FilterKey,
  type FilterSummary,
  firstFailingFilter,
  matchedComboId,
  summarizeFilters,
} from './filters.ts';
import { applyExposureCap, latestSnapshots, type Pricing, priceCandidate } from './pricing.ts';
import { evaluateSignals, realSignalCount, type SignalResult } from './signals/registry.ts';
import { bottleneck, type EdgeDistribution, edgeDistribution, type PipelineSummary } from './summary.ts';
import { SlateIndex, type Supplements } from './supplements.ts';
import type { BestBetsInput, Contribution, Direction, EngineConfig, HaltStateKind } from './types.ts';
import { type UltraCriterionMatch, type UltraGate, ultraCriteria, ultraGate } from './ultra.ts';
import { ALGORITHM_VERSION } from './version.ts';

/** One `best_bets_candidates` row. */
export interface CandidateRecord {
  date: string;
  game_id: string;
  player_id: number;
  player_lookup: string;
  system_id: string;
  family: string;
  direction: Direction;
  line: number;
  book: string;
  predicted: number;
  edge: number;
  confidence: number;
  p_over: number;
  quality_score: number;
  n_models_eligible: number;
  direction_conflict: boolean;
  majority_direction: Direction | null;
  model_agreement_count: number;
  agreeing_model_ids: string[];
  avg_edge_agreeing: number;
  models_predicting: number;
  supplements: Supplements;
  signals: SignalResult[];
  real_signal_count: number;
  pricing: Pricing;
  filter_result: FilterKey | 'passed';
}

/** One `best_bets_picks` row as the engine produces it (status fields are the writer's). */
export interface Pick {
  date: string;
  rank: number;
  game_id: string;
  player_id: number;
  player_lookup: string;
  player_name: string;
  team: string | null;
  opponent: string | null;
  game_start_utc: string;
  system_id: string;
  family: string;
  predicted: number;
  line: number;
  line_book: string;
  edge: number;
  direction: Direction;
  confidence: number;
  p_over: number;
  composite_score: number;
  signals: SignalResult[];
  real_signal_count: number;
  matched_combo_id: string | null;
  n_models_eligible: number;
  direction_conflict: boolean;
  model_agreement_count: number;
  agreeing_model_ids: string[];
  avg_edge_agreeing: number;
  models_predicting: number;
  best_book: string | null;
  best_price: number;
  fair_prob: number | null;
  p_direction: number;
  ev: number;
  kelly_full: number;
  stake_pct: number;
  price_source: 'market' | 'assumed';
  priced_at: string | null;
  ultra_tier: boolean;
  ultra_criteria: UltraCriterionMatch[];
  angles: string[];
  warnings: string[];
  contributions: Contribution[];
  algorithm_version: string;
  config_hash: string;
  provenance: {
    batch_id: string | null;
    feature_set_version: string | null;
    features_computed_at: string | null;
    odds_captured_at: string | null;
  };
}

/** One `best_bets_runs` row (run_id and created_at are the writer's). */
export interface RunRecord {
  date: string;
  algorithm_version: string;
  status: 'published' | 'halted';
  halt_state: HaltStateKind | null;
  halt_reason: string | null;
  halt_since: string | null;
  filter_summary: FilterSummary;
  pipeline_summary: PipelineSummary;
  edge_distribution: EdgeDistribution;
  exposure: { total_stake_pct: number; cap_pct: number; scale: number };
  ultra_gate: UltraGate;
  post_tip_games: number;
  config_hash: string;
}

export interface BestBetsResult {
  run: RunRecord;
  candidates: CandidateRecord[];
  picks: Pick[];
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The best-bets core (spec 05 §1): no clock, no I/O, no randomness; the same input gives the
 * same output. `input.now` is the run time the shell passes in.
 */
export function selectBestBets(input: BestBetsInput, ec: EngineConfig): BestBetsResult {
  const cfg = ec.bestbets;
  const D = input.date;
  const models = new Map(input.models.map((m) => [m.system_id, m]));
  const datePreds = input.predictions.filter((p) => p.game_date === D && p.is_active);
  validatePredictions(datePreds, models);
  const idx = new SlateIndex(D, input.now, input.games, input.boxScores, input.propLines, ec).setLookback(
    cfg.lineDeltaLookbackDays,
  );
  const players = new Map(input.players.map((p) => [p.player_id, p]));
  const blacklist = new Set(input.blacklist);

  const bases = buildCandidates(D, datePreds, models, idx.games, cfg);
  const enriched = bases.map((b) => enrich(b));

  function enrich(b: BaseCandidate) {
    const game = idx.games.get(b.game_id)!;
    const team = idx.teamFor(b.player_id, b.game_id, players.get(b.player_id)?.team ?? null);
    const opponent = team === game.home ? game.away : team === game.away ? game.home : null;
    const supplements = idx.supplements(b.player_id, b.game_id, team, opponent);
    const signals = evaluateSignals(b, supplements, cfg);
    const rsc = realSignalCount(signals);
    const snaps = latestSnapshots(
      idx.rows.get(`${b.game_id}|${b.player_id}`) ?? [],
      idx.oddsCutoff(b.game_id),
      idx.tip(b.game_id),
    );
    const pricing = priceCandidate(snaps, b, cfg.pricing);
    const filter_result = firstFailingFilter(
      { base: b, supplements, signals, real_signal_count: rsc, pricing },
      { blacklist, cfg },
    );
    return { b, team, opponent, supplements, signals, rsc, pricing, filter_result };
  }

  const candidates: CandidateRecord[] = enriched.map((e) => ({
    date: D,
    game_id: e.b.game_id,
    player_id: e.b.player_id,
    player_lookup: players.get(e.b.player_id)?.player_lookup ?? String(e.b.player_id),
    system_id: e.b.system_id,
    family: e.b.family,
    direction: e.b.direction,
    line: e.b.line,
    book: e.b.book,
    predicted: e.b.predicted,
    edge: e.b.edge,
    confidence: e.b.confidence,
    p_over: e.b.p_over,
    quality_score: e.b.quality_score,
    n_models_eligible: e.b.n_models_eligible,
    direction_conflict: e.b.direction_conflict,
    majority_direction: e.b.majority_direction,
    model_agreement_count: e.b.model_agreement_count,
    agreeing_model_ids: e.b.agreeing_model_ids,
    avg_edge_agreeing: e.b.avg_edge_agreeing,
    models_predicting: e.b.models_predicting,
    supplements: e.supplements,
    signals: e.signals,
    real_signal_count: e.rsc,
    pricing: e.pricing,
    filter_result: e.filter_result,
  }));
  const filter_summary = summarizeFilters(enriched.map((e) => e.filter_result));

  // Ranking (05 §8): |edge| desc, player_lookup asc, game_id asc, on explicit keys only.
  const passed = enriched
    .filter((e) => e.filter_result === 'passed')
    .map((e) => ({
      e,
      lookup: players.get(e.b.player_id)?.player_lookup ?? String(e.b.player_id),
      score: r4(Math.abs(e.b.edge)),
    }))
    .sort((x, y) => y.score - x.score || cmp(x.lookup, y.lookup) || cmp(x.e.b.game_id, y.e.b.game_id));
  const kept = cfg.maxPicks === null ? passed : passed.slice(0, cfg.maxPicks);
  const capped = passed.length - kept.length;
  const halted = input.halt.active;
  const selected = halted ? [] : kept;
  const exposure = applyExposureCap(
    selected.map((x) => x.e.pricing.stake_pct),
    cfg.pricing.dailyExposureCap,
  );
  const gate = ultraGate(input.ultraHistory, D, cfg.ultra);

  const picks: Pick[] = selected.map(({ e, lookup, score }, i) => {
    const b = e.b;
    const criteria = ultraCriteria(b, input.ultraHistory, D, cfg.ultra);
    const contributions = input.contributions?.[`${b.game_id}|${b.player_id}`] ?? [];
    const { angles, warnings } = buildAngles(
      { ...b, pricing: e.pricing, signals: e.signals, ultra_criteria: criteria, contributions },
      {
        cfg,
        signalHealth: input.signalHealth,
        directionHealth: input.directionHealth[b.direction],
        breakEvenHr: ec.breakEvenHr,
      },
    );
    const w = b.winner;
    return {
      date: D,
      rank: i + 1,
      game_id: b.game_id,
      player_id: b.player_id,
      player_lookup: lookup,
      player_name: players.get(b.player_id)?.name ?? lookup,
      team: e.team,
      opponent: e.opponent,
      game_start_utc: idx.tip(b.game_id),
      system_id: b.system_id,
      family: b.family,
      predicted: b.predicted,
      line: b.line,
      line_book: b.book,
      edge: b.edge,
      direction: b.direction,
      confidence: b.confidence,
      p_over: b.p_over,
      composite_score: score,
      signals: e.signals,
      real_signal_count: e.rsc,
      matched_combo_id: matchedComboId(e.signals, b.direction, cfg),
      n_models_eligible: b.n_models_eligible,
      direction_conflict: b.direction_conflict,
      model_agreement_count: b.model_agreement_count,
      agreeing_model_ids: b.agreeing_model_ids,
      avg_edge_agreeing: b.avg_edge_agreeing,
      models_predicting: b.models_predicting,
      best_book: e.pricing.best_book,
      best_price: e.pricing.best_price,
      fair_prob: e.pricing.fair_prob,
      p_direction: e.pricing.p_direction,
      ev: e.pricing.ev,
      kelly_full: e.pricing.kelly_full,
      stake_pct: exposure.stakes[i],
      price_source: e.pricing.price_source,
      priced_at: e.pricing.priced_at,
      ultra_tier: criteria.length > 0,
      ultra_criteria: criteria,
      angles,
      warnings,
      contributions,
      algorithm_version: ALGORITHM_VERSION,
      config_hash: ec.configHash,
      provenance: {
        batch_id: w.batch_id,
        feature_set_version: w.feature_set_version,
        features_computed_at: w.features_computed_at,
        odds_captured_at: w.odds_captured_at,
      },
    };
  });

  const enabled = input.models.filter((m) => m.enabled);
  const predictedModels = new Set(datePreds.map((p) => p.system_id));
  const dist = edgeDistribution(bases.map((b) => b.edge));
  const counts = {
    models_enabled: enabled.length,
    models_predicted: enabled.filter((m) => predictedModels.has(m.system_id)).length,
    predictions: datePreds.length,
    candidates: bases.length,
    edge_floor_passed: bases.filter((b) => Math.abs(b.edge) >= cfg.edgeFloor).length,
    filters_passed: filter_summary.passed,
    capped,
    picks: picks.length,
    ultra: picks.filter((p) => p.ultra_tier).length,
    max_edge: dist.max_edge,
  };
  const nowMs = Date.parse(input.now);
  const postTip = [...idx.games.values()].filter(
    (g) => g.game_date === D && !g.postponed && Date.parse(idx.tip(g.game_id)) <= nowMs,
  ).length;

  return {
    run: {
      date: D,
      algorithm_version: ALGORITHM_VERSION,
      status: halted ? 'halted' : 'published',
      halt_state: halted ? input.halt.state : null,
      halt_reason: halted ? input.halt.reason : null,
      halt_since: halted ? input.halt.since : null,
      filter_summary,
      pipeline_summary: { bottleneck: bottleneck(halted, counts), counts },
      edge_distribution: dist,
      exposure: {
        total_stake_pct: exposure.total,
        cap_pct: cfg.pricing.dailyExposureCap,
        scale: exposure.scale,
      },
      ultra_gate: gate,
      post_tip_games: postTip,
      config_hash: ec.configHash,
    },
    candidates,
    picks,
  };
}
