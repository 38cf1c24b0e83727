import type { BacktestPick } from '../domain/types.ts';
import type { Pick } from './aggregator.ts';

/**
 * The CLI/JSON view of a pick (issue 9 output contract, 00-decisions "JSON": `edge` signed and
 * `abs_edge`). Stakes and probabilities are fractions; ev per unit staked.
 */
export interface JsonPick {
  rank: number;
  player: string;
  player_lookup: string;
  team: string | null;
  opponent: string | null;
  game_id: string;
  game_start_utc: string;
  direction: string;
  line: number;
  edge: number;
  abs_edge: number;
  predicted: number;
  system_id: string;
  family: string;
  model_agreement_count: number;
  real_signal_count: number;
  signals: Array<{ tag: string; strength: number }>;
  angles: string[];
  warnings: string[];
  ultra_tier: boolean;
  best_book: string | null;
  best_price: number;
  price_source: string;
  p_direction: number;
  fair_prob: number | null;
  ev: number;
  kelly_full: number;
  stake_pct: number;
  status?: string;
}

export function toJsonPick(p: Pick & { status?: string }): JsonPick {
  return {
    rank: p.rank,
    player: p.player_name,
    player_lookup: p.player_lookup,
    team: p.team,
    opponent: p.opponent,
    game_id: p.game_id,
    game_start_utc: p.game_start_utc,
    direction: p.direction,
    line: p.line,
    edge: p.edge,
    abs_edge: Math.round(Math.abs(p.edge) * 10) / 10,
    predicted: p.predicted,
    system_id: p.system_id,
    family: p.family,
    model_agreement_count: p.model_agreement_count,
    real_signal_count: p.real_signal_count,
    signals: p.signals.map((s) => ({ tag: s.tag, strength: s.strength })),
    angles: p.angles,
    warnings: p.warnings,
    ultra_tier: p.ultra_tier,
    best_book: p.best_book,
    best_price: p.best_price,
    price_source: p.price_source,
    p_direction: p.p_direction,
    fair_prob: p.fair_prob,
    ev: p.ev,
    kelly_full: p.kelly_full,
    stake_pct: p.stake_pct,
    ...(p.status ? { status: p.status } : {}),
  };
}

/**
 * A run's picks in the backtest's shape (models/backtest.ts `BacktestPick`): the walk-forward
 * backtest grades these against actual points. Active picks only (stored rows when written).
 */
export function backtestPicks(picks: Array<Pick & { status?: string }>): BacktestPick[] {
  return picks
    .filter((p) => !p.status || p.status === 'active')
    .map((p) => ({
      game_date: p.date,
      game_id: p.game_id,
      player_id: p.player_id,
      system_id: p.system_id,
      direction: p.direction,
      line: p.line,
      // An assumed price (no market quote) stays out of ROI at actual odds.
      price: p.price_source === 'market' ? p.best_price : null,
      real_signal_count: p.real_signal_count,
    }));
}
