import {
  disableModel,
  enableModel,
  gateSummary,
  getModel,
  listModels,
  type ModelRow,
  promoteModel,
  RegistryError,
  retireModel,
} from '../models/index.ts';
import { resolveToday } from '../store/clock.ts';
import type { App } from './app.ts';
import { UsageError } from './app.ts';
import { republish } from './publish-after.ts';

export { RegistryError };

/** One registry row as `models list` shows it. */
function summaryOf(m: ModelRow) {
  const metrics = m.metrics as { mae?: number; hr3?: { hr: number | null; n: number } } | null;
  return {
    system_id: m.system_id,
    family: m.family,
    status: m.status,
    enabled: m.enabled,
    is_champion: m.is_champion,
    train_start: m.train_start,
    train_end: m.train_end,
    val_mae: metrics?.mae ?? null,
    hr3: metrics?.hr3?.hr ?? null,
    hr3_n: metrics?.hr3?.n ?? 0,
    gates: gateSummary(m.gates),
    gates_passed: m.gates_passed,
  };
}

export type ModelSummary = ReturnType<typeof summaryOf>;

/** `courtedge models list` / the registry table. */
export async function modelsList(app: App, q: { status?: string; family?: string } = {}) {
  return (await listModels(app.store, q)).map(summaryOf);
}

function quantileAt(q: number[] | null, level: number): number | null {
  if (!q?.length) return null;
  return Math.round(q[Math.round(level * (q.length - 1))] * 100) / 100;
}

/** `courtedge models show ID`: the row, its top-15 importance and a residual summary. */
export async function modelShow(app: App, id: string) {
  const m = await getModel(app.store, id);
  if (!m) throw new UsageError(`no model ${id} (courtedge models list shows the ids)`, 1);
  const residual_summary = Object.fromEntries(
    [0.05, 0.25, 0.5, 0.75, 0.95].map((l) => [`p${l * 100}`, quantileAt(m.residual_quantiles, l)]),
  );
  return { model: m, residual_summary, importance: (m.importance ?? []).slice(0, 15) };
}

export type ModelAction = 'enable' | 'disable' | 'promote' | 'retire';
const ACTIONS = { enable: enableModel, disable: disableModel, promote: promoteModel, retire: retireModel };

/** `courtedge models enable|disable|promote|retire ID` / POST /api/admin/models/:id/enable|disable. */
export async function changeModel(
  app: App,
  req: { action: ModelAction; id: string; force?: boolean; reason?: string; publish?: boolean },
) {
  const m = await ACTIONS[req.action](app.store, req.id, app.config.models.registry, {
    force: !!req.force,
    reason: req.reason,
  });
  // Spec 07 §1: enabling or disabling a model re-exports models/health.json and the dashboard.
  const published = req.publish
    ? await republish(app, (await resolveToday(app.store, { configToday: app.config.today })).date, 'models')
    : null;
  return {
    system_id: m.system_id,
    status: m.status,
    enabled: m.enabled,
    is_champion: m.is_champion,
    published,
  };
}

/**
 * `courtedge models enable --all-trained [--force --reason TEXT]`: every trained model that is
 * not live (candidate or blocked) becomes a shadow in one command — after `train --all` left
 * every model behind a gate, one model at a time took eight commands (issue 20). Refusals (a
 * failed gate without --force) are returned per model, not thrown; nothing is half-applied
 * per model (each enable is its own transaction).
 */
export async function enableAllTrained(
  app: App,
  req: { force?: boolean; reason?: string; publish?: boolean },
) {
  if (req.force && !req.reason?.trim())
    throw new UsageError('--force needs --reason "…" (it is recorded)', 2);
  const rows = (await listModels(app.store)).filter(
    (m) => m.status === 'candidate' || m.status === 'blocked',
  );
  if (!rows.length) throw new UsageError('no trained model waits to be enabled (courtedge models list)', 1);
  const enabled: string[] = [];
  const refused: Array<{ system_id: string; error: string }> = [];
  for (const m of rows) {
    try {
      await enableModel(app.store, m.system_id, app.config.models.registry, {
        force: !!req.force,
        reason: req.reason,
      });
      enabled.push(m.system_id);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      refused.push({ system_id: m.system_id, error: e.message });
    }
  }
  const published =
    req.publish && enabled.length
      ? await republish(
          app,
          (await resolveToday(app.store, { configToday: app.config.today })).date,
          'models',
        )
      : null;
  return { enabled, refused, published };
}
