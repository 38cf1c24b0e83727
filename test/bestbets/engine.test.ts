import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectBestBets } from '../../src/bestbets/aggregator.ts';
import { buildCandidates, validatePredictions } from '../../src/bestbets/candidates.ts';
import { FILTER_KEYS } from '../../src/bestbets/filters.ts';
import { bottleneck, type PipelineCounts } from '../../src/bestbets/summary.ts';
import type { BoxInput, GameInput, ModelInput } from '../../src/bestbets/types.ts';
import { D, engine, game, input, line, pred } from './fixtures.ts';

const models: ModelInput[] = [
  { system_id: 'm_v9', family: 'v9', enabled: true },
  { system_id: 'm_v9_q43', family: 'v9_q43', enabled: true },
  { system_id: 'm_v12', family: 'v12', enabled: true },
  { system_id: 'm_v12_noveg', family: 'v12_noveg', enabled: true },
  { system_id: 'm_off', family: 'v12', enabled: false },
];
const modelMap = new Map(models.map((m) => [m.system_id, m]));
const gameMap = new Map([['G1', game()]]);
const cfg = { edgeFloor: 5, agreementMinEdge: 3 };

test('winner: largest |edge|, then confidence, then the smaller system_id; agreement and PASS rows', () => {
  const preds = [
    pred({ system_id: 'm_v9', edge: 6, predicted: 27.5, confidence: 0.7 }),
    pred({
      system_id: 'm_v12',
      edge: -6,
      predicted: 15.5,
      recommendation: 'UNDER',
      p_over: 0.25,
      confidence: 0.75,
    }),
    pred({ system_id: 'm_v9_q43', edge: 2, predicted: 23.5, recommendation: 'PASS' }),
    pred({ system_id: 'm_off', edge: 9, predicted: 30.5 }), // disabled: never eligible
  ];
  const [c] = buildCandidates(D, preds, modelMap, gameMap, cfg);
  assert.equal(c.system_id, 'm_v12'); // |6| tie, confidence 0.75 > 0.70
  assert.equal(c.direction, 'UNDER');
  assert.equal(c.family, 'v12');
  assert.equal(c.n_models_eligible, 2);
  assert.equal(c.direction_conflict, true);
  assert.equal(c.majority_direction, 'UNDER'); // 1 vs 1 → winner's direction
  assert.equal(c.model_agreement_count, 1);
  assert.deepEqual(c.agreeing_model_ids, ['m_v12']);
  assert.equal(c.models_predicting, 2); // PASS and disabled rows excluded
  const tie = buildCandidates(
    D,
    [pred({ system_id: 'm_v9', confidence: 0.7 }), pred({ system_id: 'm_v12', confidence: 0.7 })],
    modelMap,
    gameMap,
    cfg,
  )[0];
  assert.equal(tie.system_id, 'm_v12'); // 'm_v12' < 'm_v9'
  assert.equal(tie.model_agreement_count, 2);
  assert.equal(tie.avg_edge_agreeing, 6.1);
});

test('eligibility: no real line, postponed game, inactive rows are not candidates', () => {
  const g = new Map([
    ['G1', game({ postponed: true })],
    ['G2', game({ game_id: 'G2' })],
  ]);
  const preds = [
    pred({ game_id: 'G1' }),
    pred({ game_id: 'G2', book: null }),
    pred({ game_id: 'G2', player_id: 2, is_active: false }),
    pred({ game_id: 'G2', player_id: 3, recommendation: 'NO_LINE', line: null, edge: null }),
  ];
  assert.equal(buildCandidates(D, preds, modelMap, g, cfg).length, 0);
});

test('bad input fails loudly, naming system, game, player and field', () => {
  assert.throws(
    () => validatePredictions([pred({ confidence: 72 })], modelMap),
    /m_v12.*G1.*player_id 1\): confidence 72 is outside \[0, 1\]/,
  );
  assert.throws(() => validatePredictions([pred({ p_over: -0.1 })], modelMap), /p_over/);
  assert.throws(
    () => validatePredictions([pred({ predicted: Number.NaN })], modelMap),
    /predicted is not finite/,
  );
  assert.throws(
    () => validatePredictions([pred({ system_id: 'ghost' })], modelMap),
    /ghost.*not in the models registry/,
  );
});

