import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { featureNames } from '../../src/features/contract.ts';
import { buildSlate, computeFeatures } from '../../src/features/core.ts';
import { buildIndex } from '../../src/features/feature-index.ts';
import { paramsFromConfig } from '../../src/features/inputs.ts';
import type { FeatureRow } from '../../src/features/quality.ts';
import { fixtureLeague, G, P, Q, S, TIP, X } from './fixture.ts';

const { config } = loadConfig({ env: {} });
const params = paramsFromConfig(config);

function build(cutoff: 'tipoff' | string, inputs = fixtureLeague()) {
  const ix = buildIndex(inputs, params);
  const slate = buildSlate(ix, ['2025-01-21'], cutoff);
  return computeFeatures(ix, slate, { params, config, cutoffKind: cutoff === 'tipoff' ? 'tipoff' : 'asof' });
}

function named(row: FeatureRow): Record<string, number | null> {
  const names = featureNames(row.feature_set);
  return Object.fromEntries(names.map((n, i) => [n, row.values[i]]));
}

function rowOf(rows: FeatureRow[], player: number, set = 'v12'): FeatureRow {
  const r = rows.find((x) => x.game_id === G && x.player_id === player && x.feature_set === set);
  assert.ok(r, `row for ${player} ${set}`);
  return r;
}

const sd10 = 4; // sd(28,24,18,20,16,22,14,20,18,20)
// usage of P in a game = 100·(18 + 0.44·5 + 2)·48 / (MIN·110.68)
const usage = (num: number, min: number) => (100 * num * 48) / (min * 110.68);
const pMinutes = [36, 34, 30, 32, 30, 34, 28, 32, 30, 34];
const u5 = pMinutes.slice(0, 5).reduce((a, m) => a + usage(22.2, m), 0) / 5;
const us = pMinutes.reduce((a, m) => a + usage(22.2, m), 0) / 10;

// Every feature of P's v12 row at G, computed by hand from fixture.ts.
const EXPECTED: Record<string, number> = {
  points_avg_last_5: 21.2, // 28, 24, 18, 20, 16
  points_avg_last_10: 20, // 200 / 10
  points_avg_season: 20, // the April 2024 game is season 2023
  points_std_last_10: sd10,
  games_in_last_7_days: 4, // 01-14, 16, 18, 20
  fatigue_score: 70, // 100 − 15 (b2b) − 10 (4 games in 7 d) − 5 (age 31)
  shot_zone_mismatch_score: 100 * (72 / 136 - 258 / 496) * (80 / 180 / 0.5), // paint zone, 0.822
  pace_score: 0,
  usage_spike_score: 0.3 * (u5 - us), // negative: no star multiplier
  rest_advantage: -2, // AAA 1 day, BBB 3 days
  injury_risk: 2, // questionable in the 22:00Z report (the 00:45Z "out" is after tip)
  recent_trend: 2, // 26 − 18 = 8
  minutes_change: 0,
  opponent_def_rating: (100 * 1140) / (11 * 100.68),
  opponent_pace: 100.68,
  home_away: 1,
  back_to_back: 1,
  playoff_game: 0,
  pct_paint: 80 / 180,
  pct_mid_range: 40 / 180,
  pct_three: 60 / 180,
  pct_free_throw: 40 / 200,
  team_pace: 100.68,
  team_off_rating: (100 * 1085) / (10 * 100.68),
  team_win_pct: 10 / 11,
  vegas_points_line: 22.5,
  vegas_opening_line: 21.5,
  vegas_line_move: 1,
  has_vegas_line: 1,
  avg_points_vs_opponent: 22.5, // 18, 22, 20 and 30 (April 2024)
  games_vs_opponent: 4,
  minutes_avg_last_10: 32,
  ppm_avg_last_10: 200 / 320,
  dnp_rate: 0.1, // missed 01-09 among AAA's last 10 games
  pts_slope_10g: 0.703030303030303,
  pts_vs_season_zscore: 1.2 / sd10,
  breakout_flag: 0,
  star_teammates_out: 1, // S out, averaging 25
  game_total_line: 226.5, // the 240.5 after tip is ignored
  days_rest: 1,
  minutes_load_last_7d: 132,
  spread_magnitude: 4.5,
  implied_team_total: 115.5, // 226.5/2 + 4.5/2 (home favourite)
  points_avg_last_3: 70 / 3,
  scoring_trend_slope: 12 / 7, // 14, 22, 16, 20, 18, 24, 28
  deviation_from_avg_last3: (70 / 3 - 20) / sd10,
  consecutive_games_below_avg: 0,
  teammate_usage_available: usage(25.64, 35), // S: (20 + 0.44·6 + 3), 35 min
  usage_rate_last_5: u5,
  games_since_structural_change: 10,
  multi_book_line_std: 0.5773502691896257,
  prop_over_streak: 2, // 28, 24 over 22.5; 18 stops
  prop_under_streak: 0,
  line_vs_season_avg: 2.5,
};

