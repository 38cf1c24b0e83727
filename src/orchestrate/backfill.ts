import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dateRange } from '../domain/dates.ts';
import { DuckDBStore } from '../store/duckdb/duckdb-store.ts';
import type { Queryable } from '../store/store.ts';
import { type App, UsageError } from './app.ts';
import { type DailyContext, type Phase, type PhaseOutcome, predictor, runStep, type Step } from './daily.ts';
import { features } from './features.ts';
import { grade } from './grade.ts';
import { exportDate } from './publish.ts';
import { watchdogPass } from './watchdog.ts';

/**
 * `courtedge backfill --from D1 --to D2 [--phases …] [--dry-run]` (spec 08 "Backfill"): the
 * daily phases over a range, phase by phase: features for every date first (one tip-off build
 * of the range), then for each date the weekly retrain when due and its BACKFILL batch, then
 * for each date best bets followed by its grading, then publishing. Best bets and grading
 * alternate per date because best bets of D read the grades of D − 1 (signal, direction and
 * blacklist health), as the live order and the walk-forward backtest do. Every step is the
 * daily run's own step (the full best-bets pipeline, never a reduced path); a date whose
 * predict fails skips its best bets and publish and the range goes on.
 *
 * `dryRun` runs the same backfill on a copy of the DuckDB file (publishing to no sink) and
 * reports the row counts per table and date that would change; the store itself is not
 * touched. PostgreSQL has no file to copy, so a dry run there is refused.
 */

export const BACKFILL_PHASES = ['features', 'train', 'predict', 'bestbets', 'grade', 'publish'] as const;
export type BackfillPhase = (typeof BACKFILL_PHASES)[number];

export interface BackfillProgress {
  phase: BackfillPhase;
  date: string;
  done: number;
  total: number;
  /** Dates per second over the backfill so far, and the time left at that rate. */
  rate: number;
  eta_s: number | null;
}

export interface TableChange {
  table: string;
  date: string | null;
  before: number;
  after: number;
}

export interface BackfillResult {
  from: string;
  to: string;
  phases: BackfillPhase[];
  dry_run: boolean;
  ok: boolean;
  dates: number;
  failures: Array<{ date: string; phase: string; error: string }>;
  outcomes: Array<PhaseOutcome & { date: string }>;
  /** Dry run: what would change, per table and date (row counts before → after). */
  changes: TableChange[] | null;
  seconds: number;
}

export interface BackfillRequest {
  from: string;
  to: string;
  phases?: BackfillPhase[];
  dryRun?: boolean;
  onProgress?: (p: BackfillProgress) => void;
  /** Tests: replace a step (as daily's). */
  steps?: Partial<Record<Phase, Step>>;
}

export async function backfill(app: App, req: BackfillRequest): Promise<BackfillResult> {
  if (req.from > req.to) throw new UsageError(`--from ${req.from} is after --to ${req.to}`);
  const phases = req.phases?.length ? req.phases : [...BACKFILL_PHASES];
  const unknown = phases.filter((p) => !BACKFILL_PHASES.includes(p));
  if (unknown.length)
    throw new UsageError(`unknown phase(s) ${unknown.join(', ')} (${BACKFILL_PHASES.join(', ')})`);
  if (!req.dryRun) {
    await watchdogPass(app);
    return run(app, { ...req, phases }, null);
  }
  if (app.store.dialect !== 'duckdb')
    throw new UsageError('--dry-run needs the embedded store (it rehearses on a copy of the DuckDB file)');
  return rehearse(app, { ...req, phases });
}

