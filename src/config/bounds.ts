import type { z } from 'zod';

/**
 * The real range of every numeric key whose group schema leaves a side open (issue 20:
 * `COURTEDGE_BESTBETS_EDGE_FLOOR=-5` was accepted and silently disabled the filter). Inclusive
 * [min, max]; a key whose own schema already bounds both sides is not repeated here. The ranges
 * are what the quantity can mean (an edge in points, a hit rate in %, a fraction of bankroll),
 * generous enough for research, never a sign or unit error. Checked by configSchema's refinement.
 */
const DAYS = 3650;
const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
const EDGE = 50; // points: no prop line is 50 points off a prediction
const MINUTES = 60; // minutes in a regulation game, per player
const BIG = 1_000_000_000;

export const BOUNDS: Record<string, readonly [number, number]> = {
  threads: [0, 1024],
  'sources.http.timeoutMs': [1, 10 * 60_000],
  'sources.http.maxRetries': [0, 100],
  'sources.http.backoffBaseMs': [0, 10 * 60_000],
  'sources.http.backoffMaxMs': [0, 60 * 60_000],
  'sources.http.retryAfterMaxMs': [0, 60 * 60_000],
  'sources.http.breakerThreshold': [1, 10_000],
  'sources.oddsApi.runBudget': [0, BIG],
  'sources.oddsApi.minRemaining': [0, BIG],
  'sources.oddsApi.historicalSnapMinutes': [1, 24 * 60],
  'identity.reportTopUnresolved': [0, 10_000],
  'identity.retryRejectedDays': [0, DAYS],
  'lines.staleAfterHours': [0, 24 * 30],
  'lines.outlierPoints': [0, EDGE],
  'features.params.maxLookbackDays': [1, DAYS],
  'features.params.historyDays': [1, DAYS],
  'features.params.minGames': [0, 82],
  'features.params.minTeamGames': [0, 82],
  'features.params.usageMinMinutes': [0, MINUTES],
  'features.params.star.minPoints': [0, 100],
  'features.params.star.minMinutes': [0, MINUTES],
  'features.params.star.minUsage': [0, 100],
  'features.params.star.windowDays': [1, DAYS],
  'features.params.fatigue.heavyMinutes7d': [0, 7 * 4 * MINUTES],
  'features.quality.weights.box_score': [0, 100],
  'features.quality.weights.schedule': [0, 100],
  'features.quality.weights.odds': [0, 100],
  'features.quality.weights.calculated': [0, 100],
  'features.quality.weights.team_logs': [0, 100],
  'features.quality.weights.injuries': [0, 100],
  'features.quality.weights.missing': [0, 100],
  'features.quality.varianceMinRows': [0, BIG],
  'models.training.windowGameDays': [1, DAYS],
  'models.training.minTrainRows': [1, BIG],
  'models.training.minValRows': [1, BIG],
  'models.training.cadenceDays': [1, 365],
  'models.gbdt.minDataInLeaf': [1, BIG],
  'models.gbdt.minSumHessianInLeaf': [0, 1e6],
  'models.gbdt.lambdaL2': [0, 1e6],
  'models.gbdt.minGain': [0, 1e6],
  'models.gbdt.earlyStoppingRounds': [1, 100_000],
  'models.gbdt.huberDelta': [0, 100],
  'models.gbdt.parallelMinCells': [1, 1e12],
  'models.scoring.clampMax': [1, 200],
  'models.probability.prior': [0, 1e6],
  'models.registry.minEnabled': [0, 1000],
  'models.registry.minShadowDays': [0, 365],
  'models.gates.evalDays': [1, 365],
  'models.gates.minEvalGameDays': [1, 365],
  'models.gates.maxAbsLineBias': [0, EDGE],
  'models.gates.maxAbsTierBias': [0, EDGE],
  'models.gates.tierMinN': [1, BIG],
  'models.gates.minHr3N': [1, BIG],
  'models.gates.minSideN': [1, BIG],
  'models.gates.maxMaeOverLine': [0, EDGE],
  'models.gates.maxLogLossOverMarket': [-1, 1],
  'models.gates.minLinedRows': [2, BIG],
  'models.gates.bootstrapDraws': [100, 1_000_000],
  'models.gates.bootstrapSeed': [0, 2 ** 32],
  'models.backtest.cadenceDays': [1, 365],
  'predict.maxDaysAhead': [0, 30],
  'predict.maxFeatureAgeMinutes': [0, 7 * 24 * 60],
  'predict.completeness.days': [0, 365],
  'predict.chunkSize': [1, 100_000],
  'predict.chunkMaxAttempts': [1, 100],
  'predict.chunkExpiryS': [1, DAY_S],
  'predict.coordinateExpiryS': [1, DAY_S],
  'predict.modelCacheSize': [0, 10_000],
  'predict.watchdogIntervalS': [1, DAY_S],
  'predict.stallAfterS': [1, 7 * DAY_S],
  'predict.eventResendAfterS': [1, DAY_S],
  'predict.testPauseAfterClaimMs': [0, 10 * 60_000],
  'bestbets.edgeFloor': [0, EDGE],
  'bestbets.agreementMinEdge': [0, EDGE],
  'bestbets.lineDeltaLookbackDays': [0, 365],
  'bestbets.maxPicks': [1, 10_000],
  'bestbets.filters.underEdgeMax': [0, EDGE],
  'bestbets.filters.familiarGames': [0, 82],
  'bestbets.filters.minQuality': [0, 100],
  'bestbets.filters.benchLineBelow': [0, 80],
  'bestbets.filters.lineMove': [0, EDGE],
  'bestbets.filters.negPmGames': [0, 82],
  'bestbets.filters.minSignals': [0, 100],
  'bestbets.filters.minEv': [-1, 10],
  'bestbets.signals.high_edge.minEdge': [0, EDGE],
  'bestbets.signals.three_pt_bounce.minGames': [1, 82],
  'bestbets.signals.three_pt_bounce.minAttempts': [0, 50],
  'bestbets.signals.three_pt_bounce.stdMultiple': [0, 10],
  'bestbets.signals.blowout_recovery.minRest': [0, 30],
  'bestbets.signals.blowout_recovery.minDeficit': [0, 100],
  'bestbets.signals.combo_he_ms.minEdge': [0, EDGE],
  'bestbets.signals.combo_he_ms.minSurge': [0, MINUTES],
  'bestbets.signals.combo_3way.minConfidence': [0, 1],
  'bestbets.signals.combo_3way.bandLow': [0, 1],
  'bestbets.signals.combo_3way.bandHigh': [0, 1],
  'bestbets.signals.b2b_fatigue_under.minMinutes': [0, MINUTES],
  'bestbets.signals.rest_advantage_2d.maxSeasonWeek': [0, 52],
  'bestbets.signals.rest_advantage_2d.minRest': [0, 30],
  'bestbets.signals.rest_advantage_2d.maxOppRest': [0, 30],
  'bestbets.signals.prop_line_drop_over.minDrop': [0, EDGE],
  'bestbets.signals.book_disagreement.minStd': [0, EDGE],
  'bestbets.signals.book_disagreement.minBooks': [1, 100],
  'bestbets.signals.model_consensus.minModels': [1, 1000],
  'bestbets.pricing.kellyFraction': [0, 1],
  'bestbets.pricing.maxStakePct': [0, 1],
  'bestbets.pricing.dailyExposureCap': [0, 1],
  'bestbets.pricing.assumedAmericanPrice': [-10_000, 10_000],
  'bestbets.ultra.gateMinN': [1, BIG],
  'bestbets.ultra.gateMinHr': [0, 100],
  'bestbets.angles.maxStored': [0, 100],
  'bestbets.angles.maxPublic': [0, 100],
  'bestbets.angles.minHrN': [1, BIG],
  'bestbets.angles.minContribution': [0, EDGE],
  'bestbets.angles.directionWarnMinN': [1, BIG],
  'bestbets.blacklist.minEdge': [0, EDGE],
  'bestbets.blacklist.minN': [1, BIG],
  'bestbets.blacklist.hrBelow': [0, 100],
  'bestbets.offSeasonDays': [0, 365],
  'grading.minBoxRowsPerTeam': [1, 30],
  'grading.assumedAmericanPrice': [-10_000, 10_000],
  'grading.closingWindowMinutes': [0, 7 * 24 * 60],
  'grading.gapAlertHours': [0, 24 * 365],
  'grading.health.minEdge': [0, EDGE],
  'grading.health.states.minN7d': [1, BIG],
  'grading.health.signalRegime.hotPp': [0, 100],
  'grading.health.signalRegime.coldPp': [-100, 0],
  'grading.health.signalRegime.minN7d': [1, BIG],
  'grading.health.directionWindowDays': [1, 365],
  'grading.health.challenger.marginPp': [0, 100],
  'grading.health.challenger.minN': [1, BIG],
  'grading.health.crash.minModels': [1, 1000],
  'grading.health.crash.minPicks': [1, BIG],
  'grading.health.autoDisable.afterDays': [1, 365],
  'grading.alerts.webhookTimeoutMs': [1, 10 * 60_000],
  'grading.reports.calibrationBins': [1, 1000],
  'grading.reports.bootstrapResamples': [1, 1_000_000],
  'server.bodyLimitBytes': [256, 1 << 30],
  'server.rateLimit.publicPerMinute': [1, BIG],
  'server.rateLimit.adminPerMinute': [1, BIG],
  'schedule.catchUpWithinH': [0, 24 * 30],
  'schedule.watchdog.intervalS': [1, DAY_S],
  'schedule.watchdog.runStallAfterS': [1, 7 * DAY_S],
  'simulator.season': [2000, 2100],
};

/** American prices used as an assumption must be real prices: |p| ≥ 100. */
const AMERICAN = new Set(['bestbets.pricing.assumedAmericanPrice', 'grading.assumedAmericanPrice']);

function at(o: unknown, path: string): unknown {
  let v: any = o;
  for (const k of path.split('.')) v = v?.[k];
  return v;
}

/** configSchema's refinement: one issue per key out of its range, at the key's path. */
export function checkBounds(config: unknown, ctx: z.RefinementCtx): void {
  for (const [path, [lo, hi]] of Object.entries(BOUNDS)) {
    const v = at(config, path);
    if (typeof v !== 'number') continue; // absent/null keys are their schema's business
    if (v < lo || v > hi)
      ctx.addIssue({
        code: 'custom',
        path: path.split('.'),
        message: `must be between ${lo} and ${hi}, got ${v}`,
      });
    else if (AMERICAN.has(path) && Math.abs(v) < 100)
      ctx.addIssue({
        code: 'custom',
        path: path.split('.'),
        message: `must be an American price (|p| ≥ 100), got ${v}`,
      });
  }
}
