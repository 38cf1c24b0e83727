import type { Queryable, Row } from '../store/store.ts';
import { json, parseJson } from '../store/store.ts';
import type { BestBetsResult, CandidateRecord, Pick } from './aggregator.ts';

/**
 * The atomic per-date writer (spec 05 §1 "Write", "Published picks are part of the record").
 *
 * - The date's run row and candidates are replaced.
 * - Unpublished picks are replaced by the new selection (they were never shown to anyone),
 *   including by nothing on a zero-pick or halted run.
 * - A published pick whose game has not started is updated in place when selected again (same
 *   direction; published_at and created_at kept), else it becomes `withdrawn` with
 *   `withdrawn_at` and a `withdraw_reason`, and stays in the table.
 * - A published pick whose game has started is frozen, untouched; a new pick for that
 *   player-game is not written.
 * Everything happens in one transaction: a failure leaves the previous rows as they were.
 */

export const PICK_COLUMNS = [
  'date',
  'rank',
  'game_id',
  'player_id',
  'player_lookup',
  'player_name',
  'team',
  'opponent',
  'game_start_utc',
  'system_id',
  'family',
  'predicted',
  'line',
  'line_book',
  'edge',
  'direction',
  'confidence',
  'p_over',
  'composite_score',
  'signals',
  'real_signal_count',
  'matched_combo_id',
  'n_models_eligible',
  'direction_conflict',
  'model_agreement_count',
  'agreeing_model_ids',
  'avg_edge_agreeing',
  'models_predicting',
  'best_book',
  'best_price',
  'fair_prob',
  'p_direction',
  'ev',
  'kelly_full',
  'stake_pct',
  'price_source',
  'priced_at',
  'ultra_tier',
  'ultra_criteria',
  'angles',
  'warnings',
  'contributions',
  'algorithm_version',
  'config_hash',
  'provenance',
  'run_id',
  'status',
  'published_at',
  'withdrawn_at',
  'withdraw_reason',
  'created_at',
  'updated_at',
] as const;

const JSON_PICK_COLUMNS = new Set([
  'signals',
  'agreeing_model_ids',
  'ultra_criteria',
  'angles',
  'warnings',
  'contributions',
  'provenance',
]);

export const CANDIDATE_COLUMNS = [
  'date',
  'game_id',
  'player_id',
  'player_lookup',
  'system_id',
  'family',
  'direction',
  'line',
  'book',
  'predicted',
  'edge',
  'confidence',
  'p_over',
  'quality_score',
  'n_models_eligible',
  'direction_conflict',
  'majority_direction',
  'model_agreement_count',
  'agreeing_model_ids',
  'avg_edge_agreeing',
  'models_predicting',
  'supplements',
  'signals',
  'real_signal_count',
  'pricing',
  'filter_result',
  'run_id',
] as const;

/** A stored pick row: the engine's pick plus the writer's status columns (JSON parsed). */
export type StoredPick = Pick & {
  run_id: string;
  status: 'active' | 'withdrawn';
  published_at: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  created_at: string;
  updated_at: string;
};

const key = (p: { game_id: string; player_id: number }) => `${p.game_id}|${p.player_id}`;
const f1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

/** Why a published pick left the selection. */
export function withdrawReason(
  old: StoredPick,
  result: BestBetsResult,
  cand: CandidateRecord | undefined,
): string {
  if (result.run.status === 'halted')
    return `best bets halted: ${result.run.halt_reason ?? 'no reason given'}`;
  if (!cand) return 'no longer a candidate (no active OVER/UNDER prediction with a line)';
  if (cand.direction !== old.direction)
    return `models now lean ${cand.direction} (edge ${f1(Math.abs(cand.edge))})`;
  switch (cand.filter_result) {
    case 'edge_floor':
      return `edge fell to ${f1(Math.abs(cand.edge))}`;
    case 'negative_ev':
      return `expected value fell to ${f1(cand.pricing.ev * 100)}% at ${cand.pricing.best_price > 0 ? '+' : ''}${cand.pricing.best_price}`;
    case 'passed':
      return 'cut by the maxPicks cap';
    default:
      return `rejected by the ${cand.filter_result} filter`;
  }
}

/**
 * Pure plan of the date's pick rows after a run: the full final set (frozen rows as they were).
 * `existing` are the date's stored rows; `now` is the run time.
 */
export function planPicks(
  existing: StoredPick[],
  result: BestBetsResult,
  runId: string,
  now: string,
): StoredPick[] {
  const nowMs = Date.parse(now);
  const started = (p: { game_start_utc: string }) => Date.parse(p.game_start_utc) <= nowMs;
  const frozen = existing.filter((p) => p.published_at !== null && started(p));
  const frozenKeys = new Set(frozen.map(key));
  const published = existing.filter((p) => p.published_at !== null && !started(p));
  const pubByKeyDir = new Map(published.map((p) => [`${key(p)}|${p.direction}`, p]));
  const cands = new Map(result.candidates.map((c) => [key(c), c]));
  const out: StoredPick[] = [...frozen];
  const taken = new Set<string>();
  for (const p of result.picks) {
    if (frozenKeys.has(key(p))) continue;
    const old = pubByKeyDir.get(`${key(p)}|${p.direction}`);
    taken.add(`${key(p)}|${p.direction}`);
    out.push({
      ...p,
      run_id: runId,
      status: 'active',
      published_at: old?.published_at ?? null,
      withdrawn_at: null,
      withdraw_reason: null,
      created_at: old?.created_at ?? now,
      updated_at: now,
    });
  }
  for (const old of published) {
    if (taken.has(`${key(old)}|${old.direction}`)) continue;
    if (old.status === 'withdrawn') {
      out.push(old);
      continue;
    }
    out.push({
      ...old,
      status: 'withdrawn',
      withdrawn_at: now,
      withdraw_reason: withdrawReason(old, result, cands.get(key(old))),
      updated_at: now,
    });
  }
  return out.sort((a, b) => a.rank - b.rank || (key(a) < key(b) ? -1 : 1));
}

