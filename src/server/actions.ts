import type { App } from '../orchestrate/app.ts';
import { bestBets } from '../orchestrate/bestbets.ts';
import { showClock } from '../orchestrate/clock.ts';
import { daily } from '../orchestrate/daily.ts';
import { features } from '../orchestrate/features.ts';
import { grade } from '../orchestrate/grade.ts';
import { clearHalt, setHalt } from '../orchestrate/halt.ts';
import { getRun, listRuns } from '../orchestrate/lock.ts';
import { changeModel } from '../orchestrate/models.ts';
import { batchRequest, batchStatus, predictRuntime, startBatch } from '../orchestrate/predict.ts';
import { exportDate } from '../orchestrate/publish.ts';
import { type ReportKind, report } from '../orchestrate/reports.ts';
import { HttpError } from './errors.ts';

/**
 * What the admin routes ask of the application layer: one src/orchestrate use case per
 * route (spec 07 §3), the same ones the CLI commands call. Route handlers hold no wiring of
 * phases; they validate, call one of these, and map the outcome to a status.
 * `buildServer({actions})` may replace entries (a test's forced failure); production uses
 * `orchestrateActions`.
 */
export const PHASES = ['ingest', 'grade', 'features', 'train', 'predict', 'bestbets', 'publish'] as const;
export type Phase = (typeof PHASES)[number];

export interface BatchStart {
  outcome: 'started' | 'conflict';
  batch_id: string;
  run_id?: string | null;
  status: string;
}

export interface HaltObject {
  active: boolean;
  state: string | null;
  reason: string | null;
  since: string | null;
}

export interface AdminActions {
  startBatch(
    app: App,
    req: { date: string; mode?: string; force?: boolean; skipCompleteness?: boolean },
  ): Promise<BatchStart>;
  getBatch(app: App, batchId: string): Promise<unknown | null>;
  /** Long work of a phase for a date; the server runs it as a job (202 {run_id}). */
  phase(app: App, phase: Phase, req: { date?: string }): Promise<unknown>;
  listRuns(app: App, q: { phase?: string; limit?: number }): Promise<unknown[]>;
  getRun(app: App, runId: string): Promise<unknown | null>;
  setModelEnabled(
    app: App,
    req: { system_id: string; enabled: boolean; reason: string; by: string },
  ): Promise<{ system_id: string; enabled: boolean }>;
  exportDate(app: App, req: { date?: string }): Promise<unknown>;
  setHalt(app: App, req: { reason: string; by: string }): Promise<HaltObject>;
  clearHalt(app: App, req: { by: string }): Promise<HaltObject>;
  report(
    app: App,
    kind: ReportKind,
    q: { from: string; to: string; model?: string | null; minEdge?: number },
  ): Promise<unknown>;
}

/** A use case that src/orchestrate does not offer yet: 501, named (docs/notes/server.md TODO). */
function missing(name: string): never {
  throw new HttpError(501, { error: 'not_implemented', use_case: name });
}

function requireDate(date: string | undefined, phase: string): string {
  if (!date)
    throw new HttpError(400, {
      error: 'bad_request',
      issues: [{ path: 'body.date', message: `required for ${phase}` }],
    });
  return date;
}

/**
 * The production bindings. Batches share one PredictRuntime for the server's lifetime (one
 * owner per process: a second runtime would see the first one's batches as orphans); its
 * clock follows the store's clock at each start (`courtedge clock set` moves it).
 */
export function orchestrateActions(
  predictOptions: Parameters<typeof predictRuntime>[1] = {},
): AdminActions & { close(): Promise<void> } {
  let rt: ReturnType<typeof predictRuntime> | null = null;
  let now: () => Date = () => new Date();
  const runtime = (app: App) => {
    rt ??= predictRuntime(app, { ...predictOptions, now: () => now() });
    return rt;
  };
  const actions: AdminActions & { close(): Promise<void> } = {
    startBatch: async (app, req) => {
      const r = await batchRequest(app, { date: req.date, mode: req.mode });
      now = r.now;
      const started = await startBatch(runtime(app), {
        date: r.date,
        mode: r.mode,
        force: !!req.force,
        skipCompleteness: !!req.skipCompleteness,
        requestedBy: 'api',
      });
      return started.outcome === 'conflict'
        ? { outcome: 'conflict', batch_id: started.batch_id, status: started.status }
        : { outcome: 'started', batch_id: started.batch_id, run_id: started.run_id, status: started.status };
    },
    getBatch: (app, batchId) => batchStatus(app, batchId),
    phase: async (app, phase, req) => {
      switch (phase) {
        case 'grade':
          return grade(app, { dates: [requireDate(req.date, phase)], publish: true });
        case 'bestbets':
          return bestBets(app, { date: req.date, publish: true });
        case 'features': {
          const d = requireDate(req.date, phase);
          return features(app, { from: d, to: d, cutoff: 'tipoff' });
        }
        case 'publish':
          return exportDate(app, { date: requireDate(req.date, phase) });
        case 'ingest':
        case 'train':
          // The daily run's own step for the phase (live fetch; retrain of the due families),
          // as the scheduler runs it. Predict never comes here: it is a batch of the server's
          // one runtime (daily would start a second runtime, whose orphan sweep fails ours).
          return daily(app, { date: req.date, phases: [phase] });
        default:
          return missing(phase);
      }
    },
    listRuns: (app, q) => listRuns(app.store, q),
    getRun: (app, id) => getRun(app.store, id),
    setModelEnabled: async (app, req) => {
      const m = await changeModel(app, {
        action: req.enabled ? 'enable' : 'disable',
        id: req.system_id,
        reason: req.reason || undefined,
        publish: true,
      });
      return { system_id: m.system_id, enabled: m.enabled };
    },
    exportDate: async (app, req) => {
      const date = req.date ?? (await showClock(app)).date;
      return exportDate(app, { date });
    },
    setHalt: async (app, req) => {
      const h = await setHalt(app, req);
      return { active: h.active, state: h.state, reason: h.reason, since: h.since };
    },
    clearHalt: async (app, req) => (await clearHalt(app, req)).halt,
    report: async (app, kind, q) => report(app, kind, q),
    close: async () => {
      await rt?.close();
      rt = null;
    },
  };
  return actions;
}
