import { placeholders } from '../store/sql.ts';
import type { Queryable, Store } from '../store/store.ts';
import { type FeatureSetName, featureNames, featureSetVersion } from './contract.ts';
import type { CutoffKind, FeatureRow } from './quality.ts';

/**
 * Writing and reading the `features` table (migration 0400). Writes replace a range's rows of
 * one cutoff kind in one transaction; the reader hands models plain typed arrays.
 */
export const FEATURE_COLUMNS = [
  'game_id',
  'player_id',
  'feature_set',
  'feature_set_version',
  'cutoff_kind',
  'game_date',
  'cutoff_at',
  'contract_hash',
  'team',
  'opponent',
  'line_at_cutoff',
  'values',
  'sources',
  'quality_score',
  'required_defaults',
  'missing_required',
  'is_quality_ready',
  'reason',
  'run_id',
  'computed_at',
];

export interface WriteScope {
  from: string;
  to: string;
  cutoffKind: CutoffKind;
  sets: readonly FeatureSetName[];
  /** Games of the range that were not in scope (serving: already started): their rows stay. */
  keepGameIds?: readonly string[];
  runId?: string | null;
}

/**
 * Replaces the scope's rows in one transaction: every row of the range's dates with this cutoff
 * kind and these sets (except keepGameIds), and any older row of the written games. A re-run gives
 * the same rows; a player who left the slate loses his row.
 */