test('every v12 feature of the fixture row matches the hand computation', () => {
  const { rows } = build('tipoff');
  const r = rowOf(rows, P);
  const got = named(r);
  assert.equal(Object.keys(EXPECTED).length, 54);
  for (const [name, want] of Object.entries(EXPECTED)) {
    assert.ok(got[name] !== null, `${name} is NULL`);
    assert.ok(Math.abs((got[name] as number) - want) < 1e-9, `${name}: got ${got[name]}, want ${want}`);
  }
  assert.equal(r.reason, null);
  assert.equal(r.required_defaults, 0);
  assert.equal(r.quality_score, 99); // (46·100 + 5·95 + 3·90)/54 = 98.98
  assert.equal(r.is_quality_ready, true);
  assert.equal(r.line_at_cutoff, 22.5);
  assert.equal(r.cutoff_at, TIP);
  assert.equal(r.team, 'AAA');
  assert.equal(r.opponent, 'BBB');
  assert.equal(r.sources[0], 'box_score');
  assert.equal(r.sources[7], 'team_logs');
  assert.equal(r.sources[10], 'injuries');
  assert.equal(r.sources[25], 'odds');
});

test('each set is a projection of the superset with its own quality', () => {
  const { rows } = build('tipoff');
  const v12 = rowOf(rows, P, 'v12');
  const v9 = rowOf(rows, P, 'v9');
  const noveg = rowOf(rows, P, 'v12_noveg');
  assert.deepEqual(v9.values, v12.values.slice(0, 33));
  assert.deepEqual(noveg.values, [...v12.values.slice(0, 25), ...v12.values.slice(29)]);
  assert.equal(v9.quality_score, 98.9); // (27·100 + 5·95 + 90)/33
  assert.equal(noveg.quality_score, 98.9); // (42·100 + 5·95 + 3·90)/50
  assert.equal(noveg.line_at_cutoff, 22.5); // kept for every set
  assert.equal(v12.feature_set_version, 'v12@1');
});

test('slate: roster, line and injury players; insufficient history and team mismatch rows are written', () => {
  const { rows } = build('tipoff');
  const players = [...new Set(rows.filter((r) => r.game_id === G).map((r) => r.player_id))];
  assert.deepEqual(players, [P, S, Q, 11, X]);
  const q = rowOf(rows, Q);
  assert.equal(q.reason, 'INSUFFICIENT_HISTORY');
  assert.equal(q.is_quality_ready, false);
  const qn = named(q);
  assert.equal(qn.points_avg_last_5, null);
  assert.equal(qn.days_rest, null);
  assert.ok(Math.abs((qn.team_pace as number) - 100.68) < 1e-9); // team features stay present
  assert.ok(q.quality_score <= 49);
  const x = rowOf(rows, X);
  assert.equal(x.reason, 'TEAM_MISMATCH');
  assert.equal(x.team, 'CCC');
  const xn = named(x);
  assert.equal(xn.home_away, null);
  assert.equal(xn.points_avg_last_5, 12);
  assert.equal(xn.vegas_points_line, 11.5);
  assert.equal(x.is_quality_ready, false);
});

