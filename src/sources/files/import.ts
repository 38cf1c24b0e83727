import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { Logger } from '../../config/log.ts';
import { silentLogger } from '../../config/log.ts';
import { claimStoreKind } from '../../store/meta.ts';
import type { RunHandle } from '../../store/runs.ts';
import type { Store } from '../../store/store.ts';
import { type IdentityIndex, loadIdentity, seedIdentity } from '../identity.ts';
import { ingestPayload, retryRejects } from '../ingest/ingest.ts';
import { registerReparser } from '../ingest/reparse.ts';
import { addCounts, emptyCounts, type IngestCounts, type RowCounts } from '../ingest/types.ts';
import type { FileMapContext, FileMapper } from './common.ts';
import { mapGamesCsv } from './games.ts';
import { mapInjuries } from './injuries.ts';
import { detectKind, FILE_KINDS, type FileKind, HEADERS } from './kinds.ts';
import { mapOddsSnapshotCsv } from './odds-snapshots.ts';
import { mapPlayerLogsCsv } from './player-logs.ts';
import { mapTeamLogsCsv } from './team-logs.ts';

/** The mapper of each file kind (pure except the player logs, which look up games). */
export const MAPPERS: Record<FileKind, FileMapper> = {
  games: (text) => mapGamesCsv(text),
  'nba-api-team-logs': (text) => mapTeamLogsCsv(text),
  'nba-api-player-logs': (text, ctx) => mapPlayerLogsCsv(text, ctx),
  'odds-snapshots': (text, ctx) => mapOddsSnapshotCsv(text, ctx),
  injuries: (text) => mapInjuries(text),
};

for (const kind of FILE_KINDS) {
  registerReparser(`files:${kind}`, { map: (body, q, key) => MAPPERS[kind](body, { q, key }) });
}

export interface ImportOptions {
  /** The given kind (every file must match it), or null to detect each file's kind. */
  kind?: FileKind | null;
  paths: string[];
  dryRun?: boolean;
  /** Capture time for odds files whose name carries none (ISO instant). */
  capturedAt?: string | null;
  configHash: string;
  identity: { candidateMinSimilarity: number; reportTopUnresolved: number; retryRejectedDays: number };
  /** lines.maxOverround (price sanity); the config default when absent. */
  maxOverround?: number;
  log?: Logger;
}

export interface KindSummary extends RowCounts {
  files: number;
}

export interface ImportSummary extends KindSummary {
  kind: FileKind | 'mixed';
  by_kind?: Partial<Record<FileKind, KindSummary>>;
  unresolved_names: Array<{
    name: string;
    count: number;
    suggestion: string | null;
    candidates: Array<{ player_id: number; name: string }>;
  }>;
  player_points_rows?: number;
  player_points_match_rate_all?: number;
  player_points_match_rate_covered?: number;
  identity?: { lookup: number; suffix: number; alias: number; unresolved: number; unresolved_names: number };
  warnings: Record<string, number>;
  tables: IngestCounts['tables'];
  changed_files: string[];
  invalid_files: Array<{ file: string; error: string }>;
  /** Files that held no data row (empty or header-only): each is a warning, nothing read. */
  empty_files: string[];
  re_resolved: number;
  dry_run: boolean;
  run_id: string | null;
  seconds: number;
}

export interface PlannedFile {
  path: string;
  kind: FileKind;
  text: string;
}

function expand(path: string): string[] {
  const p = resolve(path);
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(p);
  } catch {
    throw new Error(`no such file or folder: ${path}`);
  }
  if (!st.isDirectory()) return [p];
  const out: string[] = [];
  for (const name of readdirSync(p).sort()) {
    if (name.startsWith('.')) continue;
    const child = join(p, name);
    if (statSync(child).isDirectory()) out.push(...expand(child));
    else if (['.csv', '.json'].includes(extname(name).toLowerCase())) out.push(child);
  }
  return out;
}

