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
});
