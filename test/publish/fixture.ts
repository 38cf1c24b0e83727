import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/config/log.ts';
import type { Config } from '../../src/config/schema.ts';
import { addDays, dateRange } from '../../src/domain/dates.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { gradeDates } from '../../src/orchestrate/grade.ts';
import { type ExportResult, exportDate } from '../../src/orchestrate/publish.ts';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.ts';
import { setMeta } from '../../src/store/meta.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import { json, type Store } from '../../src/store/store.ts';
import { insertModels } from '../../src/store/tables/models.ts';
import { insertPredictions, type PredictionRecord } from '../../src/store/tables/predictions.ts';

/**
 * `publishFixture()`: a small simulated season backfilled through the real grader and
 * exported by the real publish use case, for the publish, server and browser tests.
 *
 * The league: 8 teams, 6 players each, two games a day (the two halves of the league alternate),
 * from 2025-10-21 to 2025-11-20 (D, the simulated clock day, whose games are not played yet).
 * Two enabled models (v12 and v9) predict every player; each day's picks are designed with
 * their results (the box scores are written to produce them) and graded by src/grading. Special
 * days: 2025-10-25 halted (manual), 2025-10-28 without a best-bets run, 2025-11-02 a published
 * day with no picks, 2025-11-10 holds a withdrawn pick, some picks are voided (DNP) or pushed.
 * `truth` lists every designed pick with its intended status and result, so tests can count
 * records without going through the exporters.
 */

export const FIXTURE_FIRST = '2025-10-21';
export const FIXTURE_DATE = '2025-11-20';
export const FIXTURE_GENERATED_AT = '2025-11-20T17:05:12Z';
export const HALTED_DAY = '2025-10-25';
export const NOT_RUN_DAY = '2025-10-28';
export const NO_PICKS_DAY = '2025-11-02';
export const WITHDRAWN_DAY = '2025-11-10';

const TEAMS = ['BOS', 'NYK', 'LAL', 'DEN', 'MIA', 'PHI', 'GSW', 'PHX'];
const PER_TEAM = 6;
const MODELS = [
  { system_id: 'gbdt_v12_train0801_1015', family: 'v12', feature_set: 'v12' },
  { system_id: 'gbdt_v9_train0801_1015', family: 'v9', feature_set: 'v9' },
];

export interface TruthPick {
  date: string;
  rank: number;
  game_id: string;
  player_id: number;
  player_lookup: string;
  direction: 'OVER' | 'UNDER';
  line: number;
  family: string;
  ultra: boolean;
  status: 'active' | 'withdrawn';
  /** Designed result; null for D's picks (not played yet) and withdrawn picks. */
  result: 'WIN' | 'LOSS' | 'PUSH' | 'VOID' | null;
}

