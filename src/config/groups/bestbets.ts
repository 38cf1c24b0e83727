import { z } from 'zod';
import { group } from '../define.ts';

/** Best bets (spec 05 §13). */
export const bestbetsConfig = group({
  edgeFloor: z.number().min(0).default(3).describe('Smallest |edge| a candidate may have'),
});
