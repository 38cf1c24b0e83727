import { after } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { addDays } from '../../src/domain/dates.ts';
import type { PredictDeps } from '../../src/predict/deps.ts';
import { sha256 } from '../../src/predict/model-runtime.ts';
import { type PredictHooks, PredictRuntime } from '../../src/predict/runtime.ts';
import type { EnabledModel, FeatureRow } from '../../src/predict/types.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * A synthetic slate for predict tests and the batch benchmark: games, box scores, lines
 * and injury reports in the real tables; feature rows and the model registry behind the
 * predict seams (deps), so these tests do not wait on the features and models areas.
 */

export const DATE = '2026-03-02';
/** Batch "now": 15:00Z on D; tips at 00:00Z D+1 (19:00 ET). */
export const NOW = new Date(`${DATE}T15:00:00.000Z`);
export const TIP = `${addDays(DATE, 1)}T00:00:00.000Z`;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export interface ModelSpec {
  system_id: string;
  family: string;
  feature_set: string;
  min_edge: number;
  nTrees?: number;
  depth?: number;
}

export const SET_COLS: Record<string, number> = { v9: 33, v12: 54, v12_noveg: 50 };
export const contractOf = (set: string) => `contract_${set}`;

/** A model bundle (03 §5) with random complete trees; returns its text and hash. */
export function makeBundle(m: ModelSpec, seed = 1): { text: string; hash: string } {
  const r = rng(seed);
  const nCols = SET_COLS[m.feature_set];
  const depth = m.depth ?? 2;
  const trees = Array.from({ length: m.nTrees ?? 3 }, () => {
    const n = 2 ** (depth + 1) - 1;
    const internal = 2 ** depth - 1;
    const t = {
      feature: [] as number[],
      threshold: [] as number[],
      default_left: [] as number[],
      left: [] as number[],
      right: [] as number[],
      value: [] as number[],
      gain: [] as number[],
      cover: [] as number[],
    };
    for (let i = 0; i < n; i++) {
      const leaf = i >= internal;
      t.feature.push(leaf ? -1 : Math.floor(r() * nCols));
      t.threshold.push(leaf ? 0 : Math.round(r() * 300) / 10);
      t.default_left.push(leaf ? 0 : r() < 0.5 ? 1 : 0);
      t.left.push(leaf ? -1 : 2 * i + 1);
      t.right.push(leaf ? -1 : 2 * i + 2);
      t.value.push(leaf ? Math.round((r() - 0.5) * 400) / 100 : 0);
      t.gain.push(0);
      t.cover.push(1);
    }
    return t;
  });
  const bundle = {
    bundle_version: 1,
    system_id: m.system_id,
    family: m.family,
    feature_set: m.feature_set,
    contract_hash: contractOf(m.feature_set),
    feature_names: Array.from({ length: nCols }, (_, i) => `f${i}`),
    clamp: [0, 70],
    residual_quantiles: Array.from({ length: 201 }, (_, k) => -10 + k / 10),
    gbdt: {
      format: 'courtedge-gbdt',
      version: 1,
      loss: 'l2',
      alpha: null,
      huber_delta: null,
      params: {},
      feature_names: Array.from({ length: nCols }, (_, i) => `f${i}`),
      feature_weights: Array.from({ length: nCols }, () => 1),
      base_score: 15,
      best_iteration: trees.length - 1,
      best_score: null,
      history: { train: [], valid: [] },
      trees,
    },
  };
  const text = JSON.stringify(bundle);
  return { text, hash: sha256(text) };
}

export const DEFAULT_MODELS: ModelSpec[] = [
  { system_id: 'gbdt_v9_train0101_0301', family: 'v9', feature_set: 'v9', min_edge: 3 },
  { system_id: 'gbdt_v12_noveg_train0101_0301', family: 'v12_noveg', feature_set: 'v12_noveg', min_edge: 3 },
];

export interface SlateOptions {
  games?: number;
  playersPerTeam?: number;
  /** Share of players with lines (two books agree). */
  lineShare?: number;
  models?: ModelSpec[];
  seed?: number;
}

export interface Slate {
  store: Store;
  models: EnabledModel[];
  artifacts: Record<string, string>;
  features: FeatureRow[];
  players: Array<{ game_id: string; player_id: number; team: string; line: number | null }>;
  deps: PredictDeps;
  rebuilds: number;
}

