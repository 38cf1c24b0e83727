import { z } from 'zod';
import { group } from '../define.ts';

/** Model fleet (spec 03). */
export const modelsConfig = group({
  training: group({
    windowDays: z.number().int().positive().default(56).describe('Rolling training window in game days'),
    seasonTypes: z
      .array(z.enum(['regular', 'playin', 'playoffs', 'cup_final']))
      .default(['regular', 'playin', 'playoffs', 'cup_final'])
      .describe('Season types used for training (JSON array in env)'),
  }),
});
