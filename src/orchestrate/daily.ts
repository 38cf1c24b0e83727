import { addDays } from '../domain/dates.ts';
import { gatesNoFail, RegistryError } from '../models/index.ts';
import { autoEnable } from '../models/registry.ts';
import { type Mode, type PredictRuntime, waitForBatch } from '../predict/index.ts';
import { MODES } from '../predict/types.ts';
import { resolveClock } from '../store/clock.ts';
import { getStoreKind } from '../store/meta.ts';
import { parseJson } from '../store/store.ts';
import type { App } from './app.ts';
import { bestBets, runBestBetsRecorded } from './bestbets.ts';
import { features, tipoffFeatures } from './features.ts';
import { grade } from './grade.ts';
import { fetchSource, type LiveWhat } from './ingest.ts';
import { predictRuntime, startBatch } from './predict.ts';
import { exportDate } from './publish.ts';
import { trainRecorded } from './train.ts';
import { watchdogPass } from './watchdog.ts';

/**
 * `courtedge daily [--date D]` (spec 08 "The phases"): ingest → grade of earlier dates that
 * became Final → features → train (families the cadence says are due) → predict → best bets →
 * publish, for D (default today, the one clock). Every phase is the use case the CLI and the
 * server call, so each leaves its own `pipeline_runs` row(s); this function only orders them
 * and applies the gates. A phase that fails stops the phases that depend on it and the result
 * names it (`failed`); the others still run. Nothing here writes rows itself, so a re-run
 * redoes each phase in full (each replaces its own outputs in one transaction) and a run
 * killed mid-phase leaves that phase's transaction unwritten for the next run to complete.
 */

export type { Mode };
export { MODES };

export const PHASES = ['ingest', 'grade', 'features', 'train', 'predict', 'bestbets', 'publish'] as const;
export type Phase = (typeof PHASES)[number];

/** What each phase needs to have succeeded (or been skipped as not needed). */
export const DEPENDS: Record<Phase, Phase[]> = {
  ingest: [],
  grade: ['ingest'],
  features: ['ingest'],
  // Training failing leaves the enabled fleet predicting; the run still exits non-zero.
  train: ['features'],
  predict: ['features'],
  bestbets: ['predict'],
  publish: ['bestbets'],
};

export interface PhaseOutcome {
  phase: Phase;
  status: 'succeeded' | 'failed' | 'skipped';
  /** One line: counts, the skip reason or the error. */
  detail: string;
  ms: number;
  counts?: Record<string, unknown>;
}

export interface DailyResult {
  date: string;
  mode: string;
  ok: boolean;
  /** The first failed phase and its error; null when every phase succeeded or was skipped. */
  failed: { phase: Phase; error: string } | null;
  phases: PhaseOutcome[];
  seconds: number;
}

/** A phase's work: counts (and a line) when done, `{skip}` when it had nothing to do. */
export type StepResult = { detail: string; counts?: Record<string, unknown> } | { skip: string };
export type Step = (app: App, date: string, ctx: DailyContext) => Promise<StepResult>;

export interface DailyContext {
  mode: Mode;
  predictor: Predictor;
  /** The run's "now" (a simulated store's clock advances from its clock time). */
  now: () => Date;
}

export interface DailyRequest {
  date?: string;
  /** Batch mode (default FIRST for today, BACKFILL for a past date); the retry jobs pass theirs. */
  mode?: Mode;
  /** Only these phases (the scheduler's retry jobs: features, predict, bestbets, publish). */
  phases?: Phase[];
  /** Tests: replace a phase's work to make it fail or record the order. */
  steps?: Partial<Record<Phase, Step>>;
  onPhase?: (o: PhaseOutcome) => void;
}

/** One batch runtime for a whole run (its threads start once), created on first use. */
export interface Predictor {
  get(): PredictRuntime;
  close(): Promise<void>;
}

