import { Cron } from 'croner';
import type { Config } from '../config/schema.ts';
import { addDays } from '../domain/dates.ts';
import { resolveToday } from '../store/clock.ts';
import { getMeta, setMeta } from '../store/meta.ts';
import type { PipelineRun } from '../store/runs.ts';
import type { Queryable } from '../store/store.ts';
import type { App } from './app.ts';
import { UsageError } from './app.ts';
import { openRuns } from './watchdog.ts';
import { listWorkers, queueDepth, type WorkerInfo } from './worker.ts';

/**
 * `courtedge status` (spec 08 "Status"): per date, what the pipeline should have produced
 * against what the store holds, plus the last run of each phase, failures, stalled runs, the
 * champion count, configuration changes between runs and the next scheduled runs. A handful
 * of set-based queries over the whole range, whatever its length.
 *
 * What is expected (decisions where the spec is silent):
 * - box scores for every Final game; features, predictions, a best-bets run and an export for
 *   every date up to today with playable (not postponed) games; grades for every active
 *   prediction of a Final game. Future dates expect nothing.
 * - predictions per model: for today, every enabled model trained before today; for earlier
 *   dates at least one model (the fleet changes weekly: which models ran then is history).
 * - zero champions is a warning (a fresh fleet has none until `models promote`); two or more
 *   is missing (the registry allows exactly one).
 */

export type CheckName = 'box_scores' | 'features' | 'predictions' | 'picks' | 'grades' | 'exports';

export interface Check {
  name: CheckName;
  expected: number;
  actual: number;
  missing: boolean;
}

export interface DateStatus {
  date: string;
  games: number;
  playable: number;
  final: number;
  checks: Check[];
  predictions_by_model: Record<string, number>;
  picks: number;
  bottleneck: string | null;
  missing: string[];
}

export type RunLine = Pick<
  PipelineRun,
  'run_id' | 'phase' | 'date' | 'status' | 'started_at' | 'duration_ms' | 'error'
>;

export interface StatusResult {
  today: string;
  from: string;
  to: string;
  ok: boolean;
  /** One line per missing output: "2033-04-23 predictions: 6 of 8 models". */
  missing: string[];
  warnings: string[];
  dates: DateStatus[];
  last_runs: RunLine[];
  failures: RunLine[];
  stalled: Array<{
    kind: 'run' | 'batch';
    id: string;
    date: string | null;
    reason: string;
    at: string | null;
  }>;
  /** Runs still `running`; `verdict` is what the next watchdog pass will do (null: healthy). */
  running: Array<{
    run_id: string;
    phase: string;
    date: string | null;
    started_at: string;
    verdict: string | null;
    detail: string;
  }>;
  champions: string[];
  config_changes: Array<{ run_id: string; phase: string; at: string; from: string; to: string }>;
  /** Each job's next tick, and the tick it last ran for in `courtedge serve` (store_meta). */
  schedule: Array<{ job: string; cron: string; next: string | null; last_tick?: string | null }>;
  /** Distributed mode: the workers seen in the last 5 minutes and the jobs per queue ({} embedded). */
  workers: WorkerInfo[];
  queues: Record<string, { queued: number; active: number }>;
}

export interface StatusRequest {
  date?: string;
  from?: string;
  to?: string;
  now?: Date;
}

const tickKey = (job: string) => `schedule.last_tick.${job}`;

/** The tick a scheduled job last ran for (the scheduler keeps it in store_meta), or null. */
export function lastTick(app: App, job: string): Promise<string | null> {
  return getMeta(app.store, tickKey(job));
}

export function recordTick(app: App, job: string, tick: string): Promise<void> {
  return setMeta(app.store, tickKey(job), tick);
}

/** "Today" by the one clock (00-decisions) for a scheduled job. */
export async function today(app: App): Promise<string> {
  return (await resolveToday(app.store, { configToday: app.config.today })).date;
}

