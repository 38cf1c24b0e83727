import { z } from 'zod';
import { group } from '../define.ts';

/** Synthetic league (spec 01 §10). */
export const simulatorConfig = group({
  seed: z.number().int().default(42).describe('Seed of the simulated league'),
  teams: z.number().int().min(2).max(30).default(30).describe('Teams in the simulated league'),
  season: z.number().int().default(2031).describe('First simulated season (start year)'),
  seasons: z.number().int().min(1).max(10).default(2).describe('Seasons `courtedge simulate` generates'),
  days: z
    .number()
    .int()
    .min(14)
    .max(200)
    .default(174)
    .describe(
      'Calendar span of a season in days (174 = late October to mid April, 82 games); fewer for tests',
    ),
});
