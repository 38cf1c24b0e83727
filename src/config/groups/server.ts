import { z } from 'zod';
import { group } from '../define.ts';

/** HTTP server (spec 07 §3). Runtime-only: not part of config_hash. */
export const serverConfig = group({
  host: z.string().default('127.0.0.1').describe('Address the HTTP server binds'),
  port: z.number().int().min(0).max(65535).default(8787).describe('HTTP port'),
  corsOrigins: z
    .array(z.string().min(1))
    .default(['*'])
    .describe('Origins allowed to read the public /v1 files cross-origin ("*" = any)'),
  trustProxy: z
    .boolean()
    .default(false)
    .describe('Take the client IP from X-Forwarded-For (only behind a proxy you run)'),
  bodyLimitBytes: z
    .number()
    .int()
    .min(256)
    .default(16384)
    .describe('Largest request body accepted; larger → 413'),
  rateLimit: group({
    publicPerMinute: z
      .number()
      .int()
      .min(1)
      .default(120)
      .describe('Requests per minute per IP on public routes (/v1, /api/health, the web app)'),
    adminPerMinute: z
      .number()
      .int()
      .min(1)
      .default(30)
      .describe('Requests per minute per IP on /api/admin and /v1/admin'),
  }),
  webDir: z.string().optional().describe('Built web app served at / (default: web/dist of the installation)'),
});
