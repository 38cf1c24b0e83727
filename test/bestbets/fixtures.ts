import type { BaseCandidate } from '../../src/bestbets/candidates.ts';
import type { Supplements } from '../../src/bestbets/supplements.ts';
import type {
  BestBetsInput,
  EngineConfig,
  GameInput,
  LineInput,
  PredictionInput,
} from '../../src/bestbets/types.ts';
import { configSchema } from '../../src/config/schema.ts';

/** Default config with overrides of the bestbets group (deep-merged one level down). */
export function testConfig(over: Record<string, any> = {}) {
  const raw: any = { bestbets: {} };
  for (const [k, v] of Object.entries(over)) raw.bestbets[k] = v;
  return configSchema.parse(raw);
}

export function engine(over: Record<string, any> = {}): EngineConfig {
  const c = testConfig(over);
  return {
    bestbets: c.bestbets,
    breakEvenHr: 52.4,
    staleAfterHours: 12,
    outlierPoints: 6,
    unknownTipTimeEt: '19:00',
    configHash: 'hash-test',
  };
}

export const D = '2025-11-20';
export const NOW = '2025-11-20T17:00:00.000Z';
export const TIP = '2025-11-21T00:30:00.000Z';

export function base(over: Partial<BaseCandidate> = {}): BaseCandidate {
  const b: BaseCandidate = {
    game_id: 'G1',
    player_id: 1,
    winner: pred(),
    system_id: 'm_v12',
    family: 'v12',
    direction: 'OVER',
    line: 21.5,
    book: 'draftkings',
    predicted: 27.6,
    edge: 6.1,
    confidence: 0.72,
    p_over: 0.72,
    quality_score: 95,
    n_models_eligible: 1,
    n_over_eligible: 1,
    n_under_eligible: 0,
    direction_conflict: false,
    majority_direction: 'OVER',
    model_agreement_count: 1,
    agreeing_model_ids: ['m_v12'],
    avg_edge_agreeing: 6.1,
    models_predicting: 1,
    ...over,
  };
  return b;
}

export function supp(over: Partial<Supplements> = {}): Supplements {
  return {
    games_played: 10,
    prev_minutes: 30,
    minutes_avg_season: 30,
    minutes_avg_last_3: 30,
    minutes_surge: 0,
    three_pa_per_game: 2,
    three_pct_season: 0.35,
    three_pct_last_3: 0.35,
    three_pct_std: 0.1,
    rest_days: 1,
    opp_rest_days: 2,
    season_week: 20,
    neg_pm_streak: 0,
    starter: true,
    starter_source: 'box_score',
    games_vs_opponent: 1,
    consensus_line: 21.5,
    book_count: 3,
    line_std: 0.5,
    prev_consensus_line: 21.5,
    line_delta: 0,
    ...over,
  };
}

export function pred(over: Partial<PredictionInput> = {}): PredictionInput {
  return {
    system_id: 'm_v12',
    game_id: 'G1',
    player_id: 1,
    game_date: D,
    line: 21.5,
    book: 'draftkings',
    predicted: 27.6,
    edge: 6.1,
    p_over: 0.72,
    confidence: 0.72,
    recommendation: 'OVER',
    is_active: true,
    batch_id: 'pb_1',
    feature_set_version: 'v12',
    features_computed_at: '2025-11-20T16:00:00.000Z',
    odds_captured_at: '2025-11-20T16:00:00.000Z',
    quality_score: 95,
    ...over,
  };
}

export function game(over: Partial<GameInput> = {}): GameInput {
  return {
    game_id: 'G1',
    game_date: D,
    start_utc: TIP,
    season: 2025,
    season_type: 'regular',
    home: 'BOS',
    away: 'NYK',
    status: 1,
    postponed: false,
    ...over,
  };
}

export function line(over: Partial<LineInput> = {}): LineInput {
  return {
    captured_at: '2025-11-20T16:00:00.000Z',
    game_id: 'G1',
    player_id: 1,
    book: 'draftkings',
    line: 21.5,
    over_price: -110,
    under_price: -110,
    ...over,
  };
}

export function input(over: Partial<BestBetsInput> = {}): BestBetsInput {
  return {
    date: D,
    now: NOW,
    predictions: [],
    models: [],
    games: [game()],
    boxScores: [],
    propLines: [],
    players: [],
    halt: { active: false, state: null, reason: null, since: null },
    blacklist: [],
    directionHealth: {},
    signalHealth: {},
    ultraHistory: [],
    ...over,
  };
}