/**
 * Reads and classifies every file before anything is written: a file whose header matches no
 * kind (or not the given kind) is an error naming the file. Returned in dependency order.
 */
export function planImport(paths: string[], kind?: FileKind | null): PlannedFile[] {
  const files = [...new Set(paths.flatMap(expand))];
  if (!files.length) throw new Error(`no .csv or .json files in ${paths.join(', ')}`);
  const planned: PlannedFile[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const detected = detectKind(text);
    // Without a kind an empty file has no header to detect: say so instead of "unknown kind".
    if (!kind && text.trim() === '') throw new Error(`${f}: the file is empty (nothing to import)`);
    if (kind) {
      if (text.trim() !== '' && detected !== kind) {
        throw new Error(
          `${f}: header does not match ${kind} (expected it to start with ${HEADERS[kind].required.join(',')}${detected ? `; it looks like ${detected}` : ''})`,
        );
      }
      planned.push({ path: f, kind, text });
    } else {
      if (!detected) {
        const head = text.split(/\r?\n/, 1)[0].slice(0, 120);
        throw new Error(
          `${f}: unknown file kind (header "${head}"); give the kind: ${FILE_KINDS.join(', ')}`,
        );
      }
      planned.push({ path: f, kind: detected, text });
    }
  }
  const order = (k: FileKind) => FILE_KINDS.indexOf(k);
  return planned.sort(
    (a, b) => order(a.kind) - order(b.kind) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}

function kindSummary(c: IngestCounts, files: number): KindSummary {
  return {
    files,
    read: c.read,
    inserted: c.inserted,
    updated: c.updated,
    unchanged: c.unchanged,
    rejected: c.rejected,
    skipped: c.skipped,
    rejected_by_reason: c.rejected_by_reason,
  };
}

const pct = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : 100);

/**
 * `courtedge import`: every file is one raw payload (key = base name, source = files:<kind>)
 * written in its own transaction through the shared writers; then open UNKNOWN_PLAYER/GAME
 * rejects of the last identity.retryRejectedDays days are retried. Claims the store as real.
 */
