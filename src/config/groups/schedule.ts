import { z } from 'zod';
import { group } from '../define.ts';

/** In-process scheduler of `courtedge serve` (spec 08). Runtime-only: not part of config_hash. */
export const scheduleConfig = group({
  enabled: z.boolean().default(true).describe('Run the scheduler inside `courtedge serve`'),
});
