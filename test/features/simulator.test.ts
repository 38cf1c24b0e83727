import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { loadConfig } from '../../src/config/load.ts';
import { F } from '../../src/features/contract.ts';
import { buildSlate, computeFeatures } from '../../src/features/core.ts';
import { buildIndex } from '../../src/features/feature-index.ts';
import { type FeatureInputs, paramsFromConfig, tipOf } from '../../src/features/inputs.ts';
import { loadFeatureInputs } from '../../src/features/load.ts';
import { simulateInto } from '../../src/sources/simulator/run.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * The leakage property on the simulator of issue 4 (spec 02 §7: simulator.teams 4,
 * simulator.days 30), read through the builder's own SQL: altering a game's box rows dated ≥ D,
 * snapshots and injury rows at or after tip never changes that game's tip-off rows.
 */
const { config } = loadConfig({ env: {} });
const params = paramsFromConfig(config);
let store: Store;
let base: FeatureInputs;
let games: FeatureInputs['games'];

before(async () => {
  store = await openMemoryStore();
  const s = await simulateInto(store, {
    seed: 3,
    seasons: 1,
    teams: 4,
    days: 30,
    season: 2031,
    worker: false,
  });
  const from = s.first_date as string;
  const to = s.last_date as string;
  base = await loadFeatureInputs(store, { from, to, cutoff: 'tipoff', maxLookbackDays: 365 });
  const dates = [...new Set(base.games.map((g) => g.game_date))].sort();
  games = base.games.filter((g) => g.game_date >= dates[Math.floor(dates.length * 0.6)]);
});
after(async () => {
  await store?.close();
});

function rows(inputs: FeatureInputs, gameId: string): string {
  const g = inputs.games.find((x) => x.game_id === gameId)!;
  const ix = buildIndex(inputs, params);
  const slate = buildSlate(ix, [g.game_date], 'tipoff').filter((e) => e.game_id === gameId);
  return JSON.stringify(computeFeatures(ix, slate, { params, config, cutoffKind: 'tipoff' }).rows);
}

test('simulator league: the builder writes the whole league through its SQL path', async () => {
  const dates = [...new Set(base.games.map((g) => g.game_date))].sort();
  const { buildFeatures } = await import('../../src/orchestrate/features.ts').then((m) => ({
    buildFeatures: m.buildFeaturesRecorded,
  }));
  const b = await buildFeatures(store, {
    from: dates[0],
    to: dates[dates.length - 1],
    cutoff: 'tipoff',
    config,
  });
  assert.ok(b.summary.rows > 0);
  assert.ok(b.summary.quality_ready > 0);
  assert.equal(b.summary.by_set.v9.rows, b.summary.by_set.v12.rows);
  const [{ n }] = await store.query('SELECT count(*) AS n FROM features');
  assert.equal(n, b.summary.rows);
});

test('simulator league: some rows are quality-ready (the property is not vacuous)', () => {
  const ready = games
    .slice(0, 6)
    .flatMap((g) => JSON.parse(rows(base, g.game_id)) as { is_quality_ready: boolean }[]);
  assert.ok(ready.some((r) => r.is_quality_ready));
});

test('simulator league: mutations at or after tip never change the tipoff rows (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.nat(),
      fc.nat(),
      fc.integer({ min: 0, max: 50 }),
      fc.double({ min: 0, max: 20, noNaN: true }),
      (gi, pick, value, hours) => {
        const g = games[gi % games.length];
        const before = rows(base, g.game_id);
        const changed = structuredClone(base);
        const tipMs = Date.parse(tipOf(g, params.unknownTipTimeEt));
        const at = new Date(tipMs + hours * 3_600_000).toISOString();
        const dateOf = new Map(changed.games.map((x) => [x.game_id, x.game_date]));
        for (const b of changed.box) if (dateOf.get(b.game_id)! >= g.game_date) b.points = value;
        const pid = changed.box[pick % changed.box.length].player_id;
        changed.props.push({
          game_id: g.game_id,
          player_id: pid,
          book: 'draftkings',
          line: value + 0.5,
          captured_at: at,
        });
        changed.gameLines.push({
          game_id: g.game_id,
          book: 'fanduel',
          market: 'total',
          line: 180 + value,
          captured_at: at,
        });
        changed.injuries.push({
          report_time: at,
          game_id: g.game_id,
          player_id: pid,
          team: g.home,
          status: 'out',
        });
        // G's own result becomes known
        Object.assign(changed.games.find((x) => x.game_id === g.game_id)!, {
          status: 3,
          home_score: 100 + value,
          away_score: 99,
        });
        assert.equal(rows(changed, g.game_id), before);
      },
    ),
    { numRuns: 12, seed: 42 },
  );
});

test('simulator league: a change before D does change a row (control)', () => {
  const g = games[2];
  const ix = buildIndex(base, params);
  const slate = buildSlate(ix, [g.game_date], 'tipoff').filter((e) => e.game_id === g.game_id);
  const c = computeFeatures(ix, slate, { params, config, cutoffKind: 'tipoff', sets: ['v12'] }).computed.find(
    (x) => x.values[F.points_avg_last_5] !== null,
  )!;
  const changed = structuredClone(base);
  const day = ix.games.get(g.game_id)!.date;
  const dateOf = new Map(changed.games.map((x) => [x.game_id, x.game_date]));
  const prior = changed.box
    .filter((b) => b.player_id === c.player_id && b.minutes > 0 && dateOf.get(b.game_id)! < day)
    .sort((a, b) => (dateOf.get(b.game_id)! < dateOf.get(a.game_id)! ? -1 : 1))[0];
  prior.points += 5;
  const after = computeFeatures(buildIndex(changed, params), slate, {
    params,
    config,
    cutoffKind: 'tipoff',
    sets: ['v12'],
  }).computed.find((x) => x.player_id === c.player_id)!;
  assert.ok(
    Math.abs((after.values[F.points_avg_last_5] as number) - (c.values[F.points_avg_last_5] as number) - 1) <
      1e-9,
  );
});