export function predictor(app: App, now: () => Date): Predictor {
  let rt: PredictRuntime | null = null;
  return {
    get: () => {
      rt ??= predictRuntime(app, { now });
      return rt;
    },
    close: async () => {
      await rt?.close();
    },
  };
}

/**
 * One batch for the date (a batch of the same date and mode already running is followed, not
 * doubled); the gate to best bets: `complete` or `partial` go on, `failed` throws naming why.
 */
export async function predictDate(p: Predictor, date: string, mode: Mode) {
  const rt = p.get();
  const s = await startBatch(rt, {
    date,
    mode,
    force: false,
    skipCompleteness: false,
    requestedBy: 'schedule',
  });
  const b = await waitForBatch(rt, s.batch_id);
  if (b.status === 'failed')
    throw new Error(`batch ${b.batch_id} failed: ${b.failure_reason}${b.error ? ` (${b.error})` : ''}`);
  return { batch_id: b.batch_id, status: b.status, n_predictions: b.n_predictions };
}

/**
 * Families the cadence says are due on `date`: no model yet, or the newest one's train_end is
 * more than models.training.cadenceDays before the date (weekly by default).
 */
export async function dueFamilies(app: App, date: string): Promise<string[]> {
  const newest = new Map(
    (
      await app.store.query<{ family: string; end: string }>(
        'SELECT family, max(train_end) AS end FROM models GROUP BY family',
      )
    ).map((r) => [r.family, r.end]),
  );
  const limit = addDays(date, -app.config.models.training.cadenceDays);
  return app.config.models.families
    .filter((f) => f.enabled !== false)
    .map((f) => f.name)
    .filter((f) => {
      const end = newest.get(f);
      return !end || end < limit;
    });
}

/**
 * The weekly retrain (03 §4, §6): train the due families on the window ending the last game
 * day before `date`, then auto-enable each model with no failed gate (the family's older
 * shadows retire) when models.registry.autoEnable.
 */
export async function retrain(app: App, date: string, families: string[]) {
  const s = await trainRecorded(app.store, app.config, app.configHash, {
    families,
    all: false,
    today: date,
    log: app.log,
    buildFeatures: tipoffFeatures({ ...app, progress: undefined }),
  });
  const failedFits = s.models.filter((m) => m.error);
  if (failedFits.length === s.models.length && failedFits.length)
    throw new Error(`train: every family failed (${failedFits[0].family}: ${failedFits[0].error})`);
  const { enabled, retired } = await enableTrained(app);
  return {
    run_id: s.run_id,
    train_end: s.train_end,
    trained: s.models.filter((m) => m.system_id).length,
    enabled,
    retired,
  };
}

/**
 * Auto-enable (03 §6) of every model a weekly retrain registered and left a candidate: no
 * failed gate, still `trained`, the newest window of its family. Run after each retrain and on
 * every train step, so a retrain killed between registering and enabling is completed by the
 * next run (the families it registered are no longer due).
 */
export async function enableTrained(app: App): Promise<{ enabled: number; retired: string[] }> {
  const retired: string[] = [];
  let enabled = 0;
  if (!app.config.models.registry.autoEnable) return { enabled, retired };
  const rows = await app.store.query<{ system_id: string; gates: unknown }>(
    `SELECT m.system_id, m.gates FROM models m
     WHERE m.status = 'candidate' AND NOT m.enabled AND m.status_reason = 'trained'
       AND m.train_end = (SELECT max(o.train_end) FROM models o WHERE o.family = m.family)
     ORDER BY m.system_id`,
  );
  for (const m of rows) {
    if (!gatesNoFail(parseJson(m.gates), app.config.models.registry.advisoryGates)) continue;
    try {
      retired.push(...(await autoEnable(app.store, m.system_id, app.config.models.registry)));
      enabled++;
    } catch (e) {
      // A refusal (floor, gates) leaves the family's older shadow predicting; say so.
      if (!(e instanceof RegistryError)) throw e;
      app.log.warn({ system_id: m.system_id, err: e.message }, 'retrain: not enabled');
    }
  }
  return { enabled, retired };
}

