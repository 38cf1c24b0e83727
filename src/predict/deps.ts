import type { Logger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { buildFeatures, FEATURE_SETS, type FeatureSetName } from '../features/index.ts';
import type { RunHandle } from '../store/runs.ts';
import { placeholders } from '../store/sql.ts';
import type { Queryable, Store } from '../store/store.ts';
import type { CutoffKind, EnabledModel, FeatureRow } from './types.ts';

/**
 * Seams to the areas built in parallel (features, models). The defaults read the tables of
 * their specs (02 §6 `features`, 03 §6 `models` / `model_artifacts`) and call the features
 * builder's public entry point; tests and benchmarks may pass their own.
 */
export interface FeatureProvider {
  /** Rebuilds the date's feature rows at the batch cutoff (00-decisions: every batch does). */
  rebuild(
    store: Store,
    req: {
      date: string;
      cutoff: 'tipoff' | Date;
      sets: string[];
      config: Config;
      log?: Logger;
      /** The `features` run the use case opened for this rebuild, if any. */
      run?: RunHandle | null;
    },
  ): Promise<{
    status: 'built' | 'unavailable';
    rows?: number;
    ready?: number;
    detail?: string;
    /** Whether the builder reused the history before the date (features/history.ts). */
    history?: string;
  }>;
  /** One read of the slate's rows for the given sets and cutoff kind. */
  read(
    store: Queryable,
    req: { date: string; sets: string[]; cutoffKind: CutoffKind; gameIds: string[] },
  ): Promise<FeatureRow[]>;
}

export interface ModelProvider {
  enabled(store: Queryable): Promise<EnabledModel[]>;
  /** Artifact text by hash; a hash absent from the store maps to null. */
  artifacts(store: Queryable, hashes: string[]): Promise<Record<string, string | null>>;
}

export interface PredictDeps {
  features: FeatureProvider;
  models: ModelProvider;
}

function missingTable(e: unknown): boolean {
  return /does not exist|Table with name/i.test((e as Error)?.message ?? '');
}

export async function readFeatureRows(
  store: Queryable,
  req: { date: string; sets: string[]; cutoffKind: CutoffKind; gameIds: string[] },
): Promise<FeatureRow[]> {
  if (!req.sets.length || !req.gameIds.length) return [];
  const setPh = placeholders(req.sets.length, 3);
  const gamePh = placeholders(req.gameIds.length, 3 + req.sets.length);
  const rows = await store.query<FeatureRow & { values: unknown }>(
    `SELECT game_id, player_id, feature_set, feature_set_version,
            contract_hash, quality_score, required_defaults, is_quality_ready, reason, line_at_cutoff,
            "values", computed_at, cutoff_at
     FROM features
     WHERE game_date = $1::DATE AND cutoff_kind = $2
       AND feature_set IN (${setPh}) AND game_id IN (${gamePh})`,
    [req.date, req.cutoffKind, ...req.sets, ...req.gameIds],
  );
  return rows.map((r) => ({
    ...r,
    player_id: Number(r.player_id),
    quality_score: Number(r.quality_score),
    required_defaults: Number(r.required_defaults),
    line_at_cutoff: r.line_at_cutoff === null ? null : Number(r.line_at_cutoff),
    values: (typeof r.values === 'string' ? JSON.parse(r.values) : (r.values as Array<number | null>)) ?? [],
  }));
}

export const defaultFeatureProvider: FeatureProvider = {
  async rebuild(store, req) {
    // The features area's one builder (02 §6), at the batch cutoff, for the sets the enabled
    // models use. An unknown set name (a registry row for a set this build does not know)
    // is left to the gate, which reports it as no_features.
    const sets = req.sets.filter((s): s is FeatureSetName => (FEATURE_SETS as readonly string[]).includes(s));
    if (!sets.length) return { status: 'built', rows: 0, ready: 0 };
    const out = await buildFeatures(
      store,
      {
        from: req.date,
        to: req.date,
        cutoff: req.cutoff,
        sets,
        config: req.config,
        log: req.log,
        // A batch rebuilds its date at every run: the year of box scores before it is reused
        // while unchanged (checked by a fingerprint of those rows at every build).
        reuseHistory: true,
      },
      req.run ?? null,
    );
    return {
      status: 'built',
      rows: out.summary.rows,
      ready: out.summary.quality_ready,
      history: out.summary.history,
    };
  },
  read: readFeatureRows,
};

export const defaultModelProvider: ModelProvider = {
  async enabled(store) {
    try {
      const rows = await store.query<EnabledModel>(
        `SELECT system_id, family, feature_set, contract_hash, artifact_hash, min_edge
         FROM models WHERE enabled ORDER BY system_id`,
      );
      return rows.map((r) => ({ ...r, min_edge: Number(r.min_edge) }));
    } catch (e) {
      if (missingTable(e)) return [];
      throw e;
    }
  },
  async artifacts(store, hashes) {
    const out: Record<string, string | null> = {};
    for (const h of hashes) out[h] = null;
    if (!hashes.length) return out;
    const rows = await store.query<{ hash: string; bytes: unknown }>(
      `SELECT hash, bytes FROM model_artifacts WHERE hash IN (${placeholders(hashes.length)})`,
      hashes,
    );
    for (const r of rows) {
      out[r.hash] =
        typeof r.bytes === 'string' ? r.bytes : Buffer.from(r.bytes as Uint8Array).toString('utf8');
    }
    return out;
  },
};

export const defaultDeps: PredictDeps = { features: defaultFeatureProvider, models: defaultModelProvider };
