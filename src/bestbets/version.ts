/**
 * Version of the best-bets algorithm (spec 05 §1). Bump it when filter order, a signal
 * condition, ranking, pricing or angle logic changes; threshold changes show up in
 * config_hash instead.
 */
export const ALGORITHM_VERSION = 'bb-1';