export async function importFiles(
  store: Store,
  opts: ImportOptions,
  /** The `import` run the use case opened (none for a dry run, which writes nothing). */
  run: RunHandle | null = null,
): Promise<ImportSummary> {
  const started = Date.now();
  const log = opts.log ?? silentLogger;
  const plan = planImport(opts.paths, opts.kind);
  const byKind = new Map<FileKind, { counts: IngestCounts; files: number }>();
  const total = emptyCounts();
  const changed: string[] = [];
  const invalid: Array<{ file: string; error: string }> = [];
  const empty: string[] = [];
  let reResolved = 0;

  const body = async (runId: string | null) => {
    const importStart = new Date();
    if (!opts.dryRun) {
      await claimStoreKind(store, 'real');
      await seedIdentity(store);
    }
    // Odds and injury files come after every box-score file: one name index serves them all.
    let identity: IdentityIndex | undefined;
    for (const f of plan) {
      if (!opts.dryRun && !identity && (f.kind === 'odds-snapshots' || f.kind === 'injuries')) {
        identity = await loadIdentity(store, opts.identity.candidateMinSimilarity);
      }
      const key = basename(f.path);
      const source = `files:${f.kind}`;
      const mapCtx = (q: FileMapContext['q']): FileMapContext => ({ q, key, capturedAt: opts.capturedAt });
      const t0 = Date.now();
      const res = await ingestPayload(store, {
        payload: {
          source,
          key,
          body: f.text,
          fetched_at: new Date().toISOString(),
          content_type:
            f.text.trim().startsWith('{') || f.text.trim().startsWith('[') ? 'application/json' : 'text/csv',
        },
        call: { url: f.path },
        run_id: runId,
        candidateMinSimilarity: opts.identity.candidateMinSimilarity,
        maxOverround: opts.maxOverround,
        identity,
        map: (text, q) => MAPPERS[f.kind](text, mapCtx(q)),
        dryRun: opts.dryRun,
      });
      if (res.invalid) {
        invalid.push({ file: f.path, error: res.invalid });
        log.error({ file: f.path, error: res.invalid }, 'file refused');
        continue;
      }
      if (res.counts.read === 0) {
        empty.push(f.path);
        log.warn({ file: f.path }, 'empty or header-only file: nothing read');
      }
      if (res.changed_from.length) {
        changed.push(f.path);
        log.warn({ file: f.path, sha256: res.sha256 }, 'file changed since it was last imported');
      }
      const k = byKind.get(f.kind) ?? { counts: emptyCounts(), files: 0 };
      addCounts(k.counts, res.counts);
      k.files++;
      byKind.set(f.kind, k);
      addCounts(total, res.counts);
      log.info(
        {
          file: key,
          kind: f.kind,
          read: res.counts.read,
          inserted: res.counts.inserted,
          rejected: res.counts.rejected,
          ms: Date.now() - t0,
        },
        'imported',
      );
    }
    if (!opts.dryRun) {
      const retry = await store.transaction((tx) =>
        retryRejects(tx, {
          sinceDays: opts.identity.retryRejectedDays,
          before: importStart,
          candidateMinSimilarity: opts.identity.candidateMinSimilarity,
          run_id: runId,
          identity,
        }),
      );
      reResolved = retry.resolved;
      if (retry.resolved) log.info(retry, 're-resolved earlier rejects');
    }
  };

  let runId: string | null = null;
  const finish = (): ImportSummary => {
    const kinds = [...byKind.keys()];
    const givenOrSingle: FileKind | 'mixed' =
      opts.kind ?? (new Set(plan.map((p) => p.kind)).size === 1 ? plan[0].kind : 'mixed');
    const summary: ImportSummary = {
      kind: givenOrSingle,
      ...kindSummary(total, plan.length),
      unresolved_names: Object.entries(total.identity.names)
        .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
        .slice(0, opts.identity.reportTopUnresolved)
        .map(([name, v]) => ({
          name,
          count: v.count,
          suggestion: v.candidates[0] ? `${v.candidates[0].name} (${v.candidates[0].player_id})` : null,
          candidates: v.candidates.slice(0, 3),
        })),
      warnings: total.warnings,
      tables: total.tables,
      changed_files: changed,
      invalid_files: invalid,
      empty_files: empty,
      re_resolved: reResolved,
      dry_run: Boolean(opts.dryRun),
      run_id: runId,
      seconds: Math.round((Date.now() - started) / 10) / 100,
    };
    if (givenOrSingle === 'mixed') {
      summary.by_kind = Object.fromEntries(
        kinds.map((k) => [k, kindSummary(byKind.get(k)!.counts, byKind.get(k)!.files)]),
      );
    }
    const odds = byKind.get('odds-snapshots');
    if (odds) {
      const st = odds.counts.identity;
      const rows = odds.counts.warnings.player_points_rows ?? 0;
      const resolved = st.lookup + st.suffix + st.alias + st.by_id;
      summary.player_points_rows = rows;
      summary.player_points_match_rate_all = pct(resolved, rows);
      summary.player_points_match_rate_covered = pct(resolved, resolved + st.unresolved_with_candidate);
      summary.identity = {
        lookup: st.lookup,
        suffix: st.suffix,
        alias: st.alias,
        unresolved: st.unresolved,
        unresolved_names: Object.keys(st.names).length,
      };
    }
    return summary;
  };

  if (opts.dryRun) {
    await body(null);
    return finish();
  }
  if (!run) throw new Error('importFiles writes inside the `import` run its caller opened');
  runId = run.runId;
  await body(run.runId);
  const s = finish();
  const { unresolved_names, tables, ...rest } = s;
  run.counts = { ...rest, unresolved_names: unresolved_names.slice(0, 5), tables };
  return s;
}
