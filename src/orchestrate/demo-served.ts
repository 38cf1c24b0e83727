import { existsSync, rmSync } from 'node:fs';
import type { Logger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { addDays } from '../domain/dates.ts';
import { wilson } from '../models/index.ts';
import { setClockDate } from '../store/clock.ts';
import { DuckDBStore } from '../store/duckdb/duckdb-store.ts';
import { getStoreKind } from '../store/meta.ts';
import { migrate } from '../store/migrate.ts';
import type { Store } from '../store/store.ts';
import type { App } from './app.ts';
import { type BackfillProgress, backfill } from './backfill.ts';
import { simulate } from './simulate.ts';
import { status } from './status.ts';

/**
 * `courtedge demo` on the real operations code (issue 17): simulate two seasons (fixed seed)
 * into a fresh store, move the simulated clock to the day after the second season's last game
 * day, and backfill the last `weeks` weeks through every phase with `courtedge backfill`'s own
 * code — one tip-off features build, weekly retrains with auto-enable, a BACKFILL batch per
 * date, the full best-bets pipeline then grading per date, the export files of every date —
 * then check with `courtedge status` that nothing expected is missing. The CLI then serves
 * the dashboard on this store (or, with --no-serve, prints the summary).
 *
 * Unlike the walk-forward backtest (the interim demo), everything lands in the live tables of
 * the demo store, as a real operator's backfill would. Where the backfill trains on a date
 * whose next 14 days are already in the store, its gates use them (gate_basis self, 00-decisions);
 * the predictions themselves only ever read features as of each tip-off.
 */

export interface ServedDemoOptions {
  /** DuckDB file of the demo store; replaced when it holds a simulated league (never real data). */
  storePath: string;
  config: Config;
  configHash: string;
  log: Logger;
  seasons?: number;
  seed?: number;
  /** Weeks of the last season backfilled (default 4). */
  weeks?: number;
  progress?: (line: string) => void;
  onBackfill?: (p: BackfillProgress) => void;
}

export interface ServedDemoResult {
  store: string;
  today: string;
  from: string;
  to: string;
  simulated: { games: number; box_scores: number; prop_lines: number; digest: string; seconds: number };
  backfill: {
    dates: number;
    failures: Array<{ date: string; phase: string; error: string }>;
    seconds: number;
  };
  models: { trained: number; enabled: number };
  /**
   * Per retrain (train_end), as live operation decided: the models whose predictions fed best
   * bets, and each other model with the gates that kept it out (00-decisions: no fail ⇒ shadow).
   */
  blocks: Array<{ train_end: string; fed: string[]; sat_out: Array<{ system_id: string; why: string }> }>;
  predictions: number;
  picks: {
    n: number;
    wins: number;
    losses: number;
    pushes: number;
    voids: number;
    hit_rate: number | null;
    ci_low: number | null;
    ci_high: number | null;
    units: number;
  };
  exports: number;
  status: { ok: boolean; missing: string[] };
  seconds: { simulate: number; backfill: number; total: number };
}

/** A fresh store at `path`: an existing file is removed only when it holds a simulated league. */
export async function freshDemoStore(path: string): Promise<Store> {
  if (path !== ':memory:' && existsSync(path)) {
    const old = await DuckDBStore.open(path);
    try {
      await migrate(old);
      if ((await getStoreKind(old)) === 'real')
        throw new Error(
          `${path} holds real data; the demo only replaces a simulated store (name another with --store)`,
        );
    } finally {
      await old.close();
    }
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
  }
  const store = await DuckDBStore.open(path);
  await migrate(store);
  return store;
}

/** Runs the demo pipeline on `app.store` (a fresh store) and returns the summary. */
export async function servedDemo(
  app: App,
  o: Omit<ServedDemoOptions, 'storePath' | 'config' | 'configHash' | 'log'>,
) {
  const say = o.progress ?? (() => undefined);
  const t0 = Date.now();
  const seasons = o.seasons ?? Math.max(2, app.config.simulator.seasons);
  const seed = o.seed ?? app.config.simulator.seed;
  say(`[1/3] simulating ${seasons} seasons (seed ${seed})…`);
  const s = await simulate(app, { seed, seasons, to: null });
  const tSim = Date.now();
  say(
    `      ${s.games} games, ${s.box_scores} box scores, ${s.prop_lines} prop lines in ${((tSim - t0) / 1000).toFixed(1)} s`,
  );

  const [{ last }] = await app.store.query<{ last: string }>(
    'SELECT max(game_date) AS last FROM games WHERE status = 3 AND season = (SELECT max(season) FROM games)',
  );
  const to = last;
  const from = addDays(to, -(7 * (o.weeks ?? 4)) + 1);
  // "Today" is the morning after the last game day: every backfilled date is in the past.
  const today = addDays(to, 1);
  await setClockDate(app.store, today);
  say(`[2/3] backfill ${from} … ${to} through every phase (weekly retrains, best bets, grading, exports)…`);
  const b = await backfill(app, { from, to, onProgress: o.onBackfill });
  const tBf = Date.now();
  const failures = b.failures.map((f) => ({ date: f.date, phase: f.phase, error: f.error }));
  say(`      ${b.dates} dates in ${((tBf - tSim) / 1000).toFixed(1)} s, ${failures.length} failure(s)`);

  say('[3/3] status…');
  const st = await status(app, { from, to });
  const [counts] = await app.store.query<{
    trained: number;
    enabled: number;
    predictions: number;
    exports: number;
  }>(
    `SELECT (SELECT count(*) FROM models)::INTEGER AS trained,
            (SELECT count(*) FROM models WHERE enabled)::INTEGER AS enabled,
            (SELECT count(*) FROM predictions WHERE is_active AND game_date BETWEEN $1::DATE AND $2::DATE)::INTEGER AS predictions,
            (SELECT count(*) FROM exports)::INTEGER AS exports`,
    [from, to],
  );
  const [g] = await app.store.query<{ w: number; l: number; p: number; v: number; units: number | null }>(
    `SELECT count(*) FILTER (WHERE result = 'WIN')::INTEGER AS w, count(*) FILTER (WHERE result = 'LOSS')::INTEGER AS l,
            count(*) FILTER (WHERE result = 'PUSH')::INTEGER AS p, count(*) FILTER (WHERE result = 'VOID')::INTEGER AS v,
            sum(units_won) AS units
     FROM pick_grades WHERE game_date BETWEEN $1::DATE AND $2::DATE`,
    [from, to],
  );
  const blocks = await retrainBlocks(app, from, to);
  const decided = g.w + g.l;
  const ci = decided ? wilson(g.w, decided) : null;
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const tEnd = Date.now();
  return {
    today,
    from,
    to,
    simulated: {
      games: s.games,
      box_scores: s.box_scores,
      prop_lines: s.prop_lines,
      digest: s.digest,
      seconds: s.seconds,
    },
    backfill: { dates: b.dates, failures, seconds: b.seconds },
    models: { trained: counts.trained, enabled: counts.enabled },
    blocks,
    predictions: counts.predictions,
    picks: {
      n: g.w + g.l + g.p + g.v,
      wins: g.w,
      losses: g.l,
      pushes: g.p,
      voids: g.v,
      hit_rate: decided ? r4(g.w / decided) : null,
      ci_low: ci?.low == null ? null : r4(ci.low),
      ci_high: ci?.high == null ? null : r4(ci.high),
      units: Math.round((g.units ?? 0) * 100) / 100,
    },
    exports: counts.exports,
    status: { ok: st.ok, missing: st.missing },
    seconds: {
      simulate: Math.round((tSim - t0) / 100) / 10,
      backfill: Math.round((tBf - tSim) / 100) / 10,
      total: Math.round((tEnd - t0) / 100) / 10,
    },
  };
}

/** The whole demo on a fresh store at `storePath` (closed when done). */
export async function runServedDemo(o: ServedDemoOptions): Promise<ServedDemoResult> {
  const store = await freshDemoStore(o.storePath);
  try {
    const app: App = { store, config: o.config, configHash: o.configHash, log: o.log, progress: o.progress };
    return { store: o.storePath, ...(await servedDemo(app, o)) };
  } finally {
    await store.close();
  }
}

/** Which models fed best bets per retrain of the backfill, and why each other one sat out. */
async function retrainBlocks(app: App, from: string, to: string): Promise<ServedDemoResult['blocks']> {
  const rows = await app.store.query<{ system_id: string; train_end: string; gates: unknown; fed: boolean }>(
    `SELECT m.system_id, CAST(m.train_end AS TEXT) AS train_end, m.gates,
            EXISTS (SELECT 1 FROM predictions p WHERE p.system_id = m.system_id
                      AND p.game_date BETWEEN $1::DATE AND $2::DATE) AS fed
     FROM models m ORDER BY m.train_end, m.system_id`,
    [from, to],
  );
  const by = new Map<string, ServedDemoResult['blocks'][number]>();
  for (const r of rows) {
    const b = by.get(r.train_end) ?? { train_end: r.train_end, fed: [], sat_out: [] };
    by.set(r.train_end, b);
    if (r.fed) b.fed.push(r.system_id);
    else {
      const gates = (typeof r.gates === 'string' ? JSON.parse(r.gates) : r.gates) ?? {};
      const failed = Object.entries(gates as Record<string, { outcome?: string }>)
        .filter(([, g]) => g?.outcome === 'fail')
        .map(([k]) => k);
      b.sat_out.push({
        system_id: r.system_id,
        why: failed.length
          ? `failed ${failed.join(', ')}`
          : 'not enabled (a twin of the gates, or a newer model took its place)',
      });
    }
  }
  return [...by.values()];
}
