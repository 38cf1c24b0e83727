import type { BestBetsConfig } from '../../config/groups/bestbets.ts';
import type { BaseCandidate } from '../candidates.ts';
import type { Supplements } from '../supplements.ts';
import type { SignalDirection } from '../types.ts';

export interface SignalHit {
  strength: number;
  metadata: Record<string, number | string | boolean | null>;
}

export interface SignalDef {
  tag: string;
  version: number;
  description: string;
  direction: SignalDirection;
  countsTowardMin: boolean;
  group: string | null;
  modelDependent: boolean;
  evaluate(c: BaseCandidate, s: Supplements, cfg: BestBetsConfig): SignalHit | null;
  /** Angle text for a qualifying signal, or null (covered elsewhere). */
  angle(hit: SignalHit): string | null;
}

/** A qualifying signal stored on a candidate. */
export interface SignalResult {
  tag: string;
  strength: number;
  metadata: SignalHit['metadata'];
}

const r1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
const pct = (x: number) => (Math.round(x * 1000) / 10).toFixed(1);
const absEdge = (c: BaseCandidate) => Math.abs(c.edge);

function comboHeMs(c: BaseCandidate, s: Supplements, cfg: BestBetsConfig): SignalHit | null {
  const k = cfg.signals.combo_he_ms;
  if (absEdge(c) < k.minEdge || s.minutes_surge === null || s.minutes_surge < k.minSurge) return null;
  return {
    strength: 0.85,
    metadata: { surge: s.minutes_surge, last3: s.minutes_avg_last_3, avg: s.minutes_avg_season },
  };
}

/**
 * The ordered, declarative signal registry (spec 05 §5). It holds no hit rates: any rate shown
 * for a signal is read from signal_health_daily at run time.
 */
