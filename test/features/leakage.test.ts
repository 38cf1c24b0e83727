import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadConfig } from '../../src/config/load.ts';
import { F } from '../../src/features/contract.ts';
import { buildSlate, computeFeatures } from '../../src/features/core.ts';
import { buildIndex } from '../../src/features/feature-index.ts';
import { type FeatureInputs, paramsFromConfig, tipOf } from '../../src/features/inputs.ts';
import { simulateLeague } from './league.ts';

/**
 * Point in time (spec 02 §7, required property): altering anything at or after a game's
 * cutoff never changes that game's rows; altering something before it can (control case).
 */
const { config } = loadConfig({ env: {} });
const params = paramsFromConfig(config);
const base = simulateLeague({ teams: 4, days: 30, seed: 11, playersPerTeam: 8, playRate: 0.8 });
const late = base.games.filter((g) => g.game_date >= '2024-11-08');

const baseRows = new Map<string, string>();

function rowsOf(inputs: FeatureInputs, gameId: string, cutoff: 'tipoff' | string): string {
  const key = `${gameId}|${cutoff}`;
  if (inputs === base && baseRows.has(key)) return baseRows.get(key)!;
  const out = rowsOfUncached(inputs, gameId, cutoff);
  if (inputs === base) baseRows.set(key, out);
  return out;
}

function rowsOfUncached(inputs: FeatureInputs, gameId: string, cutoff: 'tipoff' | string): string {
  const g = inputs.games.find((x) => x.game_id === gameId)!;
  const ix = buildIndex(inputs, params);
  const slate = buildSlate(ix, [g.game_date], cutoff).filter((e) => e.game_id === gameId);
  const { rows } = computeFeatures(ix, slate, {
    params,
    config,
    cutoffKind: cutoff === 'tipoff' ? 'tipoff' : 'asof',
  });
  return JSON.stringify(rows);
}

const clone = (x: FeatureInputs): FeatureInputs => structuredClone(x);

type Mutation = { kind: number; pick: number; value: number; hours: number };
const mutationArb = fc.record({
  kind: fc.integer({ min: 0, max: 8 }),
  pick: fc.nat(),
  value: fc.integer({ min: 0, max: 60 }),
  hours: fc.double({ min: 0, max: 30, noNaN: true }),
});

/** Applies one mutation dated at or after (D, c): c = the cutoff instant in ms. */
function mutate(inputs: FeatureInputs, gameId: string, cMs: number, m: Mutation): void {
  const g = inputs.games.find((x) => x.game_id === gameId)!;
  const D = g.game_date;
  const dateOf = new Map(inputs.games.map((x) => [x.game_id, x.game_date]));
  const at = new Date(cMs + m.hours * 3_600_000).toISOString(); // ≥ c (m.hours may be 0: exactly c)
  const laterBox = inputs.box.map((b, i) => [b, i] as const).filter(([b]) => dateOf.get(b.game_id)! >= D);
  const laterGames = inputs.games.filter((x) => x.game_date >= D);
  const players = [...new Set(inputs.box.map((b) => b.player_id))];
  switch (m.kind) {
    case 0: // change a box row of a game dated ≥ D
      if (laterBox.length) {
        const [b] = laterBox[m.pick % laterBox.length];
        b.points = m.value;
        b.minutes = m.value % 48;
      }
      break;
    case 1: // delete one
      if (laterBox.length) inputs.box.splice(laterBox[m.pick % laterBox.length][1], 1);
      break;
    case 2: {
      // add a box row for G itself (the game's own result) or a later game
      const target = laterGames[m.pick % laterGames.length];
      inputs.box.push({
        game_id: target.game_id,
        player_id: players[m.pick % players.length],
        team: target.home,
        minutes: 30,
        points: m.value,
        fga: 20,
        fg3a: 5,
        fg3m: 2,
        fta: 4,
        ftm: 3,
        tov: 2,
        fga_paint: 8,
        fgm_paint: 4,
        fga_mid: 4,
        fgm_mid: 2,
      });
      break;
    }
    case 3: {
      // final scores / status of a game dated ≥ D (G's own result included)
      const target = laterGames[m.pick % laterGames.length];
      target.status = 3;
      target.home_score = 90 + m.value;
      target.away_score = 95 + (m.pick % 30);
      break;
    }
    case 4: {
      // team rows of games dated ≥ D
      const t = inputs.teamBox.filter((x) => dateOf.get(x.game_id)! >= D);
      if (t.length) t[m.pick % t.length].fga = 70 + m.value;
      break;
    }
    case 5: // a prop line for a player of G captured at or after c
      inputs.props.push({
        game_id: gameId,
        player_id: players[m.pick % players.length],
        book: ['draftkings', 'fanduel', 'newbook'][m.pick % 3],
        line: 0.5 + m.value,
        captured_at: at,
      });
      break;
    case 6: // change the line of an existing snapshot captured at or after c
      for (const p of inputs.props) if (p.game_id === gameId && Date.parse(p.captured_at) >= cMs) p.line += 3;
      break;
    case 7: // game lines at or after c
      inputs.gameLines.push({
        game_id: gameId,
        book: 'newbook',
        market: m.pick % 2 ? 'spread' : 'total',
        line: m.pick % 2 ? -m.value : 200 + m.value,
        captured_at: at,
      });
      break;
    default: // an injury report at or after c (for G, another game, or no game at all)
      inputs.injuries.push({
        report_time: at,
        game_id: m.pick % 2 ? gameId : laterGames[m.pick % laterGames.length].game_id,
        player_id: players[m.pick % players.length],
        team: m.pick % 3 ? g.home : 'ZZZ',
        status: ['out', 'doubtful', 'questionable'][m.value % 3],
      });
  }
}

