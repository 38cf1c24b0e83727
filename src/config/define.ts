import { z } from 'zod';

/**
 * A config group: a strict object (unknown keys in courtedge.json are errors) whose own
 * defaults apply when the group is absent. `prefault` parses `{}` through the inner schema,
 * so every nested default is filled in.
 */
export function group<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape).prefault({} as any);
}

/** Keys whose values are never printed (config show masks them) nor hashed. */
export const SECRET_KEYS = new Set([
  'oddsApiKey',
  'adminToken',
  'databaseUrl',
  'testDatabaseUrl',
  'grading.alerts.webhookUrl',
]);

/**
 * Runtime-only keys (00-decisions): where and how the process runs, not what it computes.
 * Excluded from config_hash and from serialized model params so outputs are byte-identical
 * across machines and thread counts. A prefix ends with '.'.
 */
export const RUNTIME_ONLY_KEYS = [
  'store',
  'databaseUrl',
  'testDatabaseUrl',
  'oddsApiKey',
  'adminToken',
  'logLevel',
  'threads',
  'predict.takeJobs',
  'today',
  'server.',
  'schedule.',
];

export function isRuntimeOnly(path: string): boolean {
  return RUNTIME_ONLY_KEYS.some((k) => (k.endsWith('.') ? path.startsWith(k) : path === k));
}
