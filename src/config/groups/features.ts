import { z } from 'zod';
import { group } from '../define.ts';

/** Point-in-time feature store (spec 02). Every `params.*` value is hashed into contract_hash. */
export const featuresConfig = group({
  unknownTipTimeEt: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('19:00')
    .describe('Assumed Eastern tip time when a game has no start_utc'),
  params: group({
    maxLookbackDays: z
      .number()
      .int()
      .positive()
      .default(365)
      .describe('Box history reaches this many days back'),
    historyDays: z
      .number()
      .int()
      .positive()
      .default(60)
      .describe('H60: window of played games for eligibility'),
    minGames: z.number().int().positive().default(5).describe('Played games in H60 needed to be eligible'),
    minTeamGames: z
      .number()
      .int()
      .positive()
      .default(5)
      .describe('Team games with possession data needed for pace/ratings'),
    usageMinMinutes: z.number().nonnegative().default(5).describe('Usage is NULL below this many minutes'),
    star: group({
      minPoints: z.number().default(18).describe('A star averages at least this many points'),
      minMinutes: z.number().default(28).describe('… or this many minutes'),
      minUsage: z.number().default(25).describe('… or this usage rate'),
      windowDays: z.number().int().positive().default(30).describe('Days looked back for star status'),
    }),
    fatigue: group({
      heavyMinutes7d: z.number().default(140).describe('Minutes over D−7…D−1 above which fatigue drops 10'),
    }),
  }),
  quality: group({
    weights: group({
      box_score: z.number().default(100).describe('Quality weight of box-score values'),
      schedule: z.number().default(100).describe('Quality weight of schedule values'),
      odds: z.number().default(100).describe('Quality weight of odds values'),
      calculated: z.number().default(100).describe('Quality weight of calculated values'),
      team_logs: z.number().default(95).describe('Quality weight of team-log values (estimated possessions)'),
      injuries: z.number().default(90).describe('Quality weight of injury values (reports lag)'),
      missing: z.number().default(0).describe('Quality weight of a missing value'),
    }),
    minScore: z.number().min(0).max(100).default(70).describe('is_quality_ready needs at least this score'),
    varianceMinRows: z
      .number()
      .int()
      .positive()
      .default(50)
      .describe('Quality-ready rows from which the zero-variance check applies'),
  }),
});