export const SIGNALS: readonly SignalDef[] = [
  {
    tag: 'high_edge',
    version: 1,
    description: 'Large model edge',
    direction: 'ANY',
    countsTowardMin: false,
    group: null,
    modelDependent: true,
    evaluate: (c, _s, cfg) =>
      absEdge(c) >= cfg.signals.high_edge.minEdge
        ? { strength: Math.min(1, absEdge(c) / 10), metadata: { edge: absEdge(c) } }
        : null,
    angle: () => null,
  },
  {
    tag: 'three_pt_bounce',
    version: 1,
    description: 'Three-point shooting due to bounce back',
    direction: 'OVER',
    countsTowardMin: true,
    group: null,
    modelDependent: false,
    evaluate: (_c, s, cfg) => {
      const k = cfg.signals.three_pt_bounce;
      if (s.games_played < k.minGames) return null;
      if (s.three_pa_per_game === null || s.three_pa_per_game < k.minAttempts) return null;
      if (s.three_pct_std === null || !(s.three_pct_std > 0)) return null;
      if (s.three_pct_last_3 === null || s.three_pct_season === null) return null;
      // A tolerance keeps float noise from putting a value exactly at the threshold on the wrong side.
      if (!(s.three_pct_last_3 < s.three_pct_season - k.stdMultiple * s.three_pct_std - 1e-9)) return null;
      const z = (s.three_pct_season - s.three_pct_last_3) / s.three_pct_std;
      return {
        strength: Math.min(1, z / 3),
        metadata: { z, last3: s.three_pct_last_3, season: s.three_pct_season, std: s.three_pct_std },
      };
    },
    angle: (h) =>
      `Due from three: ${pct(h.metadata.last3 as number)}% over the last 3 games vs ${pct(h.metadata.season as number)}% this season`,
  },
  {
    tag: 'blowout_recovery',
    version: 1,
    description: 'Minutes rebound after a short game',
    direction: 'OVER',
    countsTowardMin: true,
    group: null,
    modelDependent: false,
    evaluate: (_c, s, cfg) => {
      const k = cfg.signals.blowout_recovery;
      if (s.rest_days !== null && s.rest_days < k.minRest) return null;
      if (s.minutes_avg_season === null || s.prev_minutes === null) return null;
      const deficit = s.minutes_avg_season - s.prev_minutes;
      if (!(deficit >= k.minDeficit)) return null;
      return {
        strength: Math.min(1, deficit / 16),
        metadata: { deficit, prev: s.prev_minutes, avg: s.minutes_avg_season },
      };
    },
    angle: (h) =>
      `Minutes rebound: ${r1(h.metadata.prev as number)} min last game vs a ${r1(h.metadata.avg as number)}-min average`,
  },
  {
    tag: 'combo_he_ms',
    version: 1,
    description: 'High edge with a minutes surge',
    direction: 'OVER',
    countsTowardMin: true,
    group: 'minutes_surge',
    modelDependent: true,
    evaluate: comboHeMs,
    angle: (h) =>
      `Large edge with minutes rising: ${r1(h.metadata.last3 as number)} min over the last 3 vs ${r1(h.metadata.avg as number)} on the season`,
  },
  {
    tag: 'combo_3way',
    version: 1,
    description: 'High edge, minutes surge and model confidence',
    direction: 'OVER',
    countsTowardMin: true,
    group: 'minutes_surge',
    modelDependent: true,
    evaluate: (c, s, cfg) => {
      const k = cfg.signals.combo_3way;
      if (!comboHeMs(c, s, cfg)) return null;
      if (!(c.confidence >= k.minConfidence)) return null;
      if (c.confidence >= k.bandLow && c.confidence <= k.bandHigh) return null;
      return { strength: 0.95, metadata: { confidence: c.confidence, surge: s.minutes_surge } };
    },
    angle: (h) => `Large edge, rising minutes and ${pct(h.metadata.confidence as number)}% model confidence`,
  },
  {
    tag: 'b2b_fatigue_under',
    version: 1,
    description: 'Heavy-minutes player on the second night of a back-to-back',
    direction: 'UNDER',
    countsTowardMin: true,
    group: null,
    modelDependent: false,
    evaluate: (_c, s, cfg) => {
      const k = cfg.signals.b2b_fatigue_under;
      if (s.rest_days !== 1 || s.minutes_avg_season === null || s.minutes_avg_season < k.minMinutes)
        return null;
      return {
        strength: Math.min(1, 0.5 + (s.minutes_avg_season - 35) / 10),
        metadata: { avg: s.minutes_avg_season, rest: 1 },
      };
    },
    angle: (h) => `Second night of a back-to-back for a ${r1(h.metadata.avg as number)}-minute player`,
  },
  {
    tag: 'rest_advantage_2d',
    version: 1,
    description: 'Rested player against a tired opponent early in the season',
    direction: 'OVER',
    countsTowardMin: true,
    group: null,
    modelDependent: false,
    evaluate: (_c, s, cfg) => {
      const k = cfg.signals.rest_advantage_2d;
      if (s.season_week === null || s.season_week > k.maxSeasonWeek) return null;
      if (s.rest_days === null || s.rest_days < k.minRest) return null;
      if (s.opp_rest_days === null || s.opp_rest_days > k.maxOppRest) return null;
      return {
        strength: Math.min(1, 0.65 + 0.1 * (s.rest_days - s.opp_rest_days)),
        metadata: { rest: s.rest_days, opp_rest: s.opp_rest_days, season_week: s.season_week },
      };
    },
    angle: (h) => `Rest edge: ${h.metadata.rest} days off vs ${h.metadata.opp_rest} for the opponent`,
  },
  {
    tag: 'bench_under',
    version: 1,
    description: 'Non-starter UNDER',
    direction: 'UNDER',
    countsTowardMin: true,
    group: null,
    modelDependent: false,
    evaluate: (_c, s) =>
      s.starter === false ? { strength: 0.85, metadata: { starter_source: s.starter_source } } : null,
    angle: (h) =>
      h.metadata.starter_source === 'proxy_top5_minutes'
        ? "Outside his team's top-5 minutes last game (no starter data)"
        : 'Came off the bench last game',
  },
  {
    tag: 'prop_line_drop_over',
    version: 1,
    description: 'Line dropped since the last game',
    direction: 'OVER',
    countsTowardMin: true,
    group: null,
    modelDependent: false,
    evaluate: (_c, s, cfg) => {
      if (s.line_delta === null || !(s.line_delta <= -cfg.signals.prop_line_drop_over.minDrop)) return null;
      const drop = Math.abs(s.line_delta);
      return {
        strength: Math.min(1, 0.85 + 0.05 * (drop - 2)),
        metadata: { delta: s.line_delta, prev: s.prev_consensus_line, now: s.consensus_line },
      };
    },
    angle: (h) =>
      `Line down ${r1(Math.abs(h.metadata.delta as number))} pts since his last game (${r1(h.metadata.prev as number)} to ${r1(h.metadata.now as number)})`,
  },
  {
    tag: 'book_disagreement',
    version: 1,
    description: 'Books disagree on the line',
    direction: 'ANY',
    countsTowardMin: true,
    group: null,
    modelDependent: false,
    evaluate: (_c, s, cfg) => {
      const k = cfg.signals.book_disagreement;
      if (s.line_std === null || s.line_std < k.minStd || s.book_count < k.minBooks) return null;
      return {
        strength: Math.min(0.95, 0.85 + 0.1 * (s.line_std - 1.5)),
        metadata: { std: s.line_std, books: s.book_count },
      };
    },
    angle: (h) =>
      `Books split: lines spread ${r1(h.metadata.std as number)} pts across ${h.metadata.books} books`,
  },
  {
    tag: 'model_consensus',
    version: 1,
    description: 'Several models agree on the direction',
    direction: 'ANY',
    countsTowardMin: true,
    group: null,
    modelDependent: true,
    evaluate: (c, _s, cfg) => {
      if (
        c.model_agreement_count < cfg.signals.model_consensus.minModels ||
        c.majority_direction !== c.direction
      )
        return null;
      return {
        strength: Math.min(1, 0.6 + 0.1 * (c.model_agreement_count - 3)),
        metadata: { count: c.model_agreement_count },
      };
    },
    angle: () => null,
  },
];

export const SIGNAL_BY_TAG = new Map(SIGNALS.map((s) => [s.tag, s]));

const clampRound = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;

/** Every qualifying signal of a candidate, in registry order; strength clamped to [0, 1], 0.001. */
export function evaluateSignals(c: BaseCandidate, s: Supplements, cfg: BestBetsConfig): SignalResult[] {
  const out: SignalResult[] = [];
  for (const def of SIGNALS) {
    if (def.direction !== 'ANY' && def.direction !== c.direction) continue;
    const hit = def.evaluate(c, s, cfg);
    if (!hit || !Number.isFinite(hit.strength)) continue;
    out.push({ tag: def.tag, strength: clampRound(hit.strength), metadata: hit.metadata });
  }
  return out;
}

/** Distinct groups among qualifying signals that count toward the minimum (a groupless signal is its own group). */
export function realSignalCount(signals: SignalResult[]): number {
  const groups = new Set<string>();
  for (const s of signals) {
    const def = SIGNAL_BY_TAG.get(s.tag);
    if (!def?.countsTowardMin) continue;
    groups.add(def.group ?? `tag:${def.tag}`);
  }
  return groups.size;
}