/** Dates before D whose Final games have active predictions or picks still without a grade. */
export async function ungradedDates(app: App, before: string): Promise<string[]> {
  const rows = await app.store.query<{ date: string }>(
    `SELECT DISTINCT p.game_date AS date FROM predictions p JOIN games g ON g.game_id = p.game_id
     WHERE p.is_active AND g.status = 3 AND p.game_date < $1::DATE
       AND NOT EXISTS (SELECT 1 FROM prediction_grades q
         WHERE q.system_id = p.system_id AND q.game_id = p.game_id AND q.player_id = p.player_id)
     UNION
     SELECT DISTINCT b.date FROM best_bets_picks b JOIN games g ON g.game_id = b.game_id
     WHERE b.status = 'active' AND g.status = 3 AND b.date < $1::DATE
       AND NOT EXISTS (SELECT 1 FROM pick_grades q
         WHERE q.game_date = b.date AND q.game_id = b.game_id AND q.player_id = b.player_id)
     ORDER BY 1`,
    [before],
  );
  return rows.map((r) => r.date);
}

const playable = async (app: App, date: string) =>
  (
    await app.store.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM games WHERE game_date = $1::DATE AND postponed_to IS NULL`,
      [date],
    )
  )[0].n;

export const STEPS: Record<Phase, Step> = {
  ingest: async (app, date, ctx) => {
    // A simulated league arrives whole through `simulate`; live sources are the fetch use case.
    if ((await getStoreKind(app.store)) === 'simulated')
      return { skip: 'simulated store: ingested by simulate' };
    if (ctx.mode === 'BACKFILL')
      return { skip: 'past date: import or fetch its sources first (courtedge fetch … --date D)' };
    // Today's schedule, the box scores of yesterday's games (now Final), today's lines.
    const parts: string[] = [];
    const counts: Record<string, number> = {};
    const pulls: Array<[LiveWhat, string]> = [
      ['schedule', date],
      ['boxscores', addDays(date, -1)],
    ];
    if (app.config.oddsApiKey) pulls.push(['odds', date]);
    else parts.push('odds not fetched (set COURTEDGE_ODDS_API_KEY)');
    for (const [what, d] of pulls) {
      const f = await fetchSource(app, { what, date: d });
      counts[what] = f.inserted + f.updated;
      parts.unshift(`${what} ${d}: ${f.inserted} new, ${f.updated} updated`);
    }
    return { detail: parts.join('; '), counts };
  },
  grade: async (app, date) => {
    const dates = await ungradedDates(app, date);
    if (!dates.length) return { skip: 'no earlier date with ungraded Final games' };
    const g = await grade(app, { dates });
    return {
      detail: `${g.dates} date(s), ${g.graded} predictions graded`,
      counts: { dates, graded: g.graded },
    };
  },
  features: async (app, date, ctx) => {
    if (!(await playable(app, date))) return { skip: 'no games' };
    const cutoff = ctx.mode === 'BACKFILL' ? 'tipoff' : ctx.now();
    const f = (await features(app, { from: date, to: date, cutoff })).summary;
    return {
      detail: `${f.rows} rows (${f.quality_ready} quality-ready)`,
      counts: { rows: f.rows, ready: f.quality_ready },
    };
  },
  train: async (app, date) => {
    const due = await dueFamilies(app, date);
    if (!due.length) {
      const left = await enableTrained(app);
      if (!left.enabled) return { skip: 'no family due (models.training.cadenceDays)' };
      return {
        detail: `no family due; enabled ${left.enabled} model(s) an interrupted retrain left`,
        counts: left,
      };
    }
    const t = await retrain(app, date, due);
    return {
      detail: `${t.trained} model(s) trained for ${due.length} family(ies), ${t.enabled} enabled`,
      counts: t,
    };
  },
  predict: async (app, date, ctx) => {
    if (!(await playable(app, date))) return { skip: 'no games' };
    const b = await predictDate(ctx.predictor, date, ctx.mode);
    return { detail: `batch ${b.batch_id} ${b.status}: ${b.n_predictions} predictions`, counts: b };
  },
  bestbets: async (app, date, ctx) => {
    if (!(await playable(app, date))) return { skip: 'no games' };
    if (ctx.mode !== 'BACKFILL') {
      const r = await bestBets(app, { date });
      return {
        detail: `${r.picks.length} pick(s)${r.message ? ` (${r.message})` : ''}`,
        counts: { picks: r.picks.length },
      };
    }
    const o = await runBestBetsRecorded(app.store, {
      date,
      config: app.config,
      configHash: app.configHash,
      now: backfillNow(date),
      log: app.log,
    });
    const n = o.result.picks.length;
    return {
      detail: `${n} pick(s)`,
      counts: { picks: n, bottleneck: o.result.run.pipeline_summary.bottleneck ?? null },
    };
  },
  publish: async (app, date) => {
    const e = await exportDate(app, { date, reason: 'on_demand' });
    return { detail: `${e.files.length} file(s)`, counts: { files: e.files.length } };
  },
};

/**
 * Best bets of a past date are made as the backtest makes them (bestbets/backtest.ts): at the
 * next day's 12:00Z every game of D has tipped, so each is priced from its last snapshot before
 * tip and no wall clock enters the result.
 */
export const backfillNow = (date: string) => new Date(`${addDays(date, 1)}T12:00:00.000Z`);

/**
 * One phase of a date with the gates: not run when a phase it depends on failed earlier (in
 * `failed`, which a failure or a blocked phase joins). Shared by daily and backfill.
 */
export async function runStep(
  app: App,
  phase: Phase,
  date: string,
  ctx: DailyContext,
  failed: Set<Phase>,
  steps: Partial<Record<Phase, Step>> = {},
): Promise<PhaseOutcome> {
  const t0 = Date.now();
  const blocker = DEPENDS[phase].find((d) => failed.has(d));
  if (blocker) {
    failed.add(phase);
    return { phase, status: 'skipped', detail: `not run: ${blocker} failed`, ms: 0 };
  }
  try {
    const r = await (steps[phase] ?? STEPS[phase])(app, date, ctx);
    if ('skip' in r) return { phase, status: 'skipped', detail: r.skip, ms: Date.now() - t0 };
    return { phase, status: 'succeeded', detail: r.detail, counts: r.counts, ms: Date.now() - t0 };
  } catch (e) {
    failed.add(phase);
    return { phase, status: 'failed', detail: (e as Error).message, ms: Date.now() - t0 };
  }
}

export async function daily(app: App, req: DailyRequest = {}): Promise<DailyResult> {
  const t0 = Date.now();
  const clock = await resolveClock(app.store, { configToday: app.config.today });
  const date = req.date ?? clock.today;
  const mode: Mode = req.mode ?? (date < clock.today ? 'BACKFILL' : 'FIRST');
  // Runs a killed earlier run left `running` are failed ORPHANED first (and alerted).
  await watchdogPass(app);
  const pred = predictor(app, clock.now);
  try {
    const ctx: DailyContext = { mode, predictor: pred, now: clock.now };
    const failed = new Set<Phase>();
    const phases: PhaseOutcome[] = [];
    for (const phase of req.phases ?? PHASES) {
      const o = await runStep(app, phase, date, ctx, failed, req.steps);
      phases.push(o);
      req.onPhase?.(o);
    }
    const bad = phases.find((p) => p.status === 'failed');
    return {
      date,
      mode,
      ok: !bad,
      failed: bad ? { phase: bad.phase, error: bad.detail } : null,
      phases,
      seconds: Math.round((Date.now() - t0) / 100) / 10,
    };
  } finally {
    await pred.close();
  }
}
