import { readFileSync } from 'node:fs';
import {
  FILE_KINDS,
  type FileKind,
  fetchLive,
  type ImportOptions,
  type ImportSummary,
  importFiles,
  isFileKind,
  type KindSummary,
  type LiveFetchOptions,
  type LiveFetchSummary,
  type LiveWhat,
  parseCsv,
  reparse,
  retryRejects,
  seedIdentity,
} from '../sources/index.ts';
import { withRun } from '../store/runs.ts';
import type { Queryable, Store } from '../store/store.ts';
import type { App } from './app.ts';
import { UsageError } from './app.ts';

export type { FileKind, ImportSummary, KindSummary, LiveWhat };
export { FILE_KINDS, isFileKind };

/** `courtedge import [KIND] PATH…`: files or folders, kinds detected from each header when not given. */
export async function importPaths(
  app: App,
  req: { kind: FileKind | null; paths: string[]; dryRun?: boolean; capturedAt?: string | null },
): Promise<ImportSummary> {
  const s = await importRecorded(app.store, {
    kind: req.kind,
    paths: req.paths,
    dryRun: req.dryRun,
    capturedAt: req.capturedAt ?? null,
    configHash: app.configHash,
    identity: app.config.identity,
    maxOverround: app.config.lines.maxOverround,
    log: app.log,
  });
  // A run that read nothing is not a success (issue 20: "read 0" exited 0).
  if (s.read === 0 && !s.invalid_files.length)
    throw new UsageError(
      `read nothing: ${s.empty_files.join(', ')} ${s.empty_files.length === 1 ? 'is' : 'are'} empty or header-only`,
      1,
    );
  return s;
}

/** File imports as one `import` run (a dry run writes nothing and records none). */
export function importRecorded(store: Store, opts: ImportOptions): Promise<ImportSummary> {
  if (opts.dryRun) return importFiles(store, opts, null);
  return withRun(store, { phase: 'import', configHash: opts.configHash }, (run) =>
    importFiles(store, opts, run),
  );
}

/** A live fetch as one `fetch_<what>` run. */
export function fetchRecorded(store: Store, opts: LiveFetchOptions): Promise<LiveFetchSummary> {
  if (opts.what === 'odds' && !opts.config.oddsApiKey)
    throw new UsageError('fetch odds needs the config key oddsApiKey (COURTEDGE_ODDS_API_KEY)', 1);
  return withRun(
    store,
    { phase: `fetch_${opts.what}`, date: opts.date, configHash: opts.configHash },
    (run) => fetchLive(store, opts, run),
  );
}

/** `courtedge import --reparse SOURCE`: rebuild rows from a source's stored payloads, one `import` run. */
export async function reparseSource(
  app: App,
  req: { source: string; from: string | null; to: string | null },
) {
  const r = await withRun(app.store, { phase: 'import', configHash: app.configHash }, async (run) => {
    const res = await reparse(app.store, {
      source: req.source,
      from: req.from,
      to: req.to,
      run_id: run.runId,
      candidateMinSimilarity: app.config.identity.candidateMinSimilarity,
    });
    const { identity: _i, tables, ...counts } = res.counts;
    run.counts = {
      reparse: req.source,
      payloads: res.payloads,
      failed: res.failed.length,
      ...counts,
      tables,
    };
    return res;
  });
  const { identity: _i, ...counts } = r.counts;
  return { kind: 'reparse' as const, source: req.source, payloads: r.payloads, failed: r.failed, ...counts };
}

/** `courtedge fetch schedule|boxscores|odds --date D`: the live sources (NBA CDN, The Odds API). */
/** Total time one request of an interactive `courtedge fetch` may take, retries included. */
export const INTERACTIVE_FETCH_TOTAL_MS = 20_000;

export function fetchSource(
  app: App,
  req: { what: LiveWhat; date: string; historicalAt?: string; interactive?: boolean },
) {
  // A person at a terminal hears about every retry and gets an answer in seconds (issue 20:
  // 65 s of silence without a network); schedules keep the full backoff ladder.
  const say = app.progress ?? ((l: string) => app.log.warn(l));
  return fetchRecorded(app.store, {
    what: req.what,
    date: req.date,
    config: app.config,
    configHash: app.configHash,
    log: app.log,
    historicalAt: req.historicalAt,
    httpDeps: req.interactive
      ? {
          totalTimeoutMs: INTERACTIVE_FETCH_TOTAL_MS,
          onRetry: (r) =>
            say(
              `${r.url}: ${r.what}; retry ${r.attempt}/${r.maxRetries} in ${(r.waitMs / 1000).toFixed(1)} s (gives up after ${INTERACTIVE_FETCH_TOTAL_MS / 1000} s in all)`,
            ),
        }
      : undefined,
  });
}

