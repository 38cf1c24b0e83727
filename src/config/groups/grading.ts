import { z } from 'zod';
import { group } from '../define.ts';

/** Grading and model health (spec 06 §8). */
export const gradingConfig = group({
  minBoxRowsPerTeam: z
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('Box rows with minutes > 0 per team before a game counts as loaded'),
});
