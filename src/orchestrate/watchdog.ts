import { todayEt } from '../domain/dates.ts';
import { type AlertDraft, writeAlerts } from '../grading/index.ts';
import type { Queryable } from '../store/store.ts';
import type { App } from './app.ts';

/**
 * The watchdog of phase runs (DESIGN principle 5, 00-decisions "Interrupted runs"): a
 * `pipeline_runs` row left `running` by a process that is gone is failed ORPHANED (embedded
 * only: the pid is on this machine); one whose last progress (its start, or the newest
 * progress of a batch it owns) is older than `schedule.watchdog.runStallAfterS` is failed
 * STALLED. Batches are the predict runtime's own watchdog (predict.stallAfterS); this pass
 * raises the alert for every run or batch that ended STALLED/ORPHANED and has none yet, through
 * the grading alert sinks (row + log line + webhook). Every write is conditional on the row
 * still being `running`, so two watchdogs never fail a run twice.
 */

export interface WatchdogResult {
  orphaned: string[];
  stalled: string[];
  /** Alerts raised on this pass (runs and batches). */
  alerts: Array<{ subject: string; reason: string }>;
}

interface OpenRun {
  run_id: string;
  phase: string;
  date: string | null;
  started_at: string;
  pid: number | null;
  progress_at: string | null;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function failRun(
  db: Queryable,
  runId: string,
  reason: string,
  error: string,
  now: Date,
): Promise<boolean> {
  const n = await db.run(
    `UPDATE pipeline_runs SET status = 'failed', finished_at = $2::TIMESTAMPTZ, error = $3,
       duration_ms = CAST(EXTRACT(EPOCH FROM ($2::TIMESTAMPTZ - started_at)) * 1000 AS INTEGER)
     WHERE run_id = $1 AND status = 'running'`,
    [runId, now.toISOString(), `${reason}: ${error}`],
  );
  return n > 0;
}

export interface OpenRunVerdict extends OpenRun {
  verdict: 'ORPHANED' | 'STALLED' | null;
  detail: string;
}

/** Every `running` run with what the watchdog would do to it (status shows this read-only). */
export async function openRuns(db: Queryable, stallS: number, now: Date): Promise<OpenRunVerdict[]> {
  const open = await db.query<OpenRun>(
    `SELECT r.run_id, r.phase, r.date, r.started_at, r.pid,
            (SELECT max(b.last_progress_at) FROM prediction_batches b WHERE b.run_id = r.run_id) AS progress_at
     FROM pipeline_runs r WHERE r.status = 'running' ORDER BY r.started_at`,
  );
  return open.map((r) => {
    if (db.dialect === 'duckdb' && r.pid != null && !alive(r.pid))
      return { ...r, verdict: 'ORPHANED' as const, detail: `process ${r.pid} is gone` };
    const last = Math.max(Date.parse(r.started_at), r.progress_at ? Date.parse(r.progress_at) : 0);
    const idle = Math.round((now.getTime() - last) / 1000);
    if (idle > stallS)
      return {
        ...r,
        verdict: 'STALLED' as const,
        detail: `no progress for ${idle} s (schedule.watchdog.runStallAfterS = ${stallS})`,
      };
    return { ...r, verdict: null, detail: `running for ${idle} s` };
  });
}

/** One watchdog pass at `now` (default: the wall clock; run times are wall-clock times). */
export async function watchdogPass(app: App, opts: { now?: Date } = {}): Promise<WatchdogResult> {
  const now = opts.now ?? new Date();
  const db = app.store;
  const out: WatchdogResult = { orphaned: [], stalled: [], alerts: [] };
  for (const r of await openRuns(db, app.config.schedule.watchdog.runStallAfterS, now)) {
    if (!r.verdict || !(await failRun(db, r.run_id, r.verdict, r.detail, now))) continue;
    (r.verdict === 'ORPHANED' ? out.orphaned : out.stalled).push(r.run_id);
  }
  out.alerts = await alertStalled(app, now);
  return out;
}

/** Runs and batches that ended STALLED or ORPHANED without an alert yet get one. */
async function alertStalled(app: App, now: Date): Promise<WatchdogResult['alerts']> {
  const db = app.store;
  const rows = await db.query<{
    subject: string;
    date: string | null;
    reason: string;
    what: string;
    detail: string;
  }>(
    `SELECT run_id AS subject, date, CASE WHEN error LIKE 'STALLED%' THEN 'STALLED' ELSE 'ORPHANED' END AS reason,
            'phase ' || phase AS what, error AS detail
     FROM pipeline_runs WHERE status = 'failed' AND (error LIKE 'STALLED%' OR error LIKE 'ORPHANED%')
     UNION ALL
     SELECT batch_id, game_date, failure_reason, 'batch ' || mode, COALESCE(error, failure_reason)
     FROM prediction_batches WHERE status = 'failed' AND failure_reason IN ('STALLED', 'ORPHANED')`,
  );
  if (!rows.length) return [];
  const seen = new Set(
    (await db.query<{ subject: string }>(`SELECT subject FROM alerts WHERE kind = 'run_stalled'`)).map(
      (r) => r.subject,
    ),
  );
  const drafts: AlertDraft[] = rows
    .filter((r) => !seen.has(r.subject))
    .map((r) => ({
      date: r.date ?? todayEt(now),
      kind: 'run_stalled',
      // An orphan is a crash or a kill (the re-run completes it); a stall is a hang.
      severity: r.reason === 'STALLED' ? 'critical' : 'warning',
      subject: r.subject,
      message: `${r.what} ${r.subject} failed ${r.reason}: ${r.detail}. Re-run the phase (courtedge daily --date ${r.date ?? '…'}); see courtedge status.`,
      payload: { reason: r.reason, what: r.what, detail: r.detail },
    }));
  if (!drafts.length) return [];
  const g = app.config.grading.alerts;
  await writeAlerts(db, drafts, {
    runId: null,
    now,
    webhookUrl: g.webhookUrl ?? null,
    webhookTimeoutMs: g.webhookTimeoutMs,
    log: app.log,
  });
  return drafts.map((d) => ({ subject: d.subject, reason: String(d.payload.reason) }));
}
