import { z } from 'zod';
import { group } from '../define.ts';

/** Live and file sources (spec 01 §3–§5). */
export const sourcesConfig = group({
  http: group({
    timeoutMs: z.number().int().positive().default(30000).describe('HTTP request timeout (ms)'),
    maxRetries: z.number().int().min(0).default(5).describe('Retries on 429/5xx/network errors'),
    backoffBaseMs: z
      .number()
      .int()
      .positive()
      .default(2000)
      .describe('First backoff wait (ms), doubled per attempt'),
    backoffMaxMs: z.number().int().positive().default(120000).describe('Longest backoff wait (ms)'),
    retryAfterMaxMs: z
      .number()
      .int()
      .positive()
      .default(300000)
      .describe('A Retry-After above this gives up at once (ms)'),
    breakerThreshold: z
      .number()
      .int()
      .positive()
      .default(10)
      .describe('Consecutive failures to one host before failing fast'),
  }),
  nbaCdn: group({
    scheduleUrl: z
      .string()
      .url()
      .default('https://cdn.nba.com/static/json/staticData/scheduleLeagueV2.json')
      .describe('NBA.com CDN season schedule URL'),
    boxScoreUrl: z
      .string()
      .default('https://cdn.nba.com/static/json/liveData/boxscore/boxscore_{gameId}.json')
      .describe('NBA.com CDN live box score URL ({gameId} is replaced)'),
  }),
  oddsApi: group({
    baseUrl: z.string().url().default('https://api.the-odds-api.com').describe('The Odds API host'),
    regions: z.string().default('us').describe('Odds API regions'),
    bookmakers: z
      .string()
      .default('draftkings,fanduel,betmgm,williamhill_us,betrivers,bovada,fanatics,betonlineag')
      .describe('Odds API bookmaker keys (comma-separated)'),
    markets: z.string().default('player_points,spreads,totals').describe('Markets requested per event'),
    oddsFormat: z.enum(['american', 'decimal']).default('american').describe('Price format requested'),
    runBudget: z.number().int().positive().default(300).describe('Credits one run may spend'),
    minRemaining: z
      .number()
      .int()
      .min(0)
      .default(500)
      .describe('Stop when x-requests-remaining falls below this'),
    historicalSnapMinutes: z
      .number()
      .int()
      .positive()
      .default(5)
      .describe('Historical timestamps snap down to this many minutes'),
  }),
  injuries: group({
    url: z
      .string()
      .optional()
      .describe('Injury report URL (CSV or JSON) fetched by the daily run; unset = none'),
    inbox: z
      .string()
      .optional()
      .describe('Folder whose injury files the daily run imports when no URL is set'),
  }),
});
