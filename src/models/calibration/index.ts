/**
 * Honest probabilities (the probabilities issue): the player-dependent spread, the
 * market-aware combination fitted on twin-window rows, and the measurement against the market.
 */
export { type BlockCalibrationInput, blockCalibration, calibrationRows } from './block.ts';
export { type CalibrationRow, type FitOptions, fitCalibration } from './combine.ts';
export {
  type ProbabilityEvalRow,
  type ProbabilityReport,
  type ProbabilityStats,
  probabilityReport,
} from './measure.ts';
export { fitSpread } from './spread.ts';
