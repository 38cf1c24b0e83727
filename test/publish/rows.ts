import { NOT_HALTED } from '../../src/bestbets/index.ts';
import type { PickRow, RunRow } from '../../src/publish/data.ts';

/** Hand-made rows for the pure build tests. */

export function pick(over: Partial<PickRow> = {}): PickRow {
  return {
    date: '2025-11-20',
    rank: 1,
    game_id: 'G1',
    player_id: 1,
    player_lookup: 'alone',
    player_name: 'Al One',
    team: 'BOS',
    opponent: 'NYK',
    game_start_utc: '2025-11-21T00:30:00.000Z',
    system_id: 'gbdt_v12_x',
    family: 'v12',
    predicted: 33.64,
    line: 27.5,
    line_book: 'draftkings',
    edge: 6.14,
    direction: 'OVER',
    confidence: 0.55,
    p_over: 0.55,
    signals: [{ tag: 'high_edge', strength: 0.614 }],
    real_signal_count: 0,
    matched_combo_id: null,
    n_models_eligible: 1,
    direction_conflict: false,
    model_agreement_count: 1,
    agreeing_model_ids: ['gbdt_v12_x'],
    avg_edge_agreeing: 6.14,
    models_predicting: 2,
    majority_direction: 'OVER',
    best_book: 'fanduel',
    best_price: -105,
    fair_prob: 0.5,
    p_direction: 0.55,
    ev: 0.07381,
    kelly_full: 0.0551,
    stake_pct: 0.0138,
    price_source: 'market',
    priced_at: '2025-11-20T16:00:00.000Z',
    ultra_tier: true,
    ultra_criteria: [{ id: 'v12_edge_6plus', description: 'V12 model, edge 6+', hr: null, n: 0 }],
    angles: ['ULTRA: V12 model, edge 6+ — no graded ultra picks yet', 'a2', 'a3', 'a4', 'a5'],
    warnings: [],
    contributions: [{ feature: 'f', label: 'F', value: 1.26 }],
    provenance: {
      batch_id: 'pb_1',
      feature_set_version: 'v12',
      features_computed_at: null,
      odds_captured_at: null,
    },
    status: 'active',
    published_at: null,
    withdraw_reason: null,
    result: null,
    void_reason: null,
    actual: null,
    units_won: null,
    ...over,
  };
}

export function run(date: string, over: Partial<RunRow> = {}): RunRow {
  return {
    date,
    run_id: `run_${date}`,
    algorithm_version: 'bb-1',
    status: 'published',
    halt: NOT_HALTED,
    filter_summary: { total_candidates: 0, passed: 0, rejected: {} },
    pipeline_summary: { bottleneck: null, counts: {} },
    edge_distribution: { candidates: 0, edge_3_plus: 0, edge_5_plus: 0, edge_7_plus: 0, max_edge: null },
    exposure: { total_stake_pct: 0, cap_pct: 0.1, scale: 1 },
    ultra_gate: { met: false, n: 0, hr: null, target_n: 50, target_hr: 80 },
    config_hash: 'h',
    ...over,
  };
}

/** n picks of one result on a date, ranks from `rank0`. */
export function many(
  n: number,
  date: string,
  result: PickRow['result'],
  rank0 = 1,
  over: Partial<PickRow> = {},
): PickRow[] {
  return Array.from({ length: n }, (_, i) =>
    pick({ date, rank: rank0 + i, game_id: `G${rank0 + i}`, player_id: rank0 + i, result, ...over }),
  );
}
