import { z } from 'zod';
import { group } from '../define.ts';

const quality = (d: number, mode: string) =>
  z.number().min(0).max(100).default(d).describe(`Minimum feature quality_score for ${mode} batches`);

/** Prediction batches (spec 04). Thread count is the runtime-only top-level `threads`. */
export const predictConfig = group({
  partialMinShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.8)
    .describe('Share of requested players needed for a partial batch'),
  maxDaysAhead: z
    .number()
    .int()
    .min(0)
    .default(1)
    .describe('Live modes accept today … today + this many days'),
  minQuality: group({
    FIRST: quality(85, 'FIRST'),
    RETRY: quality(85, 'RETRY'),
    FINAL_RETRY: quality(80, 'FINAL_RETRY'),
    LAST_CALL: quality(70, 'LAST_CALL'),
    BACKFILL: quality(70, 'BACKFILL'),
    LINE_UPDATE: quality(85, 'LINE_UPDATE'),
  }),
  maxFeatureAgeMinutes: z
    .number()
    .positive()
    .default(90)
    .describe('Feature rows older than this are used but flagged stale in steps.features'),
  completeness: group({
    days: z.number().int().min(0).default(7).describe('Days before D whose Final games need box scores'),
    minCoverage: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe('Share of those games with box scores for both teams, else DATA_INCOMPLETE'),
  }),
  chunkSize: z.number().int().positive().default(50).describe('Players per prediction chunk'),
  chunkMaxAttempts: z.number().int().positive().default(3).describe('Tries of a chunk job before it fails'),
  chunkExpiryS: z.number().positive().default(120).describe('A chunk job active longer than this is retried'),
  coordinateExpiryS: z.number().positive().default(300).describe('Expiry of a predict.coordinate job'),
  takeJobs: z
    .boolean()
    .default(true)
    .describe(
      'Distributed mode: a process that starts batches also computes queue jobs (false: it only sends them; `courtedge worker` processes compute)',
    ),
  modelCacheSize: z.number().int().positive().default(32).describe('Parsed models kept per worker (LRU)'),
  watchdogIntervalS: z.number().positive().default(30).describe('Seconds between watchdog passes'),
  stallAfterS: z
    .number()
    .positive()
    .default(600)
    .describe('A batch without progress this long fails STALLED'),
  eventResendAfterS: z
    .number()
    .positive()
    .default(60)
    .describe('A finished batch whose event is not recorded after this long gets it again'),
  testPauseAfterClaimMs: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Test hook: pause after claiming a chunk (0 in production)'),
});
