import { publicAngles } from '../bestbets/index.ts';
import { americanToDecimal } from '../domain/odds.ts';
import type { PickRow } from './data.ts';
import { instant, r1, r1n, r4, r4n } from './format.ts';
import type { AdminPickT, DetailPickT, PublicPickT } from './schemas.ts';

/**
 * The three views of a best-bets pick (spec 07 §2): public, detail (signal-best-bets) and
 * admin. Edge is |edge|; the direction carries the sign. The ULTRA angle is dropped from the
 * public and detail views while the date's ultra gate is unmet.
 */

export interface PickViewOptions {
  gateMet: boolean;
  maxPublic: number;
  maxStored: number;
}

const ASSUMED_PRICE = -110;

export function toPublicPick(p: PickRow, o: PickViewOptions): PublicPickT {
  const market = p.price_source === 'market';
  return {
    rank: p.rank,
    game_id: p.game_id,
    game_time: instant(p.game_start_utc),
    player_id: String(p.player_id),
    player: p.player_name,
    player_lookup: p.player_lookup,
    team: p.team ?? '',
    opponent: p.opponent ?? '',
    direction: p.direction,
    stat: 'PTS',
    line: r1n(p.line),
    edge: r1n(Math.abs(p.edge)),
    // An assumed −110 is not a quote: the public file shows no book and no price for it.
    book: market ? p.best_book : null,
    price: market ? p.best_price : null,
    ev_pct: p.ev === null ? null : r1(100 * p.ev),
    ultra: p.ultra_tier,
    angles: publicAngles(p.angles, o.gateMet, o.maxPublic),
    warnings: p.warnings,
    actual: p.status === 'active' ? p.actual : null,
    result: p.status === 'active' ? p.result : null,
    void_reason: p.status === 'active' ? p.void_reason : null,
    status: p.status,
    withdraw_reason: p.status === 'withdrawn' ? p.withdraw_reason : null,
  };
}

function detailFields(p: PickRow) {
  const price = p.best_price ?? ASSUMED_PRICE;
  const pOver = p.p_over ?? 0.5;
  return {
    predicted: r1n(p.predicted),
    confidence: r4n(p.confidence ?? Math.max(pOver, 1 - pOver)),
    p_over: r4n(pOver),
    p_direction: r4n(p.p_direction ?? (p.direction === 'OVER' ? pOver : 1 - pOver)),
    system_id: p.system_id,
    family: p.family,
    signals: p.signals.map((s) => ({ tag: s.tag, strength: roundStrength(s.strength) })),
    signal_count: p.signals.length,
    matched_combo: p.matched_combo_id,
    agreement: {
      count: p.model_agreement_count,
      majority: p.majority_direction,
      models: p.agreeing_model_ids,
      avg_edge: p.model_agreement_count > 0 ? r1(p.avg_edge_agreeing) : null,
      models_predicting: p.models_predicting,
      n_models_eligible: p.n_models_eligible,
      direction_conflict: p.direction_conflict,
    },
    pricing: {
      best_book: p.best_book,
      best_price: p.best_price,
      decimal: r4n(americanToDecimal(price)),
      fair_prob: r4(p.fair_prob),
      ev_pct: r1n(100 * (p.ev ?? 0)),
      kelly_full: r4n(p.kelly_full ?? 0),
      stake_pct: r4n(p.stake_pct ?? 0),
      price_source: p.price_source,
      priced_at: instant(p.priced_at),
    },
    drivers: p.contributions.map((c) => ({ feature: c.feature, label: c.label, points: r1n(c.value) })),
  };
}

const roundStrength = (x: number) => Math.round(x * 1000) / 1000;

export function toDetailPick(p: PickRow, o: PickViewOptions): DetailPickT {
  return {
    ...toPublicPick(p, o),
    angles: publicAngles(p.angles, o.gateMet, o.maxStored),
    ...detailFields(p),
  };
}

export function toAdminPick(p: PickRow, o: PickViewOptions): AdminPickT {
  return {
    ...toPublicPick(p, o),
    angles: p.angles.slice(0, o.maxStored),
    ...detailFields(p),
    ultra_criteria: p.ultra_criteria.map((c) => ({
      id: c.id,
      description: c.description,
      hr: r1(c.hr),
      n: Number(c.n ?? 0),
    })),
    provenance: {
      batch_id: p.provenance.batch_id ?? null,
      feature_set_version: p.provenance.feature_set_version ?? null,
      features_computed_at: instant(p.provenance.features_computed_at ?? null),
      odds_captured_at: instant(p.provenance.odds_captured_at ?? null),
    },
  };
}

/** Picks ordered for display: active first by rank, then withdrawn by rank. */
export function displayOrder(a: PickRow, b: PickRow): number {
  if (a.status !== b.status) return a.status === 'active' ? -1 : 1;
  return a.rank - b.rank || a.game_id.localeCompare(b.game_id) || a.player_id - b.player_id;
}