test('serving cutoff: 17:30Z gives the worked example; 14:00Z sees only the 13:00Z snapshot; move is not zeroed', () => {
  const late = named(rowOf(build('2025-01-21T17:30:00.000Z').rows, P));
  assert.equal(late.vegas_points_line, 22.5);
  assert.equal(late.vegas_opening_line, 21.5);
  assert.equal(late.vegas_line_move, 1);
  assert.ok(Math.abs((late.multi_book_line_std as number) - 0.57735) < 1e-5);
  assert.equal(late.injury_risk, null); // no report at or before 17:30Z
  assert.equal(late.star_teammates_out, null);
  assert.equal(late.teammate_usage_available, null);
  const early = named(rowOf(build('2025-01-21T14:00:00.000Z').rows, P));
  assert.equal(early.vegas_points_line, 21.5); // DK 21.5, FD 22.5: tie → lower
  assert.equal(early.vegas_line_move, 0);
  assert.equal(early.prop_over_streak, 2); // 28, 24 > 21.5; 18 stops
  const mid = named(rowOf(build('2025-01-21T19:00:00.000Z').rows, P));
  assert.equal(mid.injury_risk, 1); // probable in the 18:00Z report
  assert.equal(mid.star_teammates_out, 0); // S questionable
  assert.equal(mid.teammate_usage_available, 0);
  // A started game is not built when serving.
  assert.equal(build('2025-01-22T00:30:00.000Z').rows.filter((r) => r.game_id === G).length, 0);
});

test('NULL cases: no zones, sd60 = 0, one book, no injury report, one-sided team rows', () => {
  const inputs = fixtureLeague();
  for (const b of inputs.box) {
    b.fga_paint = null;
    b.fgm_paint = null;
    if (b.player_id === P && b.minutes > 0) b.points = 20;
  }
  inputs.props = inputs.props.filter((p) => p.book === 'draftkings');
  inputs.injuries = [];
  // Only the home side's row (as in the real 2025-26 team logs): P_g = that row's poss.
  inputs.teamBox = inputs.teamBox.filter((t) => {
    const g = inputs.games.find((x) => x.game_id === t.game_id)!;
    return t.team === g.home;
  });
  for (const t of inputs.teamBox) if (t.team === 'BBB') t.fga = 90; // BBB home games: poss 102.68
  const r = named(rowOf(build('tipoff', inputs).rows, P));
  assert.equal(r.shot_zone_mismatch_score, null);
  assert.equal(r.pct_paint, null);
  assert.equal(r.pct_mid_range, null);
  assert.equal(r.deviation_from_avg_last3, null); // every H60 game 20 points: σ60 = 0
  assert.equal(r.pts_vs_season_zscore, null); // sd10 = 0
  assert.equal(r.breakout_flag, 0);
  assert.equal(r.multi_book_line_std, null);
  assert.equal(r.vegas_points_line, 22.5);
  assert.equal(r.injury_risk, null);
  assert.equal(r.star_teammates_out, null);
  assert.equal(r.teammate_usage_available, null);
  // BBB's last 15 games: 7 home (poss 102.68), 4 away at AAA (100.68). Points allowed as before.
  const poss = 7 * 102.68 + 4 * 100.68;
  assert.ok(Math.abs((r.opponent_def_rating as number) - (100 * 1140) / poss) < 1e-9);
  assert.ok(Math.abs((r.opponent_pace as number) - poss / 11) < 1e-9);
});

test('team metrics: spec example 3 (pace, ratings, overtime length)', () => {
  const inputs = fixtureLeague();
  // T's rows: FGA 88, OREB 10, TOV 13, FTA 22 → 100.68; every opponent row → 98.20.
  for (const t of inputs.teamBox) if (t.team !== 'AAA') t.fta = (98.2 - 88 + 10 - 13) / 0.44;
  // One AAA game in overtime: 265 minutes → length 53.
  const ot = inputs.teamBox.filter((t) => t.game_id === '20250120_AAA_DDD');
  for (const t of ot) t.minutes = 265;
  const r = named(rowOf(build('tipoff', inputs).rows, P));
  const pg = (100.68 + 98.2) / 2; // 99.44
  const pace10 = (9 * pg + (48 * pg) / 53) / 10;
  assert.ok(Math.abs((r.team_pace as number) - pace10) < 1e-9);
  assert.ok(Math.abs((r.team_off_rating as number) - (100 * 1085) / (10 * pg)) < 1e-9);
});

