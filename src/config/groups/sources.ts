import { z } from 'zod';
import { group } from '../define.ts';

/** Live and file sources (spec 01 §3–§5). */
export const sourcesConfig = group({
  http: group({
    timeoutMs: z.number().int().positive().default(30000).describe('HTTP request timeout (ms)'),
    maxRetries: z.number().int().min(0).default(5).describe('Retries on 429/5xx/network errors'),
    backoffBaseMs: z
      .number()
      .int()
      .positive()
      .default(2000)
      .describe('First backoff wait (ms), doubled per attempt'),
    backoffMaxMs: z.number().int().positive().default(120000).describe('Longest backoff wait (ms)'),
    retryAfterMaxMs: z
      .number()
      .int()
      .positive()
      .default(300000)
      .describe('A Retry-After above this gives up at once (ms)'),
    breakerThreshold: z
      .number()
      .int()
      .positive()
      .default(10)
      .describe('Consecutive failures to one host before failing fast'),
  }),
});
