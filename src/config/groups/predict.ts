import { z } from 'zod';
import { group } from '../define.ts';

/** Prediction batches (spec 04). */
export const predictConfig = group({
  partialMinShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.8)
    .describe('Share of requested players needed for a partial batch'),
});
