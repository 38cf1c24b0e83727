import { z } from 'zod';
import { group } from '../define.ts';

/** Synthetic league (spec 01 §10). */
export const simulatorConfig = group({
  seed: z.number().int().default(42).describe('Seed of the simulated league'),
  teams: z.number().int().min(2).max(30).default(30).describe('Teams in the simulated league'),
  season: z.number().int().default(2031).describe('First simulated season (start year)'),
});
