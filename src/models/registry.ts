import type { Config } from '../config/schema.ts';
import { parseJson, type Queryable, type Store } from '../store/store.ts';
import { insertModels, MODEL_JSON_COLUMNS } from '../store/tables/models.ts';
import { type GateResults, promotable } from './gates.ts';

/**
 * The registry (spec 03 §6): `models` rows and `model_artifacts` by hash. Status changes are
 * transactions that keep the safety floor of enabled models and exactly one champion.
 */

export type ModelStatus = 'candidate' | 'shadow' | 'champion' | 'retired' | 'blocked';
export const MODEL_STATUSES: ModelStatus[] = ['candidate', 'shadow', 'champion', 'retired', 'blocked'];

export interface ModelRow {
  system_id: string;
  family: string;
  feature_set: string;
  contract_hash: string;
  loss: string;
  quantile_alpha: number | null;
  feature_weights: Record<string, number> | null;
  min_edge: number;
  train_start: string;
  train_end: string;
  window_game_days: number;
  val_start: string | null;
  val_end: string | null;
  params: Record<string, unknown> | null;
  best_iteration: number | null;
  counts: Record<string, unknown> | null;
  metrics: Record<string, any> | null;
  gates: GateResults | null;
  gates_passed: boolean;
  gate_basis: string | null;
  importance:
    | { feature: string; gain: number; split: number; gain_share: number; split_share: number }[]
    | null;
  vegas_gain_share: number | null;
  residual_quantiles: number[] | null;
  status: ModelStatus;
  enabled: boolean;
  is_champion: boolean;
  shadow_since: string | null;
  status_changed_at: string | null;
  status_reason: string | null;
  artifact_hash: string;
  config_hash: string | null;
  seed: number | null;
  duration_ms: number | null;
  run_id: string | null;
  created_at: string;
}

function parseRow(r: any): ModelRow {
  const out = { ...r };
  for (const c of MODEL_JSON_COLUMNS) out[c] = parseJson(r[c]);
  return out as ModelRow;
}

/** Writes a trained model and its artifact in one transaction. */
export async function registerModel(
  store: Store,
  row: ModelRow,
  artifact: { hash: string; text: string },
): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.insertMany(
      'model_artifacts',
      ['hash', 'bytes', 'created_at'],
      [[artifact.hash, artifact.text, row.created_at]],
      {
        onConflict: 'ON CONFLICT (hash) DO NOTHING',
      },
    );
    await insertModels(tx, [row]);
    await logStatus(
      tx,
      row.system_id,
      null,
      row.status,
      row.status_reason ?? 'trained',
      'train',
      row.created_at,
    );
  });
}