function pickRow(p: StoredPick): unknown[] {
  return PICK_COLUMNS.map((c) => {
    const v = (p as any)[c];
    return JSON_PICK_COLUMNS.has(c) ? json(v ?? []) : v;
  });
}

function candidateRow(c: CandidateRecord, runId: string): unknown[] {
  return CANDIDATE_COLUMNS.map((k) => {
    if (k === 'run_id') return runId;
    const v = (c as any)[k];
    return ['agreeing_model_ids', 'supplements', 'signals', 'pricing'].includes(k) ? json(v) : v;
  });
}

/** Reads stored pick rows back into StoredPick objects (JSON columns parsed, numbers numeric). */
export function readPickRow(r: Row): StoredPick {
  const out: any = { ...r };
  for (const c of JSON_PICK_COLUMNS) out[c] = parseJson(r[c]) ?? [];
  out.player_id = Number(r.player_id);
  for (const c of ['predicted', 'line', 'edge', 'composite_score', 'avg_edge_agreeing'])
    out[c] = Number(r[c]);
  for (const c of [
    'confidence',
    'p_over',
    'best_price',
    'fair_prob',
    'p_direction',
    'ev',
    'kelly_full',
    'stake_pct',
  ]) {
    out[c] = r[c] === null || r[c] === undefined ? null : Number(r[c]);
  }
  for (const c of [
    'rank',
    'real_signal_count',
    'n_models_eligible',
    'model_agreement_count',
    'models_predicting',
  ]) {
    out[c] = Number(r[c]);
  }
  out.direction_conflict = !!r.direction_conflict;
  out.ultra_tier = !!r.ultra_tier;
  return out as StoredPick;
}

export async function readPicks(
  store: Queryable,
  date: string,
  opts: { activeOnly?: boolean } = {},
): Promise<StoredPick[]> {
  const rows = await store.query(
    `SELECT * FROM best_bets_picks WHERE date = $1::DATE ${opts.activeOnly ? "AND status = 'active'" : ''}
     ORDER BY status, rank, game_id, player_id`,
    [date],
  );
  return rows.map(readPickRow);
}

export interface WriteOptions {
  runId: string;
  now: string;
  /** Test hook: runs inside the transaction after the deletes (a throw must roll everything back). */
  beforeCommit?: (tx: Queryable) => Promise<void>;
}

/** Writes one date's result in one transaction; returns the final pick rows of the date. */
export async function writeBestBets(
  store: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  result: BestBetsResult,
  o: WriteOptions,
): Promise<{ picks: StoredPick[]; withdrawn: number; frozen: number }> {
  const D = result.run.date;
  return store.transaction(async (tx) => {
    const existing = (await tx.query('SELECT * FROM best_bets_picks WHERE date = $1::DATE', [D])).map(
      readPickRow,
    );
    const plan = planPicks(existing, result, o.runId, o.now);
    const r = result.run;
    await tx.run('DELETE FROM best_bets_runs WHERE date = $1::DATE', [D]);
    await tx.run(
      `INSERT INTO best_bets_runs (date, run_id, algorithm_version, status, halt_state, halt_reason, halt_since,
         filter_summary, pipeline_summary, edge_distribution, exposure, ultra_gate, post_tip_games, config_hash, created_at)
       VALUES ($1::DATE, $2, $3, $4, $5, $6, $7::TIMESTAMPTZ, $8::JSON, $9::JSON, $10::JSON, $11::JSON, $12::JSON, $13, $14, $15::TIMESTAMPTZ)`,
      [
        D,
        o.runId,
        r.algorithm_version,
        r.status,
        r.halt_state,
        r.halt_reason,
        r.halt_since,
        json(r.filter_summary),
        json(r.pipeline_summary),
        json(r.edge_distribution),
        json(r.exposure),
        json(r.ultra_gate),
        r.post_tip_games,
        r.config_hash,
        o.now,
      ],
    );
    await tx.run('DELETE FROM best_bets_candidates WHERE date = $1::DATE', [D]);
    await tx.insertMany(
      'best_bets_candidates',
      [...CANDIDATE_COLUMNS],
      result.candidates.map((c) => candidateRow(c, o.runId)),
    );
    await tx.run('DELETE FROM best_bets_picks WHERE date = $1::DATE', [D]);
    if (o.beforeCommit) await o.beforeCommit(tx);
    await tx.insertMany('best_bets_picks', [...PICK_COLUMNS], plan.map(pickRow));
    const before = new Set(
      existing
        .filter((p) => p.status === 'withdrawn')
        .map((p) => `${p.game_id}|${p.player_id}|${p.direction}`),
    );
    return {
      picks: plan,
      withdrawn: plan.filter(
        (p) => p.status === 'withdrawn' && !before.has(`${p.game_id}|${p.player_id}|${p.direction}`),
      ).length,
      frozen: plan.filter((p) => p.published_at !== null && Date.parse(p.game_start_utc) <= Date.parse(o.now))
        .length,
    };
  });
}

/** Marks the date's active, not yet published picks as published (called by the publish phase). */
export async function markPublished(store: Queryable, date: string, at: string): Promise<number> {
  return store.run(
    `UPDATE best_bets_picks SET published_at = $2::TIMESTAMPTZ WHERE date = $1::DATE AND status = 'active' AND published_at IS NULL`,
    [date, at],
  );
}