export async function seedSlate(opts: SlateOptions = {}, store?: Store): Promise<Slate> {
  const s = store ?? (await openMemoryStore());
  const r = rng(opts.seed ?? 7);
  const nGames = opts.games ?? 2;
  const perTeam = opts.playersPerTeam ?? 5;
  const lineShare = opts.lineShare ?? 0.7;
  const games: unknown[][] = [];
  const box: unknown[][] = [];
  const lines: unknown[][] = [];
  const players: Slate['players'] = [];
  const prev = addDays(DATE, -1);
  let pid = 1000;
  for (let g = 0; g < nGames; g++) {
    const home = `H${g}`;
    const away = `A${g}`;
    const gameId = `00225${String(g).padStart(5, '0')}`;
    const prevId = `00224${String(g).padStart(5, '0')}`;
    games.push([gameId, DATE, TIP, 2025, home, away, 1, null, null, 'test']);
    games.push([prevId, prev, `${prev}T23:00:00.000Z`, 2025, home, away, 3, 101, 99, 'test']);
    for (const team of [home, away]) {
      for (let k = 0; k < perTeam; k++) {
        const id = pid++;
        box.push([prevId, id, prev, team, 30, 10 + Math.floor(r() * 20), 'test']);
        let line: number | null = null;
        if (r() < lineShare) {
          line = 10.5 + Math.floor(r() * 20);
          for (const book of ['draftkings', 'fanduel']) {
            lines.push([`${DATE}T14:00:00.000Z`, gameId, id, book, line, -110, -110, 'test', true]);
          }
        }
        players.push({ game_id: gameId, player_id: id, team, line });
      }
    }
  }
  await s.insertMany(
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
  await s.insertMany(
    'box_scores',
    ['game_id', 'player_id', 'game_date', 'team', 'minutes', 'points', 'source'],
    box,
  );
  await s.insertMany(
    'prop_lines',
    ['captured_at', 'game_id', 'player_id', 'book', 'line', 'over_price', 'under_price', 'source', 'is_main'],
    lines,
  );
  const specs = opts.models ?? DEFAULT_MODELS;
  const artifacts: Record<string, string> = {};
  const models: EnabledModel[] = specs.map((m, i) => {
    const b = makeBundle(m, 100 + i);
    artifacts[b.hash] = b.text;
    return {
      system_id: m.system_id,
      family: m.family,
      feature_set: m.feature_set,
      contract_hash: contractOf(m.feature_set),
      artifact_hash: b.hash,
      min_edge: m.min_edge,
    };
  });
  const sets = [...new Set(specs.map((m) => m.feature_set))];
  const features: FeatureRow[] = [];
  for (const p of players) {
    for (const set of sets) {
      const n = SET_COLS[set];
      features.push({
        game_id: p.game_id,
        player_id: p.player_id,
        feature_set: set,
        feature_set_version: `${set}@1`,
        contract_hash: contractOf(set),
        quality_score: 92.4,
        required_defaults: 0,
        is_quality_ready: true,
        reason: null,
        line_at_cutoff: p.line,
        values: Array.from({ length: n }, (_, j) => (j % 11 === 10 ? null : Math.round(r() * 300) / 10)),
        computed_at: NOW.toISOString(),
        cutoff_at: NOW.toISOString(),
      });
    }
  }
  const slate: Slate = {
    store: s,
    models,
    artifacts,
    features,
    players,
    rebuilds: 0,
    deps: undefined as any,
  };
  slate.deps = {
    features: {
      async rebuild() {
        slate.rebuilds++;
        return { status: 'built', rows: slate.features.length };
      },
      async read(_store, req) {
        return slate.features.filter(
          (f) => req.sets.includes(f.feature_set) && req.gameIds.includes(f.game_id),
        );
      },
    },
    models: {
      async enabled() {
        return slate.models;
      },
      async artifacts(_store, hashes) {
        const out: Record<string, string | null> = {};
        for (const h of hashes) out[h] = slate.artifacts[h] ?? null;
        return out;
      },
    },
  };
  return slate;
}

export function testConfig(patch: (c: Config) => void = () => {}): { config: Config; hash: string } {
  const loaded = loadConfig({ env: {} });
  const config = structuredClone(loaded.config);
  patch(config);
  return { config, hash: loaded.hash };
}

export function runtimeFor(
  slate: Slate,
  opts: { threads?: number; hooks?: PredictHooks; patch?: (c: Config) => void; now?: () => Date } = {},
): PredictRuntime {
  const { config, hash } = testConfig(opts.patch);
  const rt = new PredictRuntime({
    store: slate.store,
    config,
    configHash: hash,
    deps: slate.deps,
    threads: opts.threads ?? 0,
    hooks: opts.hooks,
    now: opts.now ?? (() => NOW),
    watchdog: false,
  });
  opened.add(rt);
  return rt;
}

/**
 * Every runtime a test file opened is closed after its tests, also when an assertion threw
 * before the test's own close: an open runtime keeps the file's process alive until the
 * runner's timeout.
 */
const opened = new Set<PredictRuntime>();
after(async () => {
  for (const rt of opened) await rt.close();
});