export interface PublishFixture {
  store: Store;
  app: App;
  config: Config;
  /** Export directory (files under v1/). */
  dir: string;
  date: string;
  generatedAt: string;
  export: ExportResult;
  truth: TruthPick[];
  /** Lookups of D's slate (each has a players/{lookup}.json). */
  slate: string[];
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** DuckDB file for the store (e.g. for `courtedge serve` tests); default in memory. */
  storePath?: string;
  /** A migrated, empty store to seed instead (e.g. PostgreSQL); close() closes it. */
  store?: Store;
  /** Export directory; default a new temp directory removed by close(). */
  dir?: string;
  /** Skip the export (a store only). */
  noExport?: boolean;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fixtureConfig(overrides: Record<string, unknown> = {}): Config {
  return loadConfig({ env: {}, file: undefined, overrides }).config;
}

const playerId = (t: number, k: number) => 1_000 + 100 * t + k;
const lookupOf = (t: number, k: number) => `${TEAMS[t].toLowerCase()}player${k + 1}`;
const nameOf = (t: number, k: number) => `${TEAMS[t]} Player ${k + 1}`;

/** Inserts rows naming some columns; other NOT NULL columns without a default get a filler. */
async function insertFilled(
  store: Store,
  table: string,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  if (!rows.length) return;
  const cols = await store.query<{
    column_name: string;
    is_nullable: string;
    column_default: string | null;
    data_type: string;
  }>(
    `SELECT column_name, is_nullable, column_default, data_type FROM information_schema.columns
     WHERE table_name = $1 AND table_schema = current_schema()`,
    [table],
  );
  const given = Object.keys(rows[0]);
  const fill = cols.filter(
    (c) => c.is_nullable === 'NO' && c.column_default === null && !given.includes(c.column_name),
  );
  const filler = (t: string): unknown => {
    const u = t.toUpperCase();
    if (u.includes('INT') || u.includes('DOUBLE') || u.includes('DECIMAL') || u.includes('FLOAT')) return 0;
    if (u.includes('BOOL')) return false;
    if (u.includes('JSON')) return '[]';
    if (u.includes('TIMESTAMP')) return '2025-10-01T00:00:00Z';
    if (u === 'DATE') return '2025-10-01';
    return '';
  };
  await store.insertMany(
    table,
    [...given, ...fill.map((c) => c.column_name)],
    rows.map((r) => [...given.map((k) => r[k]), ...fill.map((c) => filler(c.data_type))]),
  );
}

const emptyRejected = () => ({
  blacklist: 0,
  edge_floor: 0,
  under_edge_7plus: 0,
  familiar_matchup: 0,
  quality_floor: 0,
  bench_under: 0,
  line_jumped_under: 0,
  line_dropped_under: 0,
  neg_pm_streak: 0,
  min_signals: 0,
  negative_ev: 0,
  anti_pattern: 0,
});

/** Seeds the season into `store` (no grading, no export); returns the designed picks. */
export async function seedSeason(store: Store): Promise<{ truth: TruthPick[]; slate: string[] }> {
  const rand = rng(20251120);
  const dates = dateRange(FIXTURE_FIRST, FIXTURE_DATE);
  await setMeta(store, 'kind', 'simulated');
  await setMeta(store, 'clock_date', FIXTURE_DATE);
  await store.insertMany(
    'players',
    ['player_id', 'name', 'player_lookup', 'team'],
    TEAMS.flatMap((team, t) =>
      Array.from({ length: PER_TEAM }, (_, k) => [playerId(t, k), nameOf(t, k), lookupOf(t, k), team]),
    ),
  );
  await insertModels(
    store,
    MODELS.map((m) => ({
      ...m,
      contract_hash: 'c',
      loss: 'l2',
      min_edge: 3,
      train_start: '2025-08-01',
      train_end: '2025-10-15',
      window_game_days: 56,
      artifact_hash: 'none',
      created_at: '2025-10-16T00:00:00Z',
      enabled: true,
      status: 'shadow',
    })),
  );

  const games: unknown[][] = [];
  const box: unknown[][] = [];
  const preds: PredictionRecord[] = [];
  const runs: Array<Record<string, unknown>> = [];
  const picks: Array<Record<string, unknown>> = [];
  const cands: Array<Record<string, unknown>> = [];
  const truth: TruthPick[] = [];
  let slate: string[] = [];

  dates.forEach((date, i) => {
    const half = i % 2 === 0 ? [0, 1, 2, 3] : [4, 5, 6, 7];
    const isD = date === FIXTURE_DATE;
    const dayGames = [
      {
        game_id: `${date.replaceAll('-', '')}_${TEAMS[half[1]]}_${TEAMS[half[0]]}`,
        home: half[0],
        away: half[1],
        tip: `${addDays(date, 1)}T00:00:00.000Z`,
      },
      {
        game_id: `${date.replaceAll('-', '')}_${TEAMS[half[3]]}_${TEAMS[half[2]]}`,
        home: half[2],
        away: half[3],
        tip: `${addDays(date, 1)}T02:30:00.000Z`,
      },
    ];
    // Designed picks of the day: player k of the first home team etc.
    const nPicks = date === HALTED_DAY || date === NO_PICKS_DAY || date === NOT_RUN_DAY ? 0 : 1 + (i % 3);
    const designed = new Map<
      string,
      {
        direction: 'OVER' | 'UNDER';
        result: TruthPick['result'];
        family: string;
        rank: number;
        status: 'active' | 'withdrawn';
      }
    >();
    for (let r = 0; r < nPicks; r++) {
      const g = dayGames[r % 2];
      const t = r < 2 ? g.home : g.away;
      const k = (i + r) % PER_TEAM;
      const roll = rand();
      const result: TruthPick['result'] = isD
        ? null
        : roll < 0.58
          ? 'WIN'
          : roll < 0.9
            ? 'LOSS'
            : roll < 0.95
              ? 'PUSH'
              : 'VOID';
      designed.set(`${g.game_id}|${playerId(t, k)}`, {
        direction: (i + r) % 3 === 2 ? 'UNDER' : 'OVER',
        result,
        family: r % 2 === 0 ? 'v12' : 'v9',
        rank: r + 1,
        status: 'active',
      });
    }
    if (date === WITHDRAWN_DAY) {
      const g = dayGames[1];
      designed.set(`${g.game_id}|${playerId(g.away, 5)}`, {
        direction: 'OVER',
        result: null,
        family: 'v9',
        rank: 9,
        status: 'withdrawn',
      });
    }
    if (isD) slate = [];
    for (const g of dayGames) {
      const final = !isD;
      let homePts = 0;
      let awayPts = 0;
      for (const t of [g.home, g.away]) {
        for (let k = 0; k < PER_TEAM; k++) {
          const pid = playerId(t, k);
          const key = `${g.game_id}|${pid}`;
          const pick = designed.get(key);
          // A push needs a whole-number line; every other line ends in .5.
          const line = pick?.result === 'PUSH' ? 18 + k : 14.5 + 2 * k;
          const dir = pick?.direction ?? (rand() < 0.5 ? 'OVER' : 'UNDER');
          const edgeAbs = pick ? 5.2 + ((i + k) % 4) * 0.7 : rand() * 4.5;
          const predicted = Math.round((line + (dir === 'OVER' ? edgeAbs : -edgeAbs)) * 10) / 10;
          let points = Math.max(0, Math.round(line + (rand() - 0.5) * 10));
          let dnp = false;
          if (pick && pick.status === 'active') {
            if (pick.result === 'WIN') points = dir === 'OVER' ? Math.ceil(line + 2) : Math.floor(line - 2);
            else if (pick.result === 'LOSS')
              points = dir === 'OVER' ? Math.floor(line - 3) : Math.ceil(line + 3);
            else if (pick.result === 'PUSH') points = line;
            else if (pick.result === 'VOID') dnp = true;
          }
          if (t === g.home) homePts += points;
          else awayPts += points;
          if (final) {
            box.push([
              g.game_id,
              pid,
              date,
              TEAMS[t],
              dnp ? 0 : 30 + k,
              dnp ? 0 : points,
              dnp,
              dnp ? 'coach decision' : null,
              'fixture',
            ]);
          }
          if (isD) slate.push(lookupOf(t, k));
          if (date === NOT_RUN_DAY) continue;
          for (const m of MODELS) {
            const own = pick && pick.family === m.family;
            const p = own ? predicted : Math.round((line + (rand() - 0.5) * 6) * 10) / 10;
            const pOver = Math.min(0.95, Math.max(0.05, 0.5 + (p - line) / 20));
            preds.push({
              prediction_id: `pr_${g.game_id}_${pid}_${m.family}`,
              batch_id: `pb_${date.replaceAll('-', '')}_170000_fx00`,
              mode: 'BACKFILL',
              game_date: date,
              game_id: g.game_id,
              player_id: pid,
              system_id: m.system_id,
              family: m.family,
              line,
              book: 'draftkings',
              n_books: 4,
              predicted: p,
              edge: Math.round((p - line) * 10) / 10,
              p_over: Math.round(pOver * 10_000) / 10_000,
              confidence: Math.round(Math.max(pOver, 1 - pOver) * 10_000) / 10_000,
              recommendation: p > line ? 'OVER' : p < line ? 'UNDER' : 'PASS',
              feature_set_version: m.feature_set,
              feature_quality: 95,
              as_of: `${date}T17:00:00.000Z`,
              created_at: `${date}T17:00:00.000Z`,
              is_active: true,
            });
          }
          if (!pick) {
            if (k === 0 && date !== NOT_RUN_DAY) {
              cands.push(
                candidate(
                  date,
                  g.game_id,
                  pid,
                  lookupOf(t, k),
                  MODELS[1].system_id,
                  'v9',
                  dir,
                  line,
                  predicted,
                  'edge_floor',
                  [],
                ),
              );
            }
            continue;
          }
          const m = MODELS.find((x) => x.family === pick.family) as (typeof MODELS)[number];
          const edge = Math.round((predicted - line) * 10) / 10;
          const ultra = pick.family === 'v12';
          const signals = ultra
            ? [
                { tag: 'high_edge', strength: 0.6, metadata: {} },
                { tag: 'model_consensus', strength: 0.6, metadata: {} },
              ]
            : [{ tag: 'high_edge', strength: 0.55, metadata: {} }];
          const pDir = 0.58;
          const price = k % 2 === 0 ? -105 : -115;
          const ev = Math.round((pDir * (1 + 100 / Math.abs(price)) - 1) * 10_000) / 10_000;
          cands.push(
            candidate(
              date,
              g.game_id,
              pid,
              lookupOf(t, k),
              m.system_id,
              m.family,
              pick.direction,
              line,
              predicted,
              pick.status === 'active' ? 'passed' : 'negative_ev',
              signals,
            ),
          );
          picks.push({
            date,
            rank: pick.rank,
            game_id: g.game_id,
            player_id: pid,
            player_lookup: lookupOf(t, k),
            player_name: nameOf(t, k),
            team: TEAMS[t],
            opponent: TEAMS[t === g.home ? g.away : g.home],
            game_start_utc: g.tip,
            system_id: m.system_id,
            family: m.family,
            predicted,
            line,
            line_book: 'draftkings',
            edge,
            direction: pick.direction,
            confidence: pDir,
            p_over: pick.direction === 'OVER' ? pDir : 1 - pDir,
            composite_score: Math.abs(edge),
            signals: json(signals),
            real_signal_count: ultra ? 1 : 0,
            matched_combo_id: null,
            n_models_eligible: 1,
            direction_conflict: false,
            model_agreement_count: ultra ? 2 : 1,
            agreeing_model_ids: json(ultra ? MODELS.map((x) => x.system_id).sort() : [m.system_id]),
            avg_edge_agreeing: Math.abs(edge),
            models_predicting: 2,
            best_book: 'fanduel',
            best_price: price,
            fair_prob: 0.5,
            p_direction: pDir,
            ev,
            kelly_full: 0.12,
            stake_pct: 0.02,
            price_source: 'market',
            priced_at: `${date}T16:00:00.000Z`,
            ultra_tier: ultra,
            ultra_criteria: json(
              ultra ? [{ id: 'v12_edge_6plus', description: 'V12 model, edge 6+', hr: null, n: 0 }] : [],
            ),
            angles: json([
              ...(ultra ? ['ULTRA: V12 model, edge 6+ — no graded ultra picks yet'] : []),
              `Model projects ${predicted.toFixed(1)} pts vs a ${line.toFixed(1)} line: ${Math.abs(edge).toFixed(1)} pts ${edge > 0 ? 'above' : 'below'}`,
              `Best price ${price} at fanduel: ${(100 * ev).toFixed(1)}% expected value (model 58.0% vs fair 50.0%)`,
              '2 of 2 models lean OVER (avg edge 5.6 pts)',
            ]),
            warnings: json([]),
            contributions: json([
              { feature: 'points_avg_last_5', label: 'Points, last 5 games', value: 1.234 },
            ]),
            algorithm_version: 'bb-1',
            config_hash: 'fixturehash',
            provenance: json({
              batch_id: `pb_${date.replaceAll('-', '')}_170000_fx00`,
              feature_set_version: m.feature_set,
              features_computed_at: `${date}T16:55:00.000Z`,
              odds_captured_at: `${date}T16:00:00.000Z`,
            }),
            run_id: `run_bb_${date}`,
            status: pick.status,
            published_at: pick.status === 'withdrawn' ? `${date}T17:10:00.000Z` : null,
            withdrawn_at: pick.status === 'withdrawn' ? `${date}T22:00:00.000Z` : null,
            withdraw_reason: pick.status === 'withdrawn' ? 'edge fell to 4.6 after injury news' : null,
            created_at: `${date}T17:05:00.000Z`,
            updated_at: `${date}T17:05:00.000Z`,
          });
          truth.push({
            date,
            rank: pick.rank,
            game_id: g.game_id,
            player_id: pid,
            player_lookup: lookupOf(t, k),
            direction: pick.direction,
            line,
            family: pick.family,
            ultra,
            status: pick.status,
            result: pick.status === 'active' ? pick.result : null,
          });
        }
      }
      games.push([
        g.game_id,
        date,
        g.tip,
        2025,
        TEAMS[g.home],
        TEAMS[g.away],
        final ? 3 : 1,
        final ? homePts : null,
        final ? awayPts : null,
        'fixture',
      ]);
    }
    if (date === NOT_RUN_DAY) return;
    const nActive = [...designed.values()].filter((p) => p.status === 'active').length;
    const halted = date === HALTED_DAY;
    const dayCands = cands.filter((c) => c.date === date);
    const rejected = emptyRejected();
    rejected.edge_floor = dayCands.filter((c) => c.filter_result === 'edge_floor').length;
    rejected.negative_ev = dayCands.filter((c) => c.filter_result === 'negative_ev').length;
    const passed = dayCands.filter((c) => c.filter_result === 'passed').length;
    runs.push({
      date,
      run_id: `run_bb_${date}`,
      algorithm_version: 'bb-1',
      status: halted ? 'halted' : 'published',
      halt_state: halted ? 'manual' : null,
      halt_reason: halted ? 'books pulled props after trade news' : null,
      halt_since: halted ? `${date}T15:00:00.000Z` : null,
      filter_summary: json({ total_candidates: dayCands.length, passed, rejected }),
      pipeline_summary: json({
        bottleneck: halted ? 'halted' : nActive ? null : 'edge_floor',
        counts: {
          models_enabled: 2,
          models_predicted: 2,
          predictions: 2 * 4 * PER_TEAM,
          candidates: dayCands.length,
          edge_floor_passed: passed,
          filters_passed: passed,
          capped: 0,
          picks: halted ? 0 : nActive,
          ultra: 0,
          max_edge: 7.3,
        },
      }),
      edge_distribution: json({
        candidates: dayCands.length,
        edge_3_plus: passed + 1,
        edge_5_plus: passed,
        edge_7_plus: 0,
        max_edge: 7.34,
      }),
      exposure: json({ total_stake_pct: 0.02 * nActive, cap_pct: 0.1, scale: 1 }),
      ultra_gate: json({ met: false, n: 3, hr: 66.7, target_n: 50, target_hr: 80 }),
      post_tip_games: 0,
      config_hash: 'fixturehash',
      created_at: `${date}T17:05:00.000Z`,
    });
  });

  await store.insertMany(
    'games',
    [
      'game_id',
      'game_date',
      'start_utc',
      'season',
      'home',
      'away',
      'status',
      'home_score',
      'away_score',
      'source',
    ],
    games,
  );
  await store.insertMany(
    'box_scores',
    ['game_id', 'player_id', 'game_date', 'team', 'minutes', 'points', 'dnp', 'dnp_reason', 'source'],
    box,
  );
  await insertPredictions(store, preds);
  await insertFilled(store, 'best_bets_runs', runs);
  await insertFilled(store, 'best_bets_candidates', cands);
  await insertFilled(store, 'best_bets_picks', picks);
  await insertFilled(store, 'prediction_batches', [
    {
      batch_id: `pb_${FIXTURE_DATE.replaceAll('-', '')}_170000_fx00`,
      game_date: FIXTURE_DATE,
      mode: 'FIRST',
      status: 'complete',
      requested_by: 'fixture',
      created_at: `${FIXTURE_DATE}T17:00:00.000Z`,
      started_at: `${FIXTURE_DATE}T17:00:00.000Z`,
      finished_at: `${FIXTURE_DATE}T17:00:40.000Z`,
      last_progress_at: `${FIXTURE_DATE}T17:00:40.000Z`,
      n_viable: 4 * PER_TEAM,
      n_players_predicted: 4 * PER_TEAM,
    },
  ]);
  return { truth, slate: [...new Set(slate)].sort() };
}

function candidate(
  date: string,
  game_id: string,
  player_id: number,
  player_lookup: string,
  system_id: string,
  family: string,
  direction: string,
  line: number,
  predicted: number,
  filter_result: string,
  signals: unknown[],
): Record<string, unknown> {
  return {
    date,
    game_id,
    player_id,
    player_lookup,
    system_id,
    family,
    direction,
    line,
    book: 'draftkings',
    predicted,
    edge: Math.round((predicted - line) * 10) / 10,
    confidence: 0.58,
    p_over: 0.58,
    quality_score: 95,
    n_models_eligible: 1,
    direction_conflict: false,
    majority_direction: direction,
    model_agreement_count: 1,
    agreeing_model_ids: json([system_id]),
    avg_edge_agreeing: Math.abs(predicted - line),
    models_predicting: 2,
    supplements: json({ consensus_line: line }),
    signals: json(signals),
    real_signal_count: signals.length > 1 ? 1 : 0,
    pricing: json({ ev: 0.041 }),
    filter_result,
    run_id: `run_bb_${date}`,
  };
}

export async function publishFixture(opts: FixtureOptions = {}): Promise<PublishFixture> {
  const store =
    opts.store ?? (opts.storePath ? await DuckDBStore.open(opts.storePath) : await openMemoryStore());
  if (opts.storePath && !opts.store) await migrate(store);
  const config = fixtureConfig();
  const log = createLogger('silent');
  const app: App = { store, config, configHash: 'fixturehash', log };
  const { truth, slate } = await seedSeason(store);
  const graded = dateRange(FIXTURE_FIRST, addDays(FIXTURE_DATE, -1));
  await gradeDates(store, graded, {
    config,
    configHash: 'fixturehash',
    log,
    now: () => new Date(`${FIXTURE_DATE}T12:00:00.000Z`),
  });
  const ownDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'courtedge-publish-'));
  const result = opts.noExport
    ? ({
        run_id: '',
        date: FIXTURE_DATE,
        as_of: FIXTURE_DATE,
        files: [],
        manifest: { path: '', sha256: '', bytes: 0, entries: 0 },
      } as ExportResult)
    : await exportDate(app, { date: FIXTURE_DATE, out: dir, generatedAt: FIXTURE_GENERATED_AT });
  return {
    store,
    app,
    config,
    dir,
    date: FIXTURE_DATE,
    generatedAt: FIXTURE_GENERATED_AT,
    export: result,
    truth,
    slate,
    async close() {
      await store.close();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