test('fatigue: back-to-backs, heavy minutes, unknown age', () => {
  const inputs = fixtureLeague();
  // Make P play the 2025-01-19 … 01-20 pair and 01-17 … 01-18 too: two extra AAA games.
  for (const [date, opp] of [
    ['2025-01-19', 'CCC'],
    ['2025-01-17', 'DDD'],
  ]) {
    const id = `${date.replaceAll('-', '')}_${opp}_AAA`;
    inputs.games.push({
      game_id: id,
      game_date: date,
      start_utc: null,
      season: 2024,
      season_type: 'regular',
      home: 'AAA',
      away: opp,
      status: 3,
      home_score: 110,
      away_score: 100,
    });
    inputs.box.push({
      ...inputs.box.find((b) => b.player_id === P && b.minutes === 36)!,
      game_id: id,
      minutes: 40,
      points: 20,
    });
  }
  inputs.players = [];
  const r = named(rowOf(build('tipoff', inputs).rows, P));
  // 7 d (01-14…01-20): 14, 16, 17, 18, 19, 20 → 6 games, 32+30+40+34+40+36 = 212 min (> 140, 35.3/game)
  assert.equal(r.games_in_last_7_days, 6);
  assert.equal(r.minutes_load_last_7d, 212);
  // b2b pairs in 14 d: 16-17, 17-18, 18-19, 19-20 → 4 ≥ 2 → −12; no age term.
  assert.equal(r.fatigue_score, 100 - 15 - 10 - 10 - 8 - 12);
});

test('usage spike: positive spike × 1.15 with one star teammate out', () => {
  const inputs = fixtureLeague();
  const last5 = ['2025-01-12', '2025-01-14', '2025-01-16', '2025-01-18', '2025-01-20'];
  const ids = new Set(
    inputs.games
      .filter((g) => last5.includes(g.game_date) && (g.home === 'AAA' || g.away === 'AAA'))
      .map((g) => g.game_id),
  );
  for (const b of inputs.box) if (b.player_id === P && ids.has(b.game_id)) b.minutes = 25;
  const r = named(rowOf(build('tipoff', inputs).rows, P));
  const u5b = usage(22.2, 25);
  const usb = (5 * u5b + [34, 28, 32, 30, 34].reduce((a, m) => a + usage(22.2, m), 0)) / 10;
  assert.ok(Math.abs((r.usage_spike_score as number) - 0.3 * (u5b - usb) * 1.15) < 1e-9);
  assert.ok(Math.abs((r.usage_rate_last_5 as number) - u5b) < 1e-9);
});

test('postponed games: not on the slate of their date, and their box rows are not history', () => {
  const inputs = fixtureLeague();
  inputs.postponements.push({ game_id: G, original_date: '2025-01-21' });
  // 01-20 AAA @ DDD "postponed" too: P's g1 (28 points) drops out of his history.
  inputs.postponements.push({ game_id: '20250120_AAA_DDD', original_date: '2025-01-20' });
  const { rows } = build('tipoff', inputs);
  assert.equal(rows.filter((r) => r.game_id === G).length, 0);
  const ix = buildIndex(inputs, params);
  const slate = buildSlate(ix, ['2025-01-21'], 'tipoff');
  const other = computeFeatures(ix, slate, { params, config, cutoffKind: 'tipoff', sets: ['v12'] }).computed;
  assert.ok(other.every((c) => c.game_id !== G));
  const p = ix.playerBox.get(P)!;
  assert.ok(!p.some((r) => r.game_id === '20250120_AAA_DDD'));
});
