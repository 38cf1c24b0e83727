import { z } from 'zod';
import { group } from '../define.ts';

/** Line rules shared by every module (00-decisions "Lines"). */
export const linesConfig = group({
  staleAfterHours: z
    .number()
    .positive()
    .default(12)
    .describe('A book snapshot older than this at t is STALE_LINE'),
  outlierPoints: z
    .number()
    .positive()
    .default(6)
    .describe('A main line this far from the other books median is LINE_OUTLIER'),
  maxOverround: z
    .number()
    .min(0)
    .max(1)
    .default(0.25)
    .describe(
      'An over/under pair whose overround (p_over + p_under - 1) is above this is PRICE_SANITY_REJECT at ingestion',
    ),
});