/** The next tick of every scheduled job (the scheduler's own rule; "off" jobs are left out). */
export function nextRuns(config: Config, now = new Date()): StatusResult['schedule'] {
  const s = config.schedule;
  return Object.entries(s.jobs)
    .filter(([, cron]) => cron !== 'off')
    .map(([job, cron]) => {
      const c = new Cron(cron, { timezone: s.timezone, paused: true });
      const next = c.nextRun(now);
      c.stop();
      return { job, cron, next: next ? next.toISOString() : null };
    });
}

interface DateCounts {
  date: string;
  games: number;
  playable: number;
  final: number;
  final_box: number;
  with_features: number;
}

async function dateCounts(db: Queryable, from: string, to: string): Promise<DateCounts[]> {
  return db.query<DateCounts>(
    `WITH g AS (
       SELECT g.game_id, g.game_date, g.status,
              (g.postponed_to IS NULL AND NOT EXISTS (SELECT 1 FROM game_postponements p
                 WHERE p.game_id = g.game_id AND p.original_date = g.game_date)) AS playable
       FROM games g WHERE g.game_date BETWEEN $1::DATE AND $2::DATE)
     SELECT g.game_date AS date, count(*)::INTEGER AS games,
            count(*) FILTER (WHERE g.playable)::INTEGER AS playable,
            count(*) FILTER (WHERE g.status = 3)::INTEGER AS final,
            count(*) FILTER (WHERE g.status = 3 AND g.game_id IN (SELECT DISTINCT game_id FROM box_scores
              WHERE game_date BETWEEN $1::DATE AND $2::DATE))::INTEGER AS final_box,
            count(*) FILTER (WHERE g.playable AND g.game_id IN (SELECT DISTINCT game_id FROM features
              WHERE game_date BETWEEN $1::DATE AND $2::DATE))::INTEGER AS with_features
     FROM g GROUP BY g.game_date ORDER BY g.game_date`,
    [from, to],
  );
}

const runColumns = 'run_id, phase, date, status, started_at, duration_ms, error';

