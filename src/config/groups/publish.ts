import { z } from 'zod';
import { group } from '../define.ts';

/** Exporters and sinks (spec 07 §1). */
export const publishConfig = group({
  dir: z.string().default('./data/publish').describe('Directory sink for the JSON exports'),
});
