import { type ComputedRow, computeRow, newCache, type RangeViolation, type SlateEntry } from './compute.ts';
import { type ContractConfig, contractHash, FEATURE_SETS, type FeatureSetName } from './contract.ts';
import { buildIndex, type FeatureIndex, rosterAt } from './feature-index.ts';
import { dayNum, type FeatureInputs, type FeatureParams } from './inputs.ts';
import { type CutoffKind, type FeatureRow, projectRow } from './quality.ts';

/**
 * The cutoff rule of a build: `tipoff` (backfill, training, backtest: c = each game's tip)
 * or a fixed instant (serving: c = the run time; games with tip ≤ c are not built).
 */
export type Cutoff = 'tipoff' | string;

export function cutoffKindOf(cutoff: Cutoff): CutoffKind {
  return cutoff === 'tipoff' ? 'tipoff' : 'asof';
}

/**
 * The slate of each date (spec 02 §6): every game of the date not postponed on it (and, when
 * serving, not started); its players = main prop line at c ∪ latest box row within
 * historyDays for either team ∪ listed in an injury report for G at c.
 */
export function buildSlate(ix: FeatureIndex, dates: readonly string[], cutoff: Cutoff): SlateEntry[] {
  const fixedMs = cutoff === 'tipoff' ? null : Date.parse(cutoff);
  if (fixedMs !== null && Number.isNaN(fixedMs)) throw new Error(`features: bad cutoff ${cutoff}`);
  const propPlayers = new Map<string, number[]>();
  for (const key of ix.props.keys()) {
    const bar = key.lastIndexOf('|');
    const gid = key.slice(0, bar);
    const l = propPlayers.get(gid);
    if (l) l.push(Number(key.slice(bar + 1)));
    else propPlayers.set(gid, [Number(key.slice(bar + 1))]);
  }
  const out: SlateEntry[] = [];
  for (const date of dates) {
    const day = dayNum(date);
    for (const g of ix.gamesByDay.get(day) ?? []) {
      if (g.postponedOnDate) continue;
      if (fixedMs !== null && g.tipMs <= fixedMs) continue;
      const cMs = fixedMs ?? g.tipMs;
      const players = new Set<number>();
      for (const pid of propPlayers.get(g.game_id) ?? []) {
        if ((ix.props.get(`${g.game_id}|${pid}`) ?? []).some((l) => l.ms <= cMs && l.ms < g.tipMs))
          players.add(pid);
      }
      const roster = rosterAt(ix, day, ix.params.historyDays);
      for (const pid of roster.get(g.home) ?? []) players.add(pid);
      for (const pid of roster.get(g.away) ?? []) players.add(pid);
      for (const r of ix.injuriesByGame.get(g.game_id) ?? [])
        if (r.ms <= cMs && r.ms < g.tipMs) players.add(r.player_id);
      const cutoffAt = new Date(cMs).toISOString();
      for (const pid of [...players].sort((a, b) => a - b))
        out.push({ game_id: g.game_id, player_id: pid, cutoff_at: cutoffAt });
    }
  }
  out.sort((a, b) => (a.game_id < b.game_id ? -1 : a.game_id > b.game_id ? 1 : a.player_id - b.player_id));
  return out;
}

export interface ComputeOptions {
  params: FeatureParams;
  config: ContractConfig;
  sets?: readonly FeatureSetName[];
  cutoffKind: CutoffKind;
  explain?: boolean;
}

export interface ComputeResult {
  rows: FeatureRow[];
  computed: ComputedRow[];
  rangeViolations: RangeViolation[];
}

/**
 * The pure core: the superset once per (game, player), projected to each set with quality.
 * Takes raw inputs or a prebuilt index.
 */
export function computeFeatures(
  inputs: FeatureInputs | FeatureIndex,
  slate: readonly SlateEntry[],
  opts: ComputeOptions,
): ComputeResult {
  const ix = 'playerBox' in inputs ? inputs : buildIndex(inputs, opts.params);
  const sets = opts.sets ?? FEATURE_SETS;
  const hashes = Object.fromEntries(sets.map((s) => [s, contractHash(s, opts.config)]));
  const cache = newCache();
  const rows: FeatureRow[] = [];
  const computed: ComputedRow[] = [];
  const rangeViolations: RangeViolation[] = [];
  for (const entry of slate) {
    const c = computeRow(ix, cache, entry, opts.explain);
    computed.push(c);
    if (c.rangeViolations.length) rangeViolations.push(...c.rangeViolations);
    for (const set of sets) {
      rows.push(
        projectRow(c, set, {
          cutoffKind: opts.cutoffKind,
          contractHash: hashes[set],
          quality: opts.params.quality,
        }),
      );
    }
  }
  return { rows, computed, rangeViolations };
}