export async function status(app: App, req: StatusRequest = {}): Promise<StatusResult> {
  if (req.date && (req.from || req.to)) throw new UsageError('give --date or --from/--to, not both');
  if (!!req.from !== !!req.to) throw new UsageError('--from and --to go together');
  const db = app.store;
  const now = req.now ?? new Date();
  const today = (await resolveToday(db, { configToday: app.config.today, now })).date;
  const from = req.from ?? req.date ?? today;
  const to = req.to ?? req.date ?? today;
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const range = [from, to];

  const [counts, preds, models, bb, grades, exps] = await Promise.all([
    dateCounts(db, from, to),
    db.query<{ date: string; system_id: string; n: number }>(
      `SELECT game_date AS date, system_id, count(*)::INTEGER AS n FROM predictions
       WHERE is_active AND game_date BETWEEN $1::DATE AND $2::DATE GROUP BY 1, 2`,
      range,
    ),
    db.query<{ system_id: string; train_end: string; enabled: boolean; is_champion: boolean }>(
      'SELECT system_id, train_end, enabled, is_champion FROM models WHERE enabled OR is_champion',
    ),
    db.query<{ date: string; status: string; pipeline_summary: unknown; picks: number }>(
      `SELECT r.date, r.status, r.pipeline_summary,
              (SELECT count(*) FROM best_bets_picks p WHERE p.date = r.date AND p.status = 'active')::INTEGER AS picks
       FROM best_bets_runs r WHERE r.date BETWEEN $1::DATE AND $2::DATE`,
      range,
    ),
    db.query<{ date: string; gradable: number; graded: number }>(
      `SELECT k.game_date AS date, count(*)::INTEGER AS gradable, count(pg.system_id)::INTEGER AS graded
       FROM (SELECT DISTINCT p.game_date, p.system_id, p.game_id, p.player_id
             FROM predictions p JOIN games g ON g.game_id = p.game_id
             WHERE p.is_active AND g.status = 3 AND p.game_date BETWEEN $1::DATE AND $2::DATE) k
       LEFT JOIN prediction_grades pg
         ON pg.system_id = k.system_id AND pg.game_id = k.game_id AND pg.player_id = k.player_id
       GROUP BY k.game_date`,
      range,
    ),
    db.query<{ date: string; n: number }>(
      `SELECT date, count(*)::INTEGER AS n FROM exports WHERE date BETWEEN $1::DATE AND $2::DATE GROUP BY 1`,
      range,
    ),
  ]);

  const enabled = models.filter((m) => m.enabled);
  const byDate = <T extends { date: string }>(rows: T[]) => new Map(rows.map((r) => [r.date, r]));
  const bbOf = byDate(bb);
  const gradesOf = byDate(grades);
  const expOf = byDate(exps);
  const countsOf = byDate(counts);
  const predsOf = new Map<string, Record<string, number>>();
  for (const p of preds) {
    const m = predsOf.get(p.date) ?? {};
    m[p.system_id] = p.n;
    predsOf.set(p.date, m);
  }

  const dates: DateStatus[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const c = countsOf.get(d) ?? { date: d, games: 0, playable: 0, final: 0, final_box: 0, with_features: 0 };
    const byModel = predsOf.get(d) ?? {};
    const due = d <= today && c.playable > 0;
    const checks: Check[] = [];
    const check = (name: CheckName, expected: number, actual: number) =>
      checks.push({ name, expected, actual, missing: actual < expected });
    check('box_scores', c.final, c.final_box);
    if (due) {
      check('features', c.playable, c.with_features);
      const expectedModels = d === today ? Math.max(1, enabled.filter((m) => m.train_end < d).length) : 1;
      check('predictions', expectedModels, Object.keys(byModel).length);
      const run = bbOf.get(d);
      check('picks', 1, run ? 1 : 0);
      check('exports', 1, expOf.get(d)?.n ?? 0);
    }
    const g = gradesOf.get(d);
    if (g) check('grades', g.gradable, g.graded);
    const run = bbOf.get(d);
    const summary = run
      ? typeof run.pipeline_summary === 'string'
        ? JSON.parse(run.pipeline_summary)
        : run.pipeline_summary
      : null;
    const missing = checks
      .filter((k) => k.missing)
      .map((k) => `${d} ${k.name}: ${k.actual} of ${k.expected}${hint(k.name, d, enabled.length)}`);
    dates.push({
      date: d,
      games: c.games,
      playable: c.playable,
      final: c.final,
      checks,
      predictions_by_model: byModel,
      picks: run?.picks ?? 0,
      bottleneck: (summary as { bottleneck?: string | null } | null)?.bottleneck ?? null,
      missing,
    });
  }

  const [lastRuns, failures, stalledRuns, stalledBatches, hashes, open] = await Promise.all([
    db.query<RunLine>(
      `SELECT ${runColumns} FROM (SELECT *, row_number() OVER (PARTITION BY phase ORDER BY started_at DESC, run_id DESC) AS k
       FROM pipeline_runs) r WHERE k = 1 ORDER BY phase`,
    ),
    // A failure stays listed until a later run of the same phase and date succeeds.
    db.query<RunLine>(
      `SELECT ${runColumns} FROM pipeline_runs f WHERE f.status = 'failed'
         AND (f.date BETWEEN $1::DATE AND $2::DATE OR (f.date IS NULL AND f.started_at >= $3::TIMESTAMPTZ))
         AND NOT EXISTS (SELECT 1 FROM pipeline_runs s WHERE s.phase = f.phase AND s.status = 'succeeded'
           AND s.date IS NOT DISTINCT FROM f.date AND s.started_at > f.started_at)
       ORDER BY started_at DESC LIMIT 50`,
      [from, to, `${addDays(from, -1)}T00:00:00.000Z`],
    ),
    db.query<{ id: string; date: string | null; error: string; at: string | null }>(
      `SELECT run_id AS id, date, error, finished_at AS at FROM pipeline_runs
       WHERE status = 'failed' AND (error LIKE 'STALLED%' OR error LIKE 'ORPHANED%')
         AND (date BETWEEN $1::DATE AND $2::DATE OR date IS NULL) ORDER BY started_at DESC LIMIT 50`,
      range,
    ),
    db.query<{ id: string; date: string; error: string; at: string | null }>(
      `SELECT batch_id AS id, game_date AS date, failure_reason AS error, finished_at AS at FROM prediction_batches
       WHERE status = 'failed' AND failure_reason IN ('STALLED', 'ORPHANED')
         AND game_date BETWEEN $1::DATE AND $2::DATE ORDER BY created_at DESC LIMIT 50`,
      range,
    ),
    db.query<{ run_id: string; phase: string; started_at: string; config_hash: string }>(
      `SELECT run_id, phase, started_at, config_hash FROM (
         SELECT * FROM pipeline_runs WHERE config_hash IS NOT NULL AND config_hash <> ''
         ORDER BY started_at DESC, run_id DESC LIMIT 500) r ORDER BY started_at, run_id`,
    ),
    openRuns(db, app.config.schedule.watchdog.runStallAfterS, now),
  ]);

  const configChanges: StatusResult['config_changes'] = [];
  for (let i = 1; i < hashes.length; i++)
    if (hashes[i].config_hash !== hashes[i - 1].config_hash)
      configChanges.push({
        run_id: hashes[i].run_id,
        phase: hashes[i].phase,
        at: hashes[i].started_at,
        from: hashes[i - 1].config_hash,
        to: hashes[i].config_hash,
      });

  const champions = models.filter((m) => m.is_champion).map((m) => m.system_id);
  const missing = dates.flatMap((d) => d.missing);
  const running = open.map((r) => ({
    run_id: r.run_id,
    phase: r.phase,
    date: r.date,
    started_at: r.started_at,
    verdict: r.verdict,
    detail: r.detail,
  }));
  for (const r of running)
    if (r.verdict)
      missing.push(`${r.phase} ${r.date ?? ''} run ${r.run_id} is ${r.verdict} (${r.detail}): re-run it`);
  const warnings: string[] = [];
  if (champions.length > 1)
    missing.push(`champions: ${champions.length} (${champions.join(', ')}); exactly one allowed`);
  if (champions.length === 0) warnings.push('no champion model (courtedge models promote ID)');
  if (configChanges.length)
    warnings.push(`configuration changed ${configChanges.length}× between recent runs (see config_changes)`);
  const stalled: StatusResult['stalled'] = [
    ...stalledRuns.map((r) => ({
      kind: 'run' as const,
      id: r.id,
      date: r.date,
      reason: r.error.split(':')[0],
      at: r.at,
    })),
    ...stalledBatches.map((r) => ({
      kind: 'batch' as const,
      id: r.id,
      date: r.date,
      reason: r.error,
      at: r.at,
    })),
  ];
  return {
    today,
    from,
    to,
    ok: missing.length === 0,
    missing,
    warnings,
    dates,
    last_runs: lastRuns,
    failures,
    stalled,
    running,
    champions,
    config_changes: configChanges.slice(-10),
    schedule: await Promise.all(
      nextRuns(app.config, now).map(async (j) => ({ ...j, last_tick: await lastTick(app, j.job) })),
    ),
    workers: app.store.dialect === 'postgres' ? await listWorkers(app.store, { now }) : [],
    queues: await queueDepth(app),
  };
}

/** The command that produces a missing output (errors name the remedy). */
function hint(name: CheckName, d: string, enabledModels: number): string {
  switch (name) {
    case 'box_scores':
      return ` (courtedge fetch boxscores --date ${d}, or import the game logs)`;
    case 'predictions':
      return enabledModels
        ? ` (courtedge daily --date ${d})`
        : ' (no enabled models: courtedge train --all --enable)';
    case 'grades':
      return ` (courtedge grade --date ${d})`;
    default:
      return ` (courtedge daily --date ${d})`;
  }
}