/** `dry`: the rehearsal's publish directory on a dry run, else null. */
async function run(
  app: App,
  req: BackfillRequest & { phases: BackfillPhase[] },
  dry: string | null,
): Promise<BackfillResult> {
  const t0 = Date.now();
  const dates = dateRange(req.from, req.to);
  const want = new Set(req.phases);
  const outcomes: BackfillResult['outcomes'] = [];
  const total = dates.length * req.phases.length;
  let done = 0;
  const tick = (phase: BackfillPhase, date: string, n = 1) => {
    done += n;
    const s = (Date.now() - t0) / 1000;
    const rate = s > 0 ? done / req.phases.length / s : 0;
    req.onProgress?.({
      phase,
      date,
      done: Math.floor(done / req.phases.length),
      total: dates.length,
      rate: Math.round(rate * 100) / 100,
      eta_s: rate > 0 ? Math.round((total - done) / req.phases.length / rate) : null,
    });
  };
  const failedOn = new Map<string, Set<Phase>>();
  const failedOf = (d: string) => failedOn.get(d) ?? failedOn.set(d, new Set()).get(d)!;
  const pred = predictor(app, () => new Date());
  const ctx: DailyContext = { mode: 'BACKFILL', predictor: pred, now: () => new Date() };
  const steps: Partial<Record<Phase, Step>> = {
    grade: gradeSelf,
    ...(dry ? { publish: dryPublish(dry) } : {}),
    ...req.steps,
  };
  const step = async (phase: BackfillPhase, date: string) => {
    outcomes.push({ ...(await runStep(app, phase, date, ctx, failedOf(date), steps)), date });
    tick(phase, date);
  };

  try {
    if (want.has('features')) {
      // One tip-off build of the whole range (set-based); a failure fails every date's features.
      const range: Step = async (a) => {
        const f = (await features(a, { from: req.from, to: req.to, cutoff: 'tipoff' })).summary;
        return { detail: `${f.rows} rows over ${f.dates} date(s)`, counts: { rows: f.rows, dates: f.dates } };
      };
      const o = await runStep(app, 'features', req.from, ctx, failedOf(req.from), {
        features: req.steps?.features ?? range,
      });
      outcomes.push({ ...o, date: req.from });
      if (o.status === 'failed') for (const d of dates) failedOf(d).add('features');
      tick('features', req.to, dates.length);
    }
    for (const date of dates) {
      if (want.has('train')) await step('train', date);
      if (want.has('predict')) await step('predict', date);
    }
    for (const date of dates) {
      if (want.has('bestbets')) await step('bestbets', date);
      if (want.has('grade')) await step('grade', date);
    }
    if (want.has('publish')) for (const date of dates) await step('publish', date);
  } finally {
    await pred.close();
  }
  const failures = outcomes
    .filter((o) => o.status === 'failed')
    .map((o) => ({ date: o.date, phase: o.phase, error: o.detail }));
  return {
    from: req.from,
    to: req.to,
    phases: req.phases,
    dry_run: dry !== null,
    ok: failures.length === 0,
    dates: dates.length,
    failures,
    outcomes,
    changes: null,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  };
}

/** Backfill grades each date itself (daily grades the dates before its own). */
const gradeSelf: Step = async (app, date) => {
  const g = await grade(app, { dates: [date] });
  return {
    detail: `${g.graded} predictions graded`,
    counts: { graded: g.graded, rows_changed: g.rows_changed },
  };
};

/** A dry run publishes into the rehearsal's own directory, never the configured sinks. */
const dryPublish =
  (out: string): Step =>
  async (app, date) => {
    const e = await exportDate(app, { date, reason: 'on_demand', out });
    return {
      detail: `${e.files.length} file(s) (dry run: not published)`,
      counts: { files: e.files.length },
    };
  };

/** Row counts per table and date (the table's game_date or date column; undated tables as a whole). */
export async function tableCounts(db: Queryable): Promise<Map<string, number>> {
  const cols = await db.query<{ table_name: string; column_name: string | null }>(
    `SELECT t.table_name, (SELECT min(c.column_name) FROM information_schema.columns c
       WHERE c.table_name = t.table_name AND c.table_schema = t.table_schema AND c.column_name IN ('game_date', 'date')) AS column_name
     FROM information_schema.tables t
     WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out = new Map<string, number>();
  for (const { table_name: t, column_name: c } of cols) {
    const rows = await db.query<{ d: string | null; n: number }>(
      c
        ? `SELECT CAST(${c} AS VARCHAR) AS d, count(*)::INTEGER AS n FROM "${t}" GROUP BY 1`
        : `SELECT NULL AS d, count(*)::INTEGER AS n FROM "${t}"`,
    );
    for (const r of rows) out.set(`${t}|${r.d ?? ''}`, r.n);
  }
  return out;
}

/** The backfill on a copy of the store file; returns what it changed there. */
async function rehearse(
  app: App,
  req: BackfillRequest & { phases: BackfillPhase[] },
): Promise<BackfillResult> {
  await app.store.run('CHECKPOINT');
  const dir = mkdtempSync(join(tmpdir(), 'courtedge-dry-run-'));
  const copyPath = join(dir, 'rehearsal.duckdb');
  copyFileSync(app.store.location, copyPath);
  const copy = await DuckDBStore.open(copyPath);
  try {
    const before = await tableCounts(copy);
    const r = await run({ ...app, store: copy }, req, join(dir, 'publish'));
    const after = await tableCounts(copy);
    const changes: TableChange[] = [];
    for (const k of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const b = before.get(k) ?? 0;
      const a = after.get(k) ?? 0;
      const [table, date] = k.split('|');
      // The run log itself always grows; it is not an output of the pipeline.
      if (a !== b && table !== 'pipeline_runs')
        changes.push({ table, date: date || null, before: b, after: a });
    }
    return { ...r, changes };
  } finally {
    await copy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
