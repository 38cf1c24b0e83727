import { z } from 'zod';
import { checkBounds } from './bounds.ts';
import { bestbetsConfig } from './groups/bestbets.ts';
import { featuresConfig } from './groups/features.ts';
import { gradingConfig } from './groups/grading.ts';
import { identityConfig } from './groups/identity.ts';
import { linesConfig } from './groups/lines.ts';
import { modelsConfig } from './groups/models.ts';
import { predictConfig } from './groups/predict.ts';
import { publishConfig } from './groups/publish.ts';
import { scheduleConfig } from './groups/schedule.ts';
import { serverConfig } from './groups/server.ts';
import { simulatorConfig } from './groups/simulator.ts';
import { sourcesConfig } from './groups/sources.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/**
 * The one configuration schema (DESIGN principle 6). Every key has a default and a
 * description; each capability owns one group file under ./groups.
 */
export const configSchema = z
  .strictObject({
    store: z.string().min(1).default('./data/courtedge.duckdb').describe('DuckDB file of the embedded store'),
    databaseUrl: z
      .string()
      .optional()
      .describe('postgres://… URL; when set, PostgreSQL is the store instead of the DuckDB file'),
    testDatabaseUrl: z
      .string()
      .optional()
      .describe('PostgreSQL URL read only by the test suite (unused by the product)'),
    oddsApiKey: z.string().optional().describe('The Odds API key (secret; never logged or stored)'),
    adminToken: z.string().optional().describe('Bearer token for the admin HTTP API (secret)'),
    today: isoDate.optional().describe('Overrides "today" (America/New_York) for every date-relative rule'),
    logLevel: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
      .default('info')
      .describe('Log level (logs go to stderr)'),
    threads: z.number().int().min(0).default(0).describe('Worker threads for heavy work; 0 = one per core'),
    sources: sourcesConfig,
    identity: identityConfig,
    lines: linesConfig,
    features: featuresConfig,
    models: modelsConfig,
    predict: predictConfig,
    bestbets: bestbetsConfig,
    grading: gradingConfig,
    publish: publishConfig,
    server: serverConfig,
    schedule: scheduleConfig,
    simulator: simulatorConfig,
  })
  .superRefine(checkBounds);

export type Config = z.infer<typeof configSchema>;