export interface AliasArg {
  source: string;
  raw_name: string;
  player_id: number;
  note: string | null;
}

/** Writes operator aliases (an existing alias of the same source and name is replaced). */
async function putAliases(tx: Queryable, rows: AliasArg[]): Promise<void> {
  const seen = new Map<string, AliasArg>();
  for (const r of rows) seen.set(`${r.source}\u0000${r.raw_name}`, r);
  const now = new Date().toISOString();
  await tx.insertMany(
    'player_aliases',
    ['source', 'raw_name', 'player_id', 'created_at', 'created_by', 'note'],
    [...seen.values()].map((r) => [r.source, r.raw_name, r.player_id, now, 'cli', r.note]),
    {
      onConflict:
        'ON CONFLICT (source, raw_name) DO UPDATE SET player_id = excluded.player_id, created_at = excluded.created_at, created_by = excluded.created_by, note = excluded.note',
    },
  );
}

/** `courtedge aliases add|import`: write aliases and re-resolve the open rejects they match (one `aliases` run). */
export async function addAliases(app: App, rows: AliasArg[]) {
  const { store } = app;
  await seedIdentity(store);
  const ids = [...new Set(rows.map((r) => r.player_id))];
  const known = new Set(
    (
      await store.query<{ player_id: number }>(
        `SELECT player_id FROM players WHERE player_id IN (${ids.map((id) => Number(id)).join(', ')})`,
      )
    ).map((r) => Number(r.player_id)),
  );
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    app.log.warn(
      { player_ids: unknown },
      'no box score has this player yet; the alias resolves once he appears',
    );
  const result = await withRun(store, { phase: 'aliases', configHash: app.configHash }, async (run) => {
    const retry = await store.transaction(async (tx) => {
      await putAliases(tx, rows);
      return retryRejects(tx, {
        sinceDays: 36_500,
        names: rows.map((r) => r.raw_name),
        candidateMinSimilarity: app.config.identity.candidateMinSimilarity,
        run_id: run.runId,
      });
    });
    run.counts = { aliases: rows.length, ...retry };
    return retry;
  });
  return { aliases: rows.length, unknown_players: unknown, ...result };
}

/** Reads an alias CSV (source,raw_name,player_id[,note]); a bad line is a UsageError naming it. */
export function readAliasCsv(path: string): AliasArg[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path}`, 1);
  }
  const file = parseCsv(text);
  const [s, n, p] = file.header;
  if (s !== 'source' || n !== 'raw_name' || p !== 'player_id')
    throw new UsageError(`${path}: header must start with source,raw_name,player_id`);
  const rows: AliasArg[] = [];
  for (const r of file.rows) {
    const id = Number(r.fields[2]);
    if (!r.fields[1]?.trim() || !Number.isSafeInteger(id) || id <= 0)
      throw new UsageError(`${path} line ${r.line}: needs a raw_name and a numeric player_id`);
    rows.push({
      source: r.fields[0].trim() || '*',
      raw_name: r.fields[1].trim(),
      player_id: id,
      note: r.fields[3]?.trim() || null,
    });
  }
  if (!rows.length) throw new UsageError(`${path}: no aliases`);
  return rows;
}

/** `courtedge aliases list`. */
export async function listAliases(app: App, q: { source?: string }) {
  await seedIdentity(app.store);
  return app.store.query<{
    source: string;
    raw_name: string;
    player_id: number;
    name: string | null;
    created_by: string;
    note: string | null;
  }>(
    `SELECT a.source, a.raw_name, a.player_id, p.name, a.created_by, a.note
     FROM player_aliases a LEFT JOIN players p ON p.player_id = a.player_id
     WHERE ($1::TEXT IS NULL OR a.source = $1) ORDER BY a.source, a.raw_name`,
    [q.source ?? null],
  );
}
