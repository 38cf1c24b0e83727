import { isIsoDate } from '../domain/dates.ts';
import {
  type FileSelection,
  filesFor,
  type PublishReason,
  type PublishResult,
  publish,
  type Sink,
  sinksFromConfig,
} from '../publish/index.ts';
import { resolveToday } from '../store/clock.ts';
import { withRun } from '../store/runs.ts';
import { type App, UsageError } from './app.ts';

/**
 * Publishing use cases (spec 07 §1 "When files are written"): each is one `pipeline_runs` row,
 * phase `publish`, whose counts carry the reason and what was written.
 */

export interface ExportRequest {
  date: string;
  /** Directory replacing publish.dir for this run (`courtedge export --out DIR`). */
  out?: string;
  reason?: PublishReason | 'post_grading';
  /** Tests and byte-identical re-exports: a fixed generated_at. */
  generatedAt?: string;
  /** Tests: sinks instead of the configured ones. */
  sinks?: Sink[];
  selection?: FileSelection;
}

export interface ExportResult {
  run_id: string;
  date: string;
  as_of: string;
  files: Array<{ path: string; sha256: string; bytes: number }>;
  manifest: PublishResult['manifest'];
}

async function runPublish(
  app: App,
  req: ExportRequest,
  reason: string,
  selection: FileSelection,
): Promise<ExportResult> {
  if (!isIsoDate(req.date)) throw new UsageError(`date must be YYYY-MM-DD, got ${JSON.stringify(req.date)}`);
  const sinks = req.sinks ?? sinksFromConfig(app.config, req.out);
  const today = (await resolveToday(app.store, { configToday: app.config.today })).date;
  return withRun(app.store, { phase: 'publish', date: req.date, configHash: app.configHash }, async (run) => {
    run.counts.reason = reason;
    const r = await publish(app.store, {
      date: req.date,
      today,
      config: app.config,
      sinks,
      selection,
      runId: run.runId,
      generatedAt: req.generatedAt,
      log: app.log,
    });
    run.counts.files = r.files.length;
    run.counts.bytes = r.files.reduce((s, f) => s + f.bytes, 0);
    run.counts.as_of = r.as_of;
    run.counts.sinks = sinks.map((s) => s.name);
    return { run_id: run.runId, date: r.date, as_of: r.as_of, files: r.files, manifest: r.manifest };
  });
}

/** `courtedge export --date D [--out DIR]` / POST /api/admin/export: every file for D. */
export function exportDate(app: App, req: ExportRequest): Promise<ExportResult> {
  const reason = req.reason ?? 'on_demand';
  return runPublish(app, req, reason, req.selection ?? filesFor('on_demand'));
}

/**
 * After best bets for D, after a grading pass of D (06 §6, reason post_grading) or after a
 * model was enabled or disabled: writes the subset of files that changed.
 */
export function publishAfter(
  app: App,
  req: {
    date: string;
    reason: 'bestbets' | 'grade' | 'models';
    out?: string;
    generatedAt?: string;
    sinks?: Sink[];
  },
): Promise<ExportResult> {
  const label =
    req.reason === 'grade' ? 'post_grading' : req.reason === 'bestbets' ? 'post_bestbets' : 'post_models';
  return runPublish(app, req, label, filesFor(req.reason));
}
