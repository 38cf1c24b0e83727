import { z } from 'zod';
import { group } from '../define.ts';

const pct = z.number().min(0).max(100);

/** Grading and model health (spec 06 §8). Percentages are 0–100. */
export const gradingConfig = group({
  minBoxRowsPerTeam: z
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('Box rows with minutes > 0 per team before a game counts as loaded'),
  assumedAmericanPrice: z
    .number()
    .int()
    .default(-110)
    .describe('Price of a pick graded without a recorded best_price (price_source = assumed)'),
  closingWindowMinutes: z
    .number()
    .positive()
    .default(90)
    .describe('A closing snapshot must be captured within this many minutes before tip'),
  gapAlertHours: z
    .number()
    .positive()
    .default(12)
    .describe('A Final game ungradable (missing box scores) this long after tip raises grading_gap'),
  health: group({
    minEdge: z.number().min(0).default(3).describe('|edge| floor of the HR@3 model-health sample'),
    breakEvenHr: pct.default(52.4).describe('Break-even hit rate at -110 (percent)'),
    states: group({
      healthy: pct.default(58).describe('hr_7d at or above this is HEALTHY'),
      watch: pct.default(55).describe('hr_7d at or above this is WATCH'),
      degrading: pct.default(52.4).describe('hr_7d at or above this is DEGRADING; below it BLOCKED'),
      minN7d: z.number().int().min(1).default(5).describe('n_7d below this is INSUFFICIENT_DATA'),
    }),
    signalRegime: group({
      hotPp: z.number().default(10).describe('div_7d above this (pp) is HOT'),
      coldPp: z.number().default(-10).describe('div_7d below this (pp) is COLD'),
      minN7d: z.number().int().min(1).default(5).describe('n_7d needed for HOT or COLD'),
    }),
    directionWindowDays: z
      .number()
      .int()
      .positive()
      .default(14)
      .describe('Window of direction_health_daily (days)'),
    challenger: group({
      marginPp: z.number().default(5).describe('Challenger hr_7d lead over the champion (pp)'),
      minN: z.number().int().min(1).default(30).describe('Challenger n_7d needed for an alert'),
    }),
    crash: group({
      minModels: z.number().int().min(1).default(2).describe('Models crashing on one day for market_crash'),
      minPicks: z.number().int().min(1).default(5).describe('daily_n a model needs to count as crashing'),
      maxHr: pct.default(40).describe('daily_hr below this is a crash (percent)'),
    }),
    autoDisable: group({
      enabled: z.boolean().default(false).describe('Block models BLOCKED for afterDays consecutive days'),
      afterDays: z.number().int().min(1).default(3).describe('Consecutive BLOCKED days before auto-disable'),
    }),
  }),
  alerts: group({
    webhookUrl: z
      .string()
      .optional()
      .describe('POST alerts here; unset = no webhook (may hold a token: masked)'),
    webhookTimeoutMs: z.number().int().positive().default(5000).describe('Webhook timeout (ms)'),
  }),
  reports: group({
    calibrationBins: z.number().int().min(1).default(10).describe('Equal-width p_over bins'),
    bootstrapResamples: z.number().int().min(1).default(2000).describe('ROI bootstrap resamples'),
    seed: z.number().int().default(1).describe('Seed of the ROI bootstrap PRNG'),
  }),
});

export type GradingConfig = z.infer<typeof gradingConfig>;
