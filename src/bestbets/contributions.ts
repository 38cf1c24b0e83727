import type { Logger } from '../config/log.ts';
import { deserialize, contributions as gbdtContributions } from '../gbdt/index.ts';
import type { Queryable } from '../store/store.ts';
import type { Pick } from './aggregator.ts';
import type { Contribution } from './types.ts';

/**
 * GBDT feature contributions of the picks (spec 05 §10 "drivers", 03 §2.9: computed for picks
 * only): the source model's artifact scored on the features row the prediction used. Reads
 * in three set-based queries (models, artifacts, the date's feature rows).
 */

/** "pts_avg_last_5" → "Pts avg last 5": the feature contract carries no labels yet. */
export function featureLabel(name: string): string {
  const s = name.replace(/_/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export async function pickContributions(
  store: Queryable,
  date: string,
  picks: Pick[],
  log: Logger,
): Promise<Record<string, Contribution[]>> {
  const out: Record<string, Contribution[]> = {};
  if (!picks.length) return out;
  const ids = [...new Set(picks.map((p) => p.system_id))];
  const arts = await store.query(
    `SELECT m.system_id, a.bytes FROM models m JOIN model_artifacts a ON a.hash = m.artifact_hash
     WHERE m.system_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
    ids,
  );
  const bundles = new Map<string, any>();
  for (const a of arts) {
    try {
      bundles.set(a.system_id, JSON.parse(a.bytes));
    } catch (e) {
      log.warn(
        { system_id: a.system_id, err: (e as Error).message },
        'bestbets: artifact is not JSON; no drivers',
      );
    }
  }
  const pids = [...new Set(picks.map((p) => p.player_id))];
  const rows = await store.query(
    `SELECT game_id, player_id, feature_set, cutoff_kind, "values", computed_at FROM features
     WHERE game_date = $1::DATE AND player_id IN (${pids.map((_, i) => `$${i + 2}`).join(', ')})`,
    [date, ...pids],
  );
  const feats = new Map<string, any[]>();
  for (const r of rows) {
    const k = `${r.game_id}|${Number(r.player_id)}|${r.feature_set}`;
    feats.set(k, [...(feats.get(k) ?? []), r]);
  }
  for (const p of picks) {
    const bundle = bundles.get(p.system_id);
    if (!bundle?.gbdt) continue;
    const cands = feats.get(`${p.game_id}|${p.player_id}|${bundle.feature_set}`) ?? [];
    // The row the prediction used: same computed_at when known, else the newest.
    const row =
      cands.find(
        (r) => p.provenance.features_computed_at && r.computed_at === p.provenance.features_computed_at,
      ) ?? [...cands].sort((a, b) => (a.computed_at < b.computed_at ? 1 : -1))[0];
    const names: string[] = bundle.feature_names ?? [];
    if (!row || !Array.isArray(row.values) || row.values.length !== names.length) continue;
    try {
      const model = deserialize(typeof bundle.gbdt === 'string' ? bundle.gbdt : JSON.stringify(bundle.gbdt));
      const X = Float32Array.from(row.values.map((v: number | null) => (v === null ? Number.NaN : v)));
      const c = gbdtContributions(model, X, 1);
      out[`${p.game_id}|${p.player_id}`] = names.map((n, i) => ({
        feature: n,
        label: featureLabel(n),
        value: Math.round(c[i] * 100) / 100,
      }));
    } catch (e) {
      log.warn(
        { system_id: p.system_id, err: (e as Error).message },
        'bestbets: contributions failed; no drivers',
      );
    }
  }
  return out;
}
