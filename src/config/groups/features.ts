import { z } from 'zod';
import { group } from '../define.ts';

/** Point-in-time feature store (spec 02). */
export const featuresConfig = group({
  unknownTipTimeEt: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('19:00')
    .describe('Assumed Eastern tip time when a game has no start_utc'),
});
