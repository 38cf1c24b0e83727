import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { isRuntimeOnly, SECRET_KEYS } from './define.ts';
import { type Config, configSchema } from './schema.ts';

export type Origin = 'default' | 'file' | 'env';

export interface LoadedConfig {
  config: Config;
  /** Origin of every leaf key path ("lines.staleAfterHours"). */
  origins: Record<string, Origin>;
  /** sha256 of the effective config without runtime-only keys (00-decisions). */
  hash: string;
  file: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Explicit config file (--config). When absent, ./courtedge.json is used if it exists. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values set by command-line options (e.g. --store); they win over everything. */
  overrides?: Record<string, unknown>;
}

type Leaf = { path: string; kind: string; schema: z.ZodType };

/** Strips default/optional/nullable wrappers to reach the schema that decides the kind. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s: any = schema;
  while (['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(s._zod.def.type)) {
    s = s._zod.def.innerType;
  }
  return s;
}

/** Every leaf key of the schema: objects recurse; arrays and records are leaves (JSON in env). */
export function configLeaves(schema: z.ZodType = configSchema, prefix = ''): Leaf[] {
  const inner: any = unwrap(schema);
  if (inner._zod.def.type !== 'object') return [{ path: prefix, kind: inner._zod.def.type, schema }];
  const out: Leaf[] = [];
  for (const [k, v] of Object.entries(inner._zod.def.shape as Record<string, z.ZodType>)) {
    out.push(...configLeaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return out;
}

/** `bestbets.edgeFloor` → `COURTEDGE_BESTBETS_EDGE_FLOOR` (00-decisions). */
export function envNameFor(path: string): string {
  const snake = path
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase())
    .join('_');
  return `COURTEDGE_${snake}`;
}

function parseEnvValue(leaf: Leaf, raw: string): unknown {
  switch (leaf.kind) {
    case 'number': {
      const n = Number(raw);
      return raw.trim() === '' || Number.isNaN(n) ? raw : n;
    }
    case 'boolean':
      if (/^(true|1|yes)$/i.test(raw)) return true;
      if (/^(false|0|no)$/i.test(raw)) return false;
      return raw;
    case 'array':
    case 'record':
    case 'object':
    case 'tuple':
      try {
        return JSON.parse(raw);
      } catch {
        throw new ConfigError([
          `${envNameFor(leaf.path)}: expected JSON for ${leaf.path}, got ${JSON.stringify(raw)}`,
        ]);
      }
    default:
      return raw;
  }
}

function getPath(obj: any, path: string): unknown {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function setPath(obj: any, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) {
    if (o[p] == null || typeof o[p] !== 'object') o[p] = {};
    o = o[p];
  }
  o[parts[parts.length - 1]] = value;
}

/** Canonical JSON: keys sorted at every level, so equal configs hash equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The config without runtime-only keys: what config_hash and model params are made of. */
export function hashableConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const leaf of configLeaves()) {
    if (isRuntimeOnly(leaf.path)) continue;
    const v = getPath(config, leaf.path);
    if (v !== undefined) setPath(out, leaf.path, v);
  }
  return out;
}

export function configHash(config: Config): string {
  return createHash('sha256')
    .update(canonicalJson(hashableConfig(config)))
    .digest('hex');
}

/** Defaults < file < COURTEDGE_* env < command-line overrides. Throws ConfigError listing every problem. */
export function loadConfig(opts: LoadOptions = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const problems: string[] = [];
  const leaves = configLeaves();
  const byEnv = new Map(leaves.map((l) => [envNameFor(l.path), l]));

  let file: string | null = null;
  let raw: Record<string, unknown> = {};
  const candidate = opts.file ?? (existsSync('courtedge.json') ? 'courtedge.json' : undefined);
  if (candidate) {
    if (!existsSync(candidate)) throw new ConfigError([`config file not found: ${candidate}`]);
    try {
      raw = JSON.parse(readFileSync(candidate, 'utf8'));
      file = candidate;
    } catch (e) {
      throw new ConfigError([`config file ${candidate} is not valid JSON: ${(e as Error).message}`]);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ConfigError([`config file ${candidate} must hold a JSON object`]);
    }
  }
  const origins: Record<string, Origin> = {};
  for (const l of leaves) origins[l.path] = getPath(raw, l.path) !== undefined ? 'file' : 'default';

  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('COURTEDGE_') || value === undefined) continue;
    const leaf = byEnv.get(name);
    if (!leaf) {
      problems.push(`unknown environment variable ${name}`);
      continue;
    }
    try {
      setPath(raw, leaf.path, parseEnvValue(leaf, value));
      origins[leaf.path] = 'env';
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  for (const [path, value] of Object.entries(opts.overrides ?? {})) {
    if (value === undefined) continue;
    setPath(raw, path, value);
    origins[path] = 'env';
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const envName =
        path && byEnv.has(envNameFor(path)) && origins[path] === 'env' ? ` (${envNameFor(path)})` : '';
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) problems.push(`unknown config key ${path ? `${path}.` : ''}${k}`);
      } else {
        problems.push(`invalid value for ${path || '(root)'}${envName}: ${issue.message}`);
      }
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const config = parsed.data as Config;
  return { config, origins, hash: configHash(config), file };
}

/** Every leaf with its effective value (secrets masked) and origin, for `config show`. */
export function describeConfig(
  loaded: LoadedConfig,
): Record<string, { value: unknown; origin: Origin; description?: string }> {
  const out: Record<string, { value: unknown; origin: Origin; description?: string }> = {};
  for (const leaf of configLeaves()) {
    let value = getPath(loaded.config, leaf.path);
    if (SECRET_KEYS.has(leaf.path) && value !== undefined) value = '********';
    out[leaf.path] = {
      value: value ?? null,
      origin: loaded.origins[leaf.path] ?? 'default',
      description: leaf.schema.description,
    };
  }
  return out;
}