function box(
  player_id: number,
  game_id: string,
  game_date: string,
  minutes: number,
  o: Partial<BoxInput> = {},
): BoxInput {
  return {
    game_id,
    player_id,
    game_date,
    team: 'BOS',
    minutes,
    fg3m: null,
    fg3a: null,
    plus_minus: 1,
    starter: true,
    ...o,
  };
}
const past = (id: string, date: string, o: Partial<GameInput> = {}) =>
  game({ game_id: id, game_date: date, start_utc: `${date}T23:30:00.000Z`, status: 3, away: 'MIA', ...o });

function exampleA() {
  const games = [
    game(),
    past('P1', '2025-11-10'),
    past('P2', '2025-11-12'),
    past('P3', '2025-11-14'),
    past('P4', '2025-11-17'),
    past('P5', '2025-11-18'),
    past('P6', '2025-11-19'),
  ];
  const boxScores = [
    box(4, 'P1', '2025-11-10', 26),
    box(4, 'P2', '2025-11-12', 26),
    box(4, 'P3', '2025-11-14', 26),
    box(4, 'P4', '2025-11-17', 36),
    box(4, 'P5', '2025-11-18', 36),
    box(4, 'P6', '2025-11-19', 36),
  ];
  const preds = [
    pred({ player_id: 1, system_id: 'm_v9', line: 18.5, predicted: 23.3, edge: 4.8 }),
    pred({
      player_id: 2,
      system_id: 'm_v9_q43',
      line: 26.5,
      predicted: 19.1,
      edge: -7.4,
      recommendation: 'UNDER',
      p_over: 0.3,
      confidence: 0.7,
    }),
    pred({
      player_id: 3,
      system_id: 'm_v12_noveg',
      line: 10.5,
      predicted: 4.9,
      edge: -5.6,
      recommendation: 'UNDER',
      p_over: 0.3,
      confidence: 0.7,
    }),
    pred({
      player_id: 4,
      system_id: 'm_v12',
      line: 21.5,
      predicted: 27.6,
      edge: 6.1,
      p_over: 0.72,
      confidence: 0.72,
    }),
  ];
  const books: Array<[string, number, number, number]> = [
    ['draftkings', 21.5, -218, 180],
    ['fanduel', 21.5, -250, 200],
    ['betmgm', 21.5, -250, 200],
    ['caesars', 19.5, -110, -110],
    ['pointsbet', 24.5, -110, -110],
  ];
  const propLines = books.map(([book, l, o, u]) =>
    line({ player_id: 4, book, line: l, over_price: o, under_price: u }),
  );
  const players = [1, 2, 3, 4].map((i) => ({
    player_id: i,
    name: `Player ${'abcd'[i - 1]}`,
    player_lookup: 'abcd'[i - 1],
    team: 'BOS',
  }));
  return input({ predictions: preds, models, games, boxScores, propLines, players });
}

test('worked example A: the filter walk, one ultra pick at rank 1', () => {
  const r = selectBestBets(exampleA(), engine());
  const results = Object.fromEntries(r.candidates.map((c) => [c.player_lookup, c.filter_result]));
  assert.deepEqual(results, { a: 'edge_floor', b: 'under_edge_7plus', c: 'bench_under', d: 'passed' });
  const rejected = Object.fromEntries(FILTER_KEYS.map((k) => [k, 0]));
  Object.assign(rejected, { edge_floor: 1, under_edge_7plus: 1, bench_under: 1 });
  assert.deepEqual(r.run.filter_summary, { total_candidates: 4, passed: 1, rejected });
  assert.equal(r.picks.length, 1);
  const p = r.picks[0];
  assert.equal(p.rank, 1);
  assert.equal(p.player_lookup, 'd');
  assert.deepEqual(
    p.signals.map((s) => s.tag),
    ['high_edge', 'combo_he_ms', 'combo_3way', 'book_disagreement'],
  );
  assert.equal(p.real_signal_count, 2);
  assert.equal(p.best_book, 'draftkings');
  assert.equal(p.best_price, -218);
  assert.equal(p.ev, 0.0503); // 0.72 × (1 + 100/218) − 1
  assert.equal(p.ultra_tier, true);
  assert.deepEqual(
    p.ultra_criteria.map((k) => [k.id, k.n, k.hr]),
    [
      ['v12_edge_6plus', 0, null],
      ['v12_over_edge_5plus', 0, null],
      ['v12_edge_4_5plus', 0, null],
    ],
  );
  assert.equal(p.angles[0], 'ULTRA: V12 model, edge 6+ — no graded ultra picks yet');
  assert.equal(p.angles[1], 'Model projects 27.6 pts vs a 21.5 line: 6.1 pts above');
  assert.match(
    p.angles[2],
    /^Best price -218 at draftkings: 5\.0% expected value \(model 72\.0% vs fair \d+\.\d%\)$/,
  );
  assert.equal(p.angles[3], 'Large edge, rising minutes and 72.0% model confidence');
  assert.equal(p.angles[4], 'Books split: lines spread 1.8 pts across 5 books');
  assert.equal(p.team, 'BOS');
  assert.equal(p.opponent, 'NYK');
  assert.deepEqual(p.provenance, {
    batch_id: 'pb_1',
    feature_set_version: 'v12',
    features_computed_at: '2025-11-20T16:00:00.000Z',
    odds_captured_at: '2025-11-20T16:00:00.000Z',
  });
  const s = r.candidates.find((c) => c.player_lookup === 'd')!.supplements;
  assert.equal(s.minutes_avg_last_3, 36); // windows end at the latest game (D−1)
  assert.equal(s.prev_minutes, 36);
  assert.equal(s.minutes_avg_season, 31);
  assert.equal(s.rest_days, 1);
  assert.equal(s.consensus_line, 21.5);
  assert.equal(s.book_count, 5);
  assert.equal(r.run.pipeline_summary.bottleneck, null);
  assert.deepEqual(r.run.pipeline_summary.counts, {
    models_enabled: 4,
    models_predicted: 4,
    predictions: 4,
    candidates: 4,
    edge_floor_passed: 3,
    filters_passed: 1,
    capped: 0,
    picks: 1,
    ultra: 1,
    max_edge: 7.4,
  });
  assert.deepEqual(r.run.edge_distribution, {
    candidates: 4,
    edge_3_plus: 4,
    edge_5_plus: 3,
    edge_7_plus: 1,
    max_edge: 7.4,
  });
  // Determinism: the same input (in any order) gives identical output.
  const shuffled = exampleA();
  shuffled.predictions.reverse();
  shuffled.propLines.reverse();
  shuffled.boxScores.reverse();
  assert.equal(JSON.stringify(selectBestBets(shuffled, engine())), JSON.stringify(r));
});

