import { z } from 'zod';
import { group } from '../define.ts';

/** Name resolution (spec 01 §8). */
export const identityConfig = group({
  candidateMinSimilarity: z
    .number()
    .min(0)
    .max(1)
    .default(0.9)
    .describe('Jaro-Winkler floor for suggested candidates'),
  reportTopUnresolved: z
    .number()
    .int()
    .min(0)
    .default(20)
    .describe('Unresolved names listed in the import summary'),
  retryRejectedDays: z
    .number()
    .int()
    .min(0)
    .default(30)
    .describe('Days of open UNKNOWN_PLAYER/GAME rejects retried per import'),
});
