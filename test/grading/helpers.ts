import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { insertPredictions } from '../../src/store/tables/predictions.ts';

/**
 * Fixtures for grading tests. The upstream tables of other areas (best_bets_picks,
 * best_bets_candidates, models) are created here from the spec's columns when their migrations
 * have not landed; when they have, CREATE … IF NOT EXISTS leaves the real ones in place.
 */

export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return loadConfig({ env: {}, file: undefined, overrides }).config;
}

const UPSTREAM = [
  `CREATE TABLE IF NOT EXISTS best_bets_picks (
    date DATE NOT NULL, rank INTEGER, game_id TEXT NOT NULL, player_id BIGINT NOT NULL, player_lookup TEXT,
    system_id TEXT, family TEXT, predicted DOUBLE PRECISION, line DOUBLE PRECISION NOT NULL, edge DOUBLE PRECISION,
    direction TEXT NOT NULL, confidence DOUBLE PRECISION, p_over DOUBLE PRECISION, best_book TEXT, best_price INTEGER,
    fair_prob DOUBLE PRECISION, stake_pct DOUBLE PRECISION, price_source TEXT, priced_at TIMESTAMPTZ,
    status TEXT NOT NULL DEFAULT 'active', signals JSON, created_at TIMESTAMPTZ,
    PRIMARY KEY (date, game_id, player_id))`,
  `CREATE TABLE IF NOT EXISTS best_bets_candidates (
    date DATE NOT NULL, game_id TEXT NOT NULL, player_id BIGINT NOT NULL, system_id TEXT NOT NULL,
    direction TEXT, line DOUBLE PRECISION, edge DOUBLE PRECISION, signals JSON, filter_result TEXT,
    PRIMARY KEY (date, game_id, player_id))`,
  `CREATE TABLE IF NOT EXISTS models (
    system_id TEXT PRIMARY KEY, family TEXT NOT NULL, status TEXT NOT NULL, enabled BOOLEAN NOT NULL,
    is_champion BOOLEAN NOT NULL DEFAULT FALSE, train_start DATE, train_end DATE,
    status_changed_at TIMESTAMPTZ, status_reason TEXT, created_at TIMESTAMPTZ)`,
];

/**
 * Inserts rows naming only the columns a test cares about; every other NOT NULL column without
 * a default gets a neutral filler, so fixtures survive upstream schema additions.
 */
export async function insertFilled(
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
    'SELECT column_name, is_nullable, column_default, data_type FROM information_schema.columns WHERE table_name = $1',
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
    if (u === 'DATE') return '2000-01-01';
    if (u.includes('TIMESTAMP')) return '2000-01-01T00:00:00Z';
    if (u.includes('JSON')) return '[]';
    return 'x';
  };
  const all = [...given, ...fill.map((c) => c.column_name)];
  await store.insertMany(
    table,
    all,
    rows.map((r) => [...given.map((k) => r[k]), ...fill.map((c) => filler(c.data_type))]),
  );
}

export async function gradingStore(): Promise<Store> {
  const store = await openMemoryStore();
  for (const sql of UPSTREAM) await store.run(sql);
  return store;
}

export interface GameFx {
  game_id: string;
  date: string;
  home?: string;
  away?: string;
  status?: number;
  start_utc?: string;
  scores?: [number, number] | null;
}

export async function addGames(store: Store, games: GameFx[]): Promise<void> {
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
    games.map((g) => {
      const status = g.status ?? 3;
      const scores = g.scores === undefined ? (status === 3 ? [110, 100] : null) : g.scores;
      const y = +g.date.slice(0, 4);
      return [
        g.game_id,
        g.date,
        g.start_utc ?? `${g.date}T23:30:00.000Z`,
        +g.date.slice(5, 7) >= 10 ? y : y - 1,
        g.home ?? 'HOM',
        g.away ?? 'AWY',
        status,
        scores?.[0] ?? null,
        scores?.[1] ?? null,
        'test',
      ];
    }),
  );
}

/** Box rows: [player_id, team, minutes, points, dnp?, dnp_reason?]. */
export async function addBox(
  store: Store,
  gameId: string,
  date: string,
  rows: Array<[number, string, number, number, boolean?, string?]>,
): Promise<void> {
  await store.insertMany(
    'box_scores',
    ['game_id', 'player_id', 'game_date', 'team', 'minutes', 'points', 'dnp', 'dnp_reason', 'source'],
    rows.map(([pid, team, min, pts, dnp, reason]) => [
      gameId,
      pid,
      date,
      team,
      min,
      pts,
      dnp ?? false,
      reason ?? null,
      'test',
    ]),
  );
}