test("leakage: mutations at or after tip never change a game's tipoff rows", () => {
  fc.assert(
    fc.property(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (gi, muts) => {
      const g = late[gi % late.length];
      const before = rowsOf(base, g.game_id, 'tipoff');
      const changed = clone(base);
      const tipMs = Date.parse(tipOf(g, params.unknownTipTimeEt));
      for (const m of muts) mutate(changed, g.game_id, tipMs, m);
      assert.equal(rowsOf(changed, g.game_id, 'tipoff'), before);
    }),
    { numRuns: 30, seed: 20250121 },
  );
});

test('leakage: with a serving cutoff c < tip, mutations at or after c never change the asof rows', () => {
  fc.assert(
    fc.property(
      fc.nat(),
      fc.double({ min: 0.5, max: 12, noNaN: true }),
      fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
      (gi, hoursBefore, muts) => {
        const g = late[gi % late.length];
        const tipMs = Date.parse(tipOf(g, params.unknownTipTimeEt));
        const c = new Date(Math.floor(tipMs - hoursBefore * 3_600_000)).toISOString();
        const before = rowsOf(base, g.game_id, c);
        const changed = clone(base);
        for (const m of muts) mutate(changed, g.game_id, Date.parse(c) + 1, m); // a snapshot at exactly c counts (≤ c)
        assert.equal(rowsOf(changed, g.game_id, c), before);
      },
    ),
    { numRuns: 20, seed: 7 },
  );
});

test("control: changing the points of P's latest game before D changes points_avg_last_5", () => {
  const g = late[3];
  const ix = buildIndex(base, params);
  const slate = buildSlate(ix, [g.game_date], 'tipoff').filter((e) => e.game_id === g.game_id);
  const { computed } = computeFeatures(ix, slate, { params, config, cutoffKind: 'tipoff', sets: ['v12'] });
  const eligible = computed.find((c) => c.values[F.points_avg_last_5] !== null)!;
  const rows = ix.playerBox
    .get(eligible.player_id)!
    .filter((r) => r.day < ix.games.get(g.game_id)!.day && r.minutes > 0);
  const g1 = rows[rows.length - 1];
  const changed = clone(base);
  const b = changed.box.find((x) => x.game_id === g1.game_id && x.player_id === eligible.player_id)!;
  b.points += 10;
  const ix2 = buildIndex(changed, params);
  const after = computeFeatures(ix2, slate, {
    params,
    config,
    cutoffKind: 'tipoff',
    sets: ['v12'],
  }).computed.find((c) => c.player_id === eligible.player_id)!;
  assert.ok(
    Math.abs(
      (after.values[F.points_avg_last_5] as number) - (eligible.values[F.points_avg_last_5] as number) - 2,
    ) < 1e-9,
  );
  // and a prop snapshot one minute before tip moves the line
  const tipMs = Date.parse(tipOf(g, params.unknownTipTimeEt));
  const changed2 = clone(base);
  for (const bk of ['a', 'b', 'c', 'd', 'e']) {
    changed2.props.push({
      game_id: g.game_id,
      player_id: eligible.player_id,
      book: bk,
      line: 44.5,
      captured_at: new Date(tipMs - 60_000).toISOString(),
    });
  }
  const after2 = computeFeatures(buildIndex(changed2, params), slate, {
    params,
    config,
    cutoffKind: 'tipoff',
    sets: ['v12'],
  }).computed.find((c) => c.player_id === eligible.player_id)!;
  assert.equal(after2.values[F.vegas_points_line], 44.5);
});
