import { z } from 'zod';
import { group } from '../define.ts';

/**
 * Exporters and sinks (spec 07 §1). S3 credentials come from the SDK's standard chain
 * (AWS_ACCESS_KEY_ID, profiles, …), never from courtedge config.
 */
export const publishConfig = group({
  dir: z.string().min(1).default('exports').describe('Directory sink for the JSON exports (files under v1/)'),
  sink: z
    .enum(['directory', 's3', 'both'])
    .default('directory')
    .describe('Where exports go: the directory, an S3-compatible bucket, or both'),
  s3: z
    .strictObject({
      endpoint: z
        .string()
        .nullable()
        .default(null)
        .describe('S3-compatible endpoint URL (null = AWS for the region)'),
      bucket: z
        .string()
        .nullable()
        .default(null)
        .describe('Bucket of the S3 sink (required with sink s3|both)'),
      prefix: z.string().default('').describe('Key prefix inside the bucket (e.g. "site/")'),
      region: z.string().default('us-east-1').describe('Region of the bucket'),
      forcePathStyle: z
        .boolean()
        .default(true)
        .describe('Path-style addressing (needed by most S3-compatible servers)'),
      includeAdmin: z.boolean().default(false).describe('Also upload v1/admin/* to the bucket'),
    })
    .prefault({} as any),
});
