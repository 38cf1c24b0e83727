import { noVigOver, type ProbabilityCalibration } from '../../domain/model-bundle.ts';
import type { FeatureFrame, Prices } from '../data.ts';
import type { Family } from '../families.ts';
import { distOfFit, type FitResult, predictDates, type ScoredRow } from '../fit.ts';
import { type CalibrationRow, fitCalibration } from './combine.ts';

/**
 * The calibration of a model trained to `trainEnd` (probabilities issue): its twin (the same
 * family trained to trainEnd − 14 days, the gates' twin) scores the 14 days up to trainEnd,
 * rows it never saw and that were all known when the model was trained; the combination is
 * fitted on those rows. Rows dated after trainEnd are never scored or read.
 */

export interface BlockCalibrationInput {
  frame: FeatureFrame;
  family: Family;
  twin: FitResult;
  /** The twin's evaluation dates, (trainEnd − 14, trainEnd]. */
  dates: readonly string[];
  trainEnd: string;
  minQuality: number;
  clampMax: number;
  prices: ((gameId: string, playerId: number, line: number) => Prices | null) | null;
  prior: number;
}

/** Lined, played, non-push rows with a p_model, as calibration rows. */
export function calibrationRows(rows: readonly ScoredRow[]): CalibrationRow[] {
  const out: CalibrationRow[] = [];
  for (const r of rows) {
    if (r.void || r.actual === null || r.actual === undefined) continue;
    if (r.line === null || r.line === undefined || r.actual === r.line) continue;
    if (r.p_model === null) continue;
    out.push({
      game_date: r.game_date,
      p_market: noVigOver(r.over_price, r.under_price),
      p_model: r.p_model,
      y: r.actual > r.line ? 1 : 0,
    });
  }
  return out;
}

export function blockCalibration(c: BlockCalibrationInput): ProbabilityCalibration {
  const dates = c.dates.filter((d) => d <= c.trainEnd);
  const scored = predictDates(
    c.frame,
    c.twin.model,
    distOfFit(c.twin),
    dates,
    c.minQuality,
    c.family.minEdge,
    c.clampMax,
    c.prices,
  );
  return fitCalibration(calibrationRows(scored), { prior: c.prior, trainEnd: c.trainEnd });
}