test('a halted run keeps candidates and filter_summary, stores 0 picks', () => {
  const inp = exampleA();
  inp.halt = {
    active: true,
    state: 'manual',
    reason: 'books pulled props',
    since: '2025-11-20T15:00:00.000Z',
  };
  const r = selectBestBets(inp, engine());
  assert.equal(r.picks.length, 0);
  assert.equal(r.candidates.length, 4);
  assert.equal(r.run.filter_summary.passed, 1);
  assert.equal(r.run.status, 'halted');
  assert.equal(r.run.halt_reason, 'books pulled props');
  assert.equal(r.run.pipeline_summary.bottleneck, 'halted');
});

test('pipeline_summary: each bottleneck through the engine', () => {
  const none = selectBestBets(input({ models }), engine());
  assert.equal(none.run.pipeline_summary.bottleneck, 'no_models');
  assert.equal(none.run.filter_summary.total_candidates, 0);
  assert.equal(Object.keys(none.run.filter_summary.rejected).length, 12);
  const noCand = selectBestBets(
    input({
      models,
      predictions: [
        pred({ recommendation: 'PASS', edge: 1 }),
        pred({ player_id: 2, line: null, edge: null, recommendation: 'NO_LINE', book: null }),
      ],
    }),
    engine(),
  );
  assert.equal(noCand.run.pipeline_summary.bottleneck, 'no_candidates');
  const edge = selectBestBets(
    input({ models, predictions: [pred({ edge: 4.6, predicted: 26.1 })] }),
    engine(),
  );
  assert.equal(edge.run.pipeline_summary.bottleneck, 'edge_floor');
  assert.equal(edge.run.pipeline_summary.counts.max_edge, 4.6);
  const rej = selectBestBets(input({ models, predictions: [pred({ quality_score: 50 })] }), engine());
  assert.equal(rej.run.pipeline_summary.bottleneck, 'filters_rejected_all');
  const ok = selectBestBets(input({ models, predictions: [pred()] }), engine());
  assert.equal(ok.run.pipeline_summary.bottleneck, null);
  assert.equal(ok.picks[0].price_source, 'assumed'); // no prop_lines rows at all
});