export async function writeFeatureRows(
  store: Store,
  rows: readonly FeatureRow[],
  scope: WriteScope,
): Promise<number> {
  const now = new Date().toISOString();
  const seen = new Set<string>();
  const data: unknown[][] = [];
  for (const r of rows) {
    const key = `${r.game_id}|${r.player_id}|${r.feature_set_version}|${r.cutoff_kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    data.push([
      r.game_id,
      r.player_id,
      r.feature_set,
      r.feature_set_version,
      r.cutoff_kind,
      r.game_date,
      r.cutoff_at,
      r.contract_hash,
      r.team,
      r.opponent,
      r.line_at_cutoff,
      r.values,
      r.sources,
      r.quality_score,
      r.required_defaults,
      r.missing_required,
      r.is_quality_ready,
      r.reason,
      scope.runId ?? null,
      now,
    ]);
  }
  const versions = scope.sets.map(featureSetVersion);
  const gameIds = [...new Set(rows.map((r) => r.game_id))];
  const keep = scope.keepGameIds ?? [];
  return store.transaction(async (tx) => {
    // One DELETE (one scan): the range's rows of this kind and these sets (except kept games),
    // plus rows of the written games stored under another date (a game moved keeps its id).
    const CHUNK = 5000;
    for (let i = 0; i === 0 || i < gameIds.length; i += CHUNK) {
      const chunk = gameIds.slice(i, i + CHUNK);
      const params: unknown[] = [scope.from, scope.to, scope.cutoffKind, ...versions];
      let inRange = 'game_date BETWEEN $1::DATE AND $2::DATE';
      if (keep.length) {
        inRange += ` AND game_id NOT IN (${placeholders(keep.length, params.length + 1)})`;
        params.push(...keep);
      }
      const moved = chunk.length ? ` OR game_id IN (${placeholders(chunk.length, params.length + 1)})` : '';
      params.push(...chunk);
      // Later chunks only need the moved-game part; the range part is idempotent anyway.
      await tx.run(
        `DELETE FROM features WHERE cutoff_kind = $3 AND feature_set_version IN (${placeholders(versions.length, 4)})
         AND ((${inRange})${moved})`,
        params,
      );
    }
    return tx.insertMany('features', FEATURE_COLUMNS, data);
  });
}

/** Row keys that travel with the matrix (one per matrix row). */
export interface FeatureRowKey {
  game_id: string;
  player_id: number;
  game_date: string;
  line_at_cutoff: number | null;
  team: string | null;
  opponent: string | null;
  contract_hash: string;
  quality_score: number;
  required_defaults: number;
  is_quality_ready: boolean;
  reason: string | null;
  cutoff_at: string;
  /** Actual points of the game (label) when its box row exists, else null. */
  actual_points: number | null;
  actual_minutes: number | null;
}

export interface FeatureMatrix {
  set: FeatureSetName;
  feature_set_version: string;
  names: string[];
  nRows: number;
  nFeatures: number;
  /** Row-major values, NaN = missing (the GBDT handles missing natively). */
  X: Float32Array;
  keys: FeatureRowKey[];
}

export interface ReadOptions {
  set: FeatureSetName;
  from: string;
  to: string;
  /** Default `tipoff` (training and backtest read tip-off rows). */
  cutoffKind?: CutoffKind;
  /** Default true: zero tolerance, only quality-ready rows (asserted after loading). */
  readyOnly?: boolean;
  /** Only these games (e.g. a batch's slate). */
  gameIds?: readonly string[];
}

/**
 * Reads a set's rows for a date range as a row-major Float32Array (NaN = missing) plus row keys,
 * sorted by game_date, game_id, player_id. With readyOnly (default) every row is quality-ready.
 */
export async function readFeatureMatrix(store: Queryable, opts: ReadOptions): Promise<FeatureMatrix> {
  const names = featureNames(opts.set);
  const version = featureSetVersion(opts.set);
  const readyOnly = opts.readyOnly ?? true;
  const params: unknown[] = [opts.from, opts.to, version, opts.cutoffKind ?? 'tipoff'];
  let where = `f.game_date BETWEEN $1::DATE AND $2::DATE AND f.feature_set_version = $3 AND f.cutoff_kind = $4`;
  if (readyOnly) where += ' AND f.is_quality_ready';
  if (opts.gameIds) {
    if (!opts.gameIds.length)
      return {
        set: opts.set,
        feature_set_version: version,
        names,
        nRows: 0,
        nFeatures: names.length,
        X: new Float32Array(0),
        keys: [],
      };
    where += ` AND f.game_id IN (${placeholders(opts.gameIds.length, 5)})`;
    params.push(...opts.gameIds);
  }
  const rows = await store.query(
    `SELECT f.game_id, f.player_id, f.game_date, f.line_at_cutoff, f.team, f.opponent, f.contract_hash,
            f.quality_score, f.required_defaults, f.is_quality_ready, f.reason, f.cutoff_at, f."values" AS vals,
            b.points AS actual_points, b.minutes AS actual_minutes
     FROM features f LEFT JOIN box_scores b ON b.game_id = f.game_id AND b.player_id = f.player_id
     WHERE ${where}
     ORDER BY f.game_date, f.game_id, f.player_id`,
    params,
  );
  const nF = names.length;
  const X = new Float32Array(rows.length * nF);
  const keys: FeatureRowKey[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const vals = row.vals as (number | null)[];
    if (vals.length !== nF)
      throw new Error(
        `features: row ${row.game_id}/${row.player_id} has ${vals.length} values, ${opts.set} has ${nF}`,
      );
    if (readyOnly && !row.is_quality_ready)
      throw new Error('features: a row that is not quality-ready reached the reader');
    for (let k = 0; k < nF; k++) X[r * nF + k] = vals[k] === null ? Number.NaN : vals[k]!;
    delete row.vals;
    keys[r] = row as FeatureRowKey;
  }
  return { set: opts.set, feature_set_version: version, names, nRows: rows.length, nFeatures: nF, X, keys };
}

/** Stored rows as FeatureRow objects (parity checks, explain, export). */
export async function readFeatureRows(
  store: Queryable,
  opts: { from: string; to: string; cutoffKind?: CutoffKind; sets?: readonly FeatureSetName[] },
): Promise<FeatureRow[]> {
  const versions = (opts.sets ?? ['v9', 'v12', 'v12_noveg']).map((s) =>
    featureSetVersion(s as FeatureSetName),
  );
  const rows = await store.query(
    `SELECT game_id, player_id, game_date, feature_set, feature_set_version, cutoff_kind, cutoff_at, contract_hash,
            team, opponent, line_at_cutoff, "values" AS vals, sources, quality_score, required_defaults,
            missing_required, is_quality_ready, reason
     FROM features WHERE game_date BETWEEN $1::DATE AND $2::DATE AND cutoff_kind = $3
       AND feature_set_version IN (${placeholders(versions.length, 4)})
     ORDER BY game_id, player_id, feature_set`,
    [opts.from, opts.to, opts.cutoffKind ?? 'tipoff', ...versions],
  );
  return rows.map(
    ({ vals, ...r }) => ({ ...r, values: vals, missing_required: r.missing_required ?? [] }) as FeatureRow,
  );
}
