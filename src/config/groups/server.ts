import { z } from 'zod';
import { group } from '../define.ts';

/** HTTP server (spec 07 §3). Runtime-only: not part of config_hash. */
export const serverConfig = group({
  host: z.string().default('127.0.0.1').describe('Address the HTTP server binds'),
  port: z.number().int().min(0).max(65535).default(8787).describe('HTTP port'),
});