test('bottleneck order is halted → no_models → no_candidates → edge_floor → filters_rejected_all → null', () => {
  const c = (o: Partial<PipelineCounts>): PipelineCounts => ({
    models_enabled: 1,
    models_predicted: 1,
    predictions: 1,
    candidates: 1,
    edge_floor_passed: 1,
    filters_passed: 1,
    capped: 0,
    picks: 1,
    ultra: 0,
    max_edge: 5,
    ...o,
  });
  assert.equal(bottleneck(true, c({ models_predicted: 0 })), 'halted');
  assert.equal(bottleneck(false, c({ models_predicted: 0, candidates: 0 })), 'no_models');
  assert.equal(bottleneck(false, c({ candidates: 0, edge_floor_passed: 0 })), 'no_candidates');
  assert.equal(bottleneck(false, c({ edge_floor_passed: 0, picks: 0 })), 'edge_floor');
  assert.equal(bottleneck(false, c({ picks: 0 })), 'filters_rejected_all');
  assert.equal(bottleneck(false, c({})), null);
});

test('ranking by |edge| then player_lookup then game_id; maxPicks counts the cut; exposure scaling', () => {
  const preds = [
    pred({ player_id: 1, edge: 6 }),
    pred({ player_id: 2, edge: 7, predicted: 28.5 }),
    pred({ player_id: 3, edge: 6 }),
  ];
  const players = [
    { player_id: 1, name: 'Zed', player_lookup: 'zed', team: 'BOS' },
    { player_id: 2, name: 'Mid', player_lookup: 'mid', team: 'BOS' },
    { player_id: 3, name: 'Abe', player_lookup: 'abe', team: 'BOS' },
  ];
  const r = selectBestBets(input({ models, predictions: preds, players }), engine({ maxPicks: 2 }));
  assert.deepEqual(
    r.picks.map((p) => [p.rank, p.player_lookup]),
    [
      [1, 'mid'],
      [2, 'abe'],
    ],
  );
  assert.equal(r.run.pipeline_summary.counts.capped, 1);
  assert.equal(r.run.pipeline_summary.counts.filters_passed, 3);
  // assumed −110 with p 0.72: f* = 0.4120, stake capped at 0.02 each → total 0.04, unscaled
  assert.deepEqual(r.run.exposure, { total_stake_pct: 0.04, cap_pct: 0.1, scale: 1 });
});

test('supplements: last-3 windows include D−1; proxy starter; neg plus-minus streak; line delta', () => {
  const games = [
    game(),
    past('P1', '2025-11-16'),
    past('P2', '2025-11-17'),
    past('P3', '2025-11-18'),
    past('P4', '2025-11-19'),
    past('Q1', '2025-11-19', { home: 'NYK', away: 'MIA' }),
  ];
  const b = (g: string, d: string, min: number, fg3m: number, fg3a: number, pm: number | null) =>
    box(1, g, d, min, { fg3m, fg3a, plus_minus: pm, starter: null });
  const boxScores = [
    b('P1', '2025-11-16', 30, 4, 8, 5),
    b('P2', '2025-11-17', 20, 1, 5, -3),
    b('P3', '2025-11-18', 0, 0, 0, null), // DNP: not a played game
    b('P4', '2025-11-19', 24, 0, 6, -2),
    ...[2, 3, 4, 5, 6].map((pid) => box(pid, 'P4', '2025-11-19', 30, { starter: null })),
  ];
  const propLines = [
    line({ game_id: 'P2', captured_at: '2025-11-17T16:00:00.000Z', line: 24.5 }),
    line({ game_id: 'P4', captured_at: '2025-11-19T16:00:00.000Z', line: 22.5 }),
    line({ game_id: 'G1', line: 20.5 }),
  ];
  const r = selectBestBets(
    input({ models, games, boxScores, propLines, predictions: [pred({ line: 20.5, edge: 7.1 })] }),
    engine(),
  );
  const s = r.candidates[0].supplements;
  assert.equal(s.games_played, 3);
  assert.equal(s.prev_minutes, 24);
  assert.equal(s.minutes_avg_last_3, (30 + 20 + 24) / 3);
  assert.equal(s.three_pct_last_3, 5 / 19);
  assert.equal(s.three_pct_season, 5 / 19);
  assert.equal(s.three_pa_per_game, 19 / 3);
  assert.ok(Math.abs((s.three_pct_std as number) - 0.25166) < 1e-5); // sample sd of 0.5, 0.2, 0
  assert.equal(s.rest_days, 1);
  assert.equal(s.opp_rest_days, 1); // NYK played Q1 on D−1
  assert.equal(s.neg_pm_streak, 2);
  assert.equal(s.starter, false); // sixth by minutes in P4 (ties → smaller id)
  assert.equal(s.starter_source, 'proxy_top5_minutes');
  assert.equal(s.consensus_line, 20.5);
  assert.equal(s.prev_consensus_line, 22.5);
  assert.equal(s.line_delta, -2);
  assert.equal(s.season_week, 0);
});