/** Five filler players per team with minutes, so the game counts as loaded. */
export async function addFullBox(store: Store, gameId: string, date: string, base = 9000): Promise<void> {
  const rows: Array<[number, string, number, number]> = [];
  for (let i = 0; i < 5; i++) {
    rows.push([base + i, 'HOM', 30, 10]);
    rows.push([base + 10 + i, 'AWY', 30, 10]);
  }
  await addBox(store, gameId, date, rows);
}

export interface PredFx {
  date: string;
  game_id: string;
  player_id: number;
  system_id?: string;
  family?: string;
  rec?: string;
  line?: number | null;
  predicted: number;
  p_over?: number | null;
  confidence?: number | null;
  active?: boolean;
}

export async function addPredictions(store: Store, preds: PredFx[]): Promise<void> {
  await insertPredictions(
    store,
    preds.map((p, i) => {
      const line = p.line === undefined ? 20.5 : p.line;
      const system = p.system_id ?? 'm1';
      return {
        prediction_id: `p${i}_${p.game_id}_${p.player_id}_${system}`,
        batch_id: 'pb_test',
        mode: 'FIRST',
        game_date: p.date,
        game_id: p.game_id,
        player_id: p.player_id,
        system_id: system,
        family: p.family ?? 'v9',
        line,
        book: line === null ? null : 'consensus',
        predicted: p.predicted,
        edge: line === null ? null : p.predicted - line,
        p_over: p.p_over ?? null,
        confidence: p.confidence ?? null,
        recommendation: p.rec ?? (line === null ? 'NO_LINE' : p.predicted > line ? 'OVER' : 'UNDER'),
        feature_set_version: 'v9',
        as_of: `${p.date}T12:00:00.000Z`,
        created_at: `${p.date}T12:00:00.000Z`,
        is_active: p.active ?? true,
      };
    }),
  );
}

export interface PickFx {
  date: string;
  game_id: string;
  player_id: number;
  direction: 'OVER' | 'UNDER';
  line: number;
  best_price?: number | null;
  fair_prob?: number | null;
  stake_pct?: number | null;
  priced_at?: string | null;
  status?: string;
  rank?: number;
  system_id?: string;
}

export async function addPicks(store: Store, picks: PickFx[]): Promise<void> {
  await insertFilled(
    store,
    'best_bets_picks',
    picks.map((p, i) => ({
      date: p.date,
      rank: p.rank ?? i + 1,
      game_id: p.game_id,
      player_id: p.player_id,
      system_id: p.system_id ?? 'm1',
      line: p.line,
      direction: p.direction,
      best_price: p.best_price === undefined ? -110 : p.best_price,
      fair_prob: p.fair_prob ?? null,
      stake_pct: p.stake_pct ?? null,
      priced_at: p.priced_at ?? `${p.date}T16:00:00.000Z`,
      status: p.status ?? 'active',
      price_source: p.best_price === null ? 'assumed' : 'market',
    })),
  );
}

export async function addModels(
  store: Store,
  models: Array<{
    system_id: string;
    family?: string;
    enabled?: boolean;
    champion?: boolean;
    train_end?: string;
  }>,
): Promise<void> {
  await insertFilled(
    store,
    'models',
    models.map((m) => ({
      system_id: m.system_id,
      family: m.family ?? 'v9',
      status: m.champion ? 'champion' : m.enabled === false ? 'candidate' : 'shadow',
      enabled: m.enabled ?? true,
      is_champion: m.champion ?? false,
      train_end: m.train_end ?? '2025-10-01',
    })),
  );
}

/** best_bets_candidates rows: the source prediction and its signal tags. */
export async function addCandidates(
  store: Store,
  rows: Array<{ date: string; game_id: string; player_id: number; system_id?: string; tags: string[] }>,
): Promise<void> {
  await insertFilled(
    store,
    'best_bets_candidates',
    rows.map((r) => ({
      date: r.date,
      game_id: r.game_id,
      player_id: r.player_id,
      system_id: r.system_id ?? 'm1',
      signals: JSON.stringify(r.tags.map((tag) => ({ tag, strength: 1, metadata: {} }))),
    })),
  );
}

export const NOW = () => new Date('2030-01-01T00:00:00.000Z');