async function logStatus(
  q: Queryable,
  id: string,
  from: string | null,
  to: string,
  reason: string | null,
  actor: string,
  at: string,
): Promise<void> {
  await q.run(
    `INSERT INTO model_status_log (system_id, changed_at, from_status, to_status, reason, actor)
     VALUES ($1, $2::TIMESTAMPTZ, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [id, at, from, to, reason, actor],
  );
}

export async function listModels(
  store: Queryable,
  filter: { status?: string; family?: string } = {},
): Promise<ModelRow[]> {
  const rows = await store.query(
    `SELECT * FROM models WHERE ($1::TEXT IS NULL OR status = $1) AND ($2::TEXT IS NULL OR family = $2)
     ORDER BY family, train_end DESC, system_id`,
    [filter.status ?? null, filter.family ?? null],
  );
  return rows.map(parseRow);
}

export async function getModel(store: Queryable, id: string): Promise<ModelRow | null> {
  const rows = await store.query('SELECT * FROM models WHERE system_id = $1', [id]);
  return rows[0] ? parseRow(rows[0]) : null;
}

/** The artifact text of a model, its SHA-256 verified by the caller (predict) on load. */
export async function getArtifact(store: Queryable, hash: string): Promise<string | null> {
  const rows = await store.query<{ bytes: string }>('SELECT bytes FROM model_artifacts WHERE hash = $1', [
    hash,
  ]);
  return rows[0]?.bytes ?? null;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

export type RegistryConfig = Config['models']['registry'];

async function enabledCount(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>('SELECT COUNT(*) AS n FROM models WHERE enabled');
  return Number(r[0].n);
}

function floorCheck(after: number, before: number, cfg: RegistryConfig): void {
  if (after < cfg.minEnabled && after < before) {
    throw new RegistryError(
      `refused: ${after} enabled model(s) would remain, below the floor models.registry.minEnabled = ${cfg.minEnabled}`,
    );
  }
}

async function setStatus(
  tx: Queryable,
  m: ModelRow,
  to: ModelStatus,
  enabled: boolean,
  reason: string | null,
  actor: string,
  now: string,
): Promise<void> {
  await tx.run(
    `UPDATE models SET status = $2, enabled = $3, status_changed_at = $4::TIMESTAMPTZ, status_reason = $5,
       shadow_since = CASE WHEN $2 = 'shadow' AND status <> 'shadow' THEN $4::TIMESTAMPTZ ELSE shadow_since END
     WHERE system_id = $1`,
    [m.system_id, to, enabled, now, reason],
  );
  await logStatus(tx, m.system_id, m.status, to, reason, actor, now);
}

async function mustGet(q: Queryable, id: string): Promise<ModelRow> {
  const m = await getModel(q, id);
  if (!m) throw new RegistryError(`no model ${id}`);
  return m;
}

export interface ChangeOptions {
  force?: boolean;
  reason?: string;
  actor?: string;
  now?: Date;
}

/** candidate/retired/blocked → shadow; refused when a (non-advisory) gate failed unless force with a reason. */
export async function enableModel(
  store: Store,
  id: string,
  cfg: RegistryConfig,
  o: ChangeOptions = {},
): Promise<ModelRow> {
  return store.transaction(async (tx) => {
    const m = await mustGet(tx, id);
    if (m.status === 'shadow' || m.status === 'champion')
      throw new RegistryError(`${id} is already ${m.status}`);
    // Fails of advisory gates (models.registry.advisoryGates) do not block enabling.
    const failed = Object.values(m.gates ?? {}).filter(
      (g) => g.outcome === 'fail' && !(cfg.advisoryGates ?? []).includes(g.gate as never),
    );
    if (failed.length && !o.force) {
      throw new RegistryError(
        `refused: ${id} failed gate(s) ${failed.map((g) => g.gate).join(', ')}; use --force --reason "…" to enable it anyway`,
      );
    }
    if (failed.length && !o.reason?.trim())
      throw new RegistryError('--force needs --reason "…" (it is recorded)');
    const reason = failed.length ? `forced: ${o.reason}` : (o.reason ?? 'enabled');
    await setStatus(tx, m, 'shadow', true, reason, o.actor ?? 'cli', (o.now ?? new Date()).toISOString());
    return mustGet(tx, id);
  });
}

/** shadow/blocked → candidate, not enabled; refused for the champion and below the floor. */
export function disableModel(store: Store, id: string, cfg: RegistryConfig, o: ChangeOptions = {}) {
  return standDown(store, id, cfg, o, 'candidate', 'disabled', (m) =>
    m.status !== 'shadow' && m.status !== 'blocked' ? `${id} is ${m.status}, not shadow` : null,
  );
}

/** → retired; refused for the champion and below the floor. */
export function retireModel(store: Store, id: string, cfg: RegistryConfig, o: ChangeOptions = {}) {
  return standDown(store, id, cfg, o, 'retired', 'retired', (m) =>
    m.status === 'retired' ? `${id} is already retired` : null,
  );
}

/** Takes a model out of service (disable, retire): never the champion, never below the floor. */
function standDown(
  store: Store,
  id: string,
  cfg: RegistryConfig,
  o: ChangeOptions,
  to: ModelStatus,
  defaultReason: string,
  refusal: (m: ModelRow) => string | null,
): Promise<ModelRow> {
  return store.transaction(async (tx) => {
    const m = await mustGet(tx, id);
    if (m.is_champion) throw new RegistryError(`refused: ${id} is the champion; promote another model first`);
    const refused = refusal(m);
    if (refused) throw new RegistryError(refused);
    const before = await enabledCount(tx);
    if (m.enabled) floorCheck(before - 1, before, cfg);
    const at = (o.now ?? new Date()).toISOString();
    await setStatus(tx, m, to, false, o.reason ?? defaultReason, o.actor ?? 'cli', at);
    return mustGet(tx, id);
  });
}

/**
 * shadow → champion in one transaction (`is_champion = (system_id = id)`); needs its gates
 * promotable (no fail and a pass on one of `models.registry.promoteOn`: hr3 or log_loss) and
 * ≥ minShadowDays game days with predictions (counted by `shadowDays`); the old champion
 * becomes shadow.
 */
export async function promoteModel(
  store: Store,
  id: string,
  cfg: RegistryConfig,
  o: ChangeOptions & { shadowDays?: (q: Queryable, id: string) => Promise<number> } = {},
): Promise<ModelRow> {
  return store.transaction(async (tx) => {
    const m = await mustGet(tx, id);
    if (m.status !== 'shadow')
      throw new RegistryError(`refused: ${id} is ${m.status}; only a shadow can be promoted`);
    const ok = m.gates ? promotable(m.gates, cfg.promoteOn) : m.gates_passed;
    if (!ok)
      throw new RegistryError(
        `refused: ${id} needs no failed gate and a pass on one of ${cfg.promoteOn.join(', ')} (models.registry.promoteOn)`,
      );
    const days = await (o.shadowDays ?? predictionDays)(tx, id);
    if (days < cfg.minShadowDays) {
      throw new RegistryError(
        `refused: ${id} has predictions on ${days} game day(s), fewer than models.registry.minShadowDays = ${cfg.minShadowDays}`,
      );
    }
    const now = (o.now ?? new Date()).toISOString();
    const old = (await tx.query('SELECT * FROM models WHERE is_champion')).map(parseRow);
    await tx.run('UPDATE models SET is_champion = (system_id = $1)', [id]);
    for (const c of old) {
      if (c.system_id === id) continue;
      await setStatus(tx, c, 'shadow', true, `replaced by ${id}`, o.actor ?? 'cli', now);
    }
    await setStatus(tx, m, 'champion', true, o.reason ?? 'promoted', o.actor ?? 'cli', now);
    return mustGet(tx, id);
  });
}

/** Game days with predictions of a model (0 when the predictions table does not exist yet). */
export async function predictionDays(q: Queryable, id: string): Promise<number> {
  try {
    const r = await q.query<{ n: number }>(
      'SELECT COUNT(DISTINCT game_date) AS n FROM predictions WHERE system_id = $1',
      [id],
    );
    return Number(r[0]?.n ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Decay blocking (grading): disables the model unless that breaks the floor, in which case it
 * stays enabled as `blocked` and the caller logs a warning. Returns whether it stayed enabled.
 */
export async function blockModel(
  store: Store,
  id: string,
  cfg: RegistryConfig,
  reason: string,
  now = new Date(),
): Promise<boolean> {
  return store.transaction(async (tx) => {
    const m = await mustGet(tx, id);
    const before = await enabledCount(tx);
    const keep = m.enabled && before - 1 < cfg.minEnabled;
    await setStatus(tx, m, 'blocked', keep, reason, 'decay', now.toISOString());
    return keep;
  });
}

/**
 * Weekly retrain auto-enable of a model with no failed gate: it becomes shadow, then the
 * family's older non-champion shadows retire (the floor still applies to each retirement). A
 * model with a failed gate is refused (enableModel), so the family's older shadow keeps
 * predicting — the backtest's as-live view does the same.
 */
export async function autoEnable(
  store: Store,
  id: string,
  cfg: RegistryConfig,
  now = new Date(),
): Promise<string[]> {
  const m = await enableModel(store, id, cfg, { actor: 'retrain', reason: 'auto-enabled after gates', now });
  const older = (await listModels(store, { status: 'shadow', family: m.family })).filter(
    (x) => x.system_id !== id && !x.is_champion,
  );
  const retired: string[] = [];
  for (const o of older) {
    try {
      await retireModel(store, o.system_id, cfg, { actor: 'retrain', reason: `superseded by ${id}`, now });
      retired.push(o.system_id);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
    }
  }
  return retired;
}
