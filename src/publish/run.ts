import { createHash } from 'node:crypto';
import { markPublished } from '../bestbets/index.ts';
import type { Logger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import type { Queryable } from '../store/store.ts';
import type { PublishData } from './data.ts';
import type { ExportCtx, FileKind, FileParams } from './exporter.ts';
import { CACHE } from './exporter.ts';
import { ALL_KINDS, EXPORTERS } from './exporters/index.ts';
import { LOOKUP_RE } from './exporters/players.ts';
import { instant, seasonStart, serialize } from './format.ts';
import { loadPublishData } from './load.ts';
import { MANIFEST_PATH, type ManifestEntry, mergeManifest, parseManifest } from './manifest.ts';
import { DirectorySink } from './sinks/directory.ts';
import { S3Sink } from './sinks/s3.ts';
import type { Sink } from './sinks/sink.ts';

/**
 * The publish shell (spec 07 §1): load set-based, build each file purely, validate it with its
 * strict schema (a failure is a bug: that file is not written and the run fails naming file
 * and key), serialize, hand the bytes to every sink, write the merged manifest last and one
 * `exports` row per written file.
 */

export type PublishReason = 'bestbets' | 'grade' | 'models' | 'on_demand';

export interface FileSelection {
  kinds: FileKind[];
  /** players/{lookup}.json for D's slate, only D's graded players, or none. */
  players: 'slate' | 'graded' | 'none';
}

/** Which files each trigger rewrites (spec 07 §1 "When files are written", 06 §6). */
export function filesFor(reason: PublishReason): FileSelection {
  switch (reason) {
    case 'bestbets':
      return {
        kinds: [
          'signal-best-bets/date',
          'signal-best-bets/latest',
          'best-bets/all',
          'admin/dashboard',
          'admin/picks',
          'predictions',
        ],
        players: 'slate',
      };
    case 'grade':
      return {
        kinds: [
          'best-bets/all',
          'signal-best-bets/date',
          'signal-best-bets/latest',
          'admin/dashboard',
          'admin/picks',
          'models/health',
          'results',
        ],
        players: 'graded',
      };
    case 'models':
      return { kinds: ['models/health', 'admin/dashboard'], players: 'none' };
    default:
      return { kinds: ALL_KINDS.filter((k) => k !== 'players'), players: 'slate' };
  }
}

export interface BuiltFile {
  kind: FileKind;
  path: string;
  /** The date of the exports row. */
  date: string | null;
  bytes: Buffer;
  sha256: string;
  cache_control: string;
  schema_version: number;
}

export const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Player lookups a selection writes (lookups outside [a-z0-9]{1,64} are never served, so skipped). */
export function playerLookups(data: PublishData, which: FileSelection['players']): string[] {
  if (which === 'none') return [];
  const ids =
    which === 'graded'
      ? new Set(data.predictions.filter((p) => p.result !== null).map((p) => p.player_id))
      : new Set(data.predictions.map((p) => p.player_id));
  return [...new Set(data.players.filter((p) => ids.has(p.player_id)).map((p) => p.player_lookup))]
    .filter((l) => LOOKUP_RE.test(l))
    .sort();
}

/**
 * Builds and validates every selected file (pure over the loaded data). `latest.json` always
 * holds the newest run date ≤ today, whatever D is, so writing it is always correct.
 * Errors name the file and the key.
 */
export function buildFiles(
  data: PublishData,
  sel: FileSelection,
  generatedAt: string,
): { files: BuiltFile[]; errors: string[] } {
  const jobs: Array<{ kind: FileKind; params: FileParams }> = [];
  for (const kind of sel.kinds) {
    if (kind === 'players') continue;
    jobs.push({ kind, params: { date: data.date } });
  }
  const lookups =
    sel.kinds.includes('players') || sel.players !== 'none' ? playerLookups(data, sel.players) : [];
  for (const lookup of lookups) jobs.push({ kind: 'players', params: { date: data.date, lookup } });

  const files: BuiltFile[] = [];
  const errors: string[] = [];
  for (const { kind, params } of jobs) {
    const exp = EXPORTERS[kind];
    const path = exp.path(params);
    try {
      const input = exp.select(data, params);
      const date = exp.dateOf(params, data);
      const ctx: ExportCtx = { generated_at: generatedAt, algorithm_version: algorithmVersion(data, date) };
      const parsed = exp.schema.safeParse(exp.build(input, ctx));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        errors.push(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
        continue;
      }
      const bytes = serialize(parsed.data);
      files.push({
        kind,
        path,
        date,
        bytes,
        sha256: sha256Hex(bytes),
        cache_control: exp.cacheControl(params, input),
        schema_version: exp.schemaVersion,
      });
    } catch (e) {
      errors.push(`${path}: ${(e as Error).message}`);
    }
  }
  return { files, errors };
}

function algorithmVersion(data: PublishData, date: string | null): string {
  const run = date ? data.runs.find((r) => r.date === date) : undefined;
  return run?.algorithm_version ?? data.settings.algorithmVersion;
}

/** The sinks of the configuration; `out` replaces the directory (`courtedge export --out DIR`). */
export function sinksFromConfig(config: Config, out?: string): Sink[] {
  const p = config.publish;
  const sinks: Sink[] = [];
  if (p.sink === 'directory' || p.sink === 'both' || out) sinks.push(new DirectorySink(out ?? p.dir));
  if (p.sink === 's3' || p.sink === 'both') {
    if (!p.s3.bucket) throw new Error('publish.sink is s3 but publish.s3.bucket is not set');
    sinks.push(new S3Sink({ ...p.s3, bucket: p.s3.bucket }));
  }
  return sinks;
}

export interface PublishOptions {
  date: string;
  /** The clock's day (resolveToday); the current files are as of the newest run ≤ it. */
  today?: string;
  config: Config;
  sinks: Sink[];
  selection: FileSelection;
  runId?: string | null;
  /** Fixed generated_at (tests, byte-identical re-exports); default now. */
  generatedAt?: string;
  now?: () => Date;
  log?: Logger;
}

export interface PublishResult {
  date: string;
  as_of: string;
  files: Array<{ path: string; sha256: string; bytes: number }>;
  manifest: { path: string; sha256: string; bytes: number; entries: number };
  errors: string[];
}

export class PublishValidationError extends Error {
  constructor(readonly errors: string[]) {
    super(`publish: ${errors.length} file(s) failed validation and were not written: ${errors.join('; ')}`);
    this.name = 'PublishValidationError';
  }
}

export async function publish(store: Queryable, opts: PublishOptions): Promise<PublishResult> {
  const now = opts.now ?? (() => new Date());
  if (!opts.sinks.length) throw new Error('publish: no sink configured');
  const data = await loadPublishData(store, opts.date, opts.config, opts.today ?? opts.date);
  const generatedAt = instant(opts.generatedAt ?? now()) as string;
  const { files, errors } = buildFiles(data, opts.selection, generatedAt);

  const entries: ManifestEntry[] = [];
  for (const f of files) {
    for (const sink of opts.sinks) {
      if (sink.accepts(f.path))
        await sink.put({ path: f.path, bytes: f.bytes, sha256: f.sha256, cacheControl: f.cache_control });
    }
    entries.push({
      path: f.path,
      sha256: f.sha256,
      bytes: f.bytes.length,
      written_at: instant(now()) as string,
      cache_control: f.cache_control,
      schema_version: f.schema_version,
    });
  }

  // Manifest last, each sink's merged with its own previous one and listing only what that sink
  // holds (a bucket without admin files does not list them). The first sink's is the run's.
  let mBytes: Buffer = Buffer.alloc(0);
  let mSha = '';
  let mEntries = 0;
  for (const [i, sink] of opts.sinks.entries()) {
    const own = entries.filter((e) => sink.accepts(e.path));
    const manifest = mergeManifest(parseManifest(await sink.read(MANIFEST_PATH)), own, generatedAt);
    const bytes = serialize(manifest);
    const sha = sha256Hex(bytes);
    await sink.put({ path: MANIFEST_PATH, bytes, sha256: sha, cacheControl: CACHE.short });
    if (i === 0) [mBytes, mSha, mEntries] = [bytes, sha, manifest.files.length];
  }

  const writtenAt = instant(now()) as string;
  const rows = [
    ...files.map((f) => [f.path, f.date, f.sha256, f.bytes.length, writtenAt, opts.runId ?? null]),
    [MANIFEST_PATH, data.asOf, mSha, mBytes.length, writtenAt, opts.runId ?? null],
  ];
  await store.insertMany('exports', ['path', 'date', 'sha256', 'bytes', 'written_at', 'run_id'], rows, {
    onConflict:
      'ON CONFLICT (path) DO UPDATE SET date = excluded.date, sha256 = excluded.sha256, bytes = excluded.bytes, written_at = excluded.written_at, run_id = excluded.run_id',
  });

  // Picks shown in a public file are part of the record from now on (05 §1): re-runs withdraw them.
  // all.json shows the whole season, so one statement over its window (bestbets' markPublished
  // does the same for one date); the dated file alone shows only D.
  if (files.some((f) => f.kind === 'best-bets/all')) {
    await store.run(
      `UPDATE best_bets_picks SET published_at = $3::TIMESTAMPTZ
       WHERE date BETWEEN $1::DATE AND $2::DATE AND status = 'active' AND published_at IS NULL`,
      [seasonStart(data.asOf), data.asOf, writtenAt],
    );
  }
  if (files.some((f) => f.kind === 'signal-best-bets/date')) await markPublished(store, data.date, writtenAt);

  opts.log?.info({ date: opts.date, files: files.length, errors: errors.length }, 'publish: files written');
  const result: PublishResult = {
    date: opts.date,
    as_of: data.asOf,
    files: files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes.length })),
    manifest: { path: MANIFEST_PATH, sha256: mSha, bytes: mBytes.length, entries: mEntries },
    errors,
  };
  if (errors.length) throw new PublishValidationError(errors);
  return result;
}
