import { addDays, etDate } from '../../domain/dates.ts';
import { playerLookup } from '../../domain/names.ts';
import type { Queryable, Store } from '../../store/store.ts';
import { json, parseJson } from '../../store/store.ts';
import { IdentityIndex, loadIdentity, writeAliases } from '../identity.ts';
import type { Reason } from '../reasons.ts';
import { archivePayload, type CallRecord, type PayloadRecord, recordCall } from './archive.ts';
import { writeBoxScores, writeTeamBoxScores } from './box.ts';
import { type GameIndex, loadGameIndex, writeGames } from './games.ts';
import { writeInjuries } from './injuries.ts';
import { writeGameLines, writePropLines } from './lines.ts';
import { lit, selectIn } from './sql.ts';
import type {
  IngestCounts,
  InjuryInput,
  MappedPayload,
  PropInput,
  RejectInput,
  TableCounts,
} from './types.ts';
import { emptyCounts } from './types.ts';

export interface IngestContext {
  /** Row source: 'files:odds-snapshots', 'nba_cdn', 'odds_api', 'sim:odds_api', … */
  source: string;
  payload_sha256: string | null;
  run_id?: string | null;
  /** identity.candidateMinSimilarity (0.9). */
  candidateMinSimilarity?: number;
  /** lines.maxOverround (price sanity at ingestion); DEFAULT_MAX_OVERROUND when absent. */
  maxOverround?: number;
  now?: Date;
  /**
   * A name index to reuse across payloads (e.g. the 20 odds files of one import, loaded after
   * the box scores). Only valid while no box scores are written in between.
   */
  identity?: IdentityIndex;
  /** When set, every reject of the payload is also pushed here (re-resolution uses it). */
  collectRejects?: RejectInput[];
}

/**
 * Writes one mapped payload (call it inside the payload's transaction): games and tips →
 * team box scores → box scores and players → prop lines → game lines → injuries → aliases
 * found by the suffix rule → rejects. Returns the counts of the payload's rows:
 * read = inserted + updated + unchanged + rejected + skipped (a mismatch is logged in
 * warnings.count_mismatch, never thrown).
 */
export async function ingestMapped(
  q: Queryable,
  ctx: IngestContext,
  m: MappedPayload,
): Promise<IngestCounts> {
  const counts = emptyCounts();
  const tables: Record<string, TableCounts> = {};
  const warnings: Record<string, number> = { ...(m.warnings ?? {}) };
  const rejects: RejectInput[] = [...(m.rejects ?? [])];
  const primaryRejects: RejectInput[] = [...(m.rejects ?? [])];
  const take = (name: string, res: { counts: TableCounts; rejects: RejectInput[] }) => {
    tables[name] = res.counts;
    rejects.push(...res.rejects);
    if (m.primary.includes(name as any)) primaryRejects.push(...res.rejects);
  };

  if (m.games?.length) {
    const g = await writeGames(q, m.games, [], ctx.source, ctx.now);
    take('games', g);
    if (g.postponements.length) warnings.postponements = g.postponements.length;
  }
  // The game index loaded for the tips serves the rows too when it covers their dates.
  let tipIndex: { idx: GameIndex; dates: Set<string> } | null = null;
  if (m.tips?.length) {
    // Tips named by (date, teams) are matched like their rows (swapped pair too).
    const refs = m.tips.filter((t) => !t.game_id && t.game_ref);
    const tipDates = new Set(refs.map((t) => t.game_ref?.game_date ?? ''));
    const idx = refs.length ? await loadGameIndex(q, tipDates) : null;
    if (idx) tipIndex = { idx, dates: tipDates };
    const tips = m.tips
      .map((t) => (t.game_id || !t.game_ref ? t : { ...t, game_id: idx?.find(t.game_ref)?.game_id ?? null }))
      .filter((t) => t.game_id);
    const g = await writeGames(q, [], tips, ctx.source, ctx.now);
    if (g.tips_filled) warnings.start_utc_filled = g.tips_filled;
  }
  if (m.teamBoxScores?.length || m.boxScores?.length) {
    const ids = new Set([...(m.teamBoxScores ?? []), ...(m.boxScores ?? [])].map((r) => r.game_id));
    const known = new Set(
      (await selectIn<{ game_id: string }>(q, 'SELECT game_id FROM games WHERE {IN}', 'game_id', ids)).map(
        (r) => r.game_id,
      ),
    );
    if (m.teamBoxScores?.length)
      take('teamBoxScores', await writeTeamBoxScores(q, m.teamBoxScores, ctx.source, known));
    if (m.boxScores?.length) {
      const b = await writeBoxScores(q, m.boxScores, ctx.source, known);
      take('boxScores', b);
      tables.players = b.players;
    }
  }
  const needsGames = m.propLines?.length || m.gameLines?.length || m.injuries?.length;
  if (needsGames) {
    const dates = new Set<string>();
    const ids = new Set<string>();
    for (const r of [...(m.propLines ?? []), ...(m.gameLines ?? [])]) {
      if (r.game_ref) dates.add(r.game_ref.game_date);
      if (r.game_id) ids.add(r.game_id);
    }
    for (const r of m.injuries ?? []) {
      if (r.game_id) ids.add(r.game_id);
      else if (r.game_date) dates.add(r.game_date);
      else {
        const t = Date.parse(r.report_time);
        if (!Number.isNaN(t)) {
          const d = etDate(new Date(t));
          for (let i = 0; i <= 3; i++) dates.add(addDays(d, i));
        }
      }
    }
    const covered = tipIndex && !ids.size && [...dates].every((d) => tipIndex?.dates.has(d));
    const games = covered && tipIndex ? tipIndex.idx : await loadGameIndex(q, dates, ids);
    const needsNames = [...(m.propLines ?? []), ...(m.injuries ?? [])].some((r) => r.player_id == null);
    // Rows that carry a player id need no name index; an empty one skips three queries.
    const identity =
      ctx.identity ??
      (needsNames ? await loadIdentity(q, ctx.candidateMinSimilarity) : new IdentityIndex([], []));
    const base = {
      source: ctx.source,
      payload_sha256: ctx.payload_sha256,
      games,
      identity,
      warnings,
      maxOverround: ctx.maxOverround,
    };
    if (m.propLines?.length)
      take('propLines', await writePropLines(q, m.propLines, { ...base, stats: counts.identity }));
    if (m.gameLines?.length) take('gameLines', await writeGameLines(q, m.gameLines, base));
    if (m.injuries?.length) take('injuries', await writeInjuries(q, m.injuries, base));
    if (identity.newAliases.length) {
      warnings.aliases_added = await writeAliases(q, identity.newAliases.splice(0), ctx.now);
    }
  }
  await writeRejects(q, ctx, rejects);
  ctx.collectRejects?.push(...rejects);

  counts.read = m.read;
  counts.skipped = m.skipped;
  counts.rejected = (m.rejects ?? []).length;
  for (const name of m.primary) {
    const t = tables[name];
    if (!t) continue;
    counts.inserted += t.inserted;
    counts.updated += t.updated;
    counts.unchanged += t.unchanged;
    counts.rejected += t.rejected;
    counts.skipped += t.skipped;
  }
  for (const r of primaryRejects)
    counts.rejected_by_reason[r.reason] = (counts.rejected_by_reason[r.reason] ?? 0) + 1;
  const sum = counts.inserted + counts.updated + counts.unchanged + counts.rejected + counts.skipped;
  if (sum !== counts.read) warnings.count_mismatch = counts.read - sum;
  counts.warnings = warnings;
  counts.tables = Object.fromEntries(Object.entries(tables).map(([k, v]) => [TABLE_NAMES[k] ?? k, v]));
  return counts;
}

const TABLE_NAMES: Record<string, string> = {
  games: 'games',
  teamBoxScores: 'team_box_scores',
  boxScores: 'box_scores',
  propLines: 'prop_lines',
  gameLines: 'game_lines',
  injuries: 'injury_reports',
  players: 'players',
};

/** Stores rejects (deduped on (source, payload, row_ref, reason); a re-import adds none). */
export async function writeRejects(
  q: Queryable,
  ctx: IngestContext,
  rejects: RejectInput[],
): Promise<number> {
  if (!rejects.length) return 0;
  const shaOf = (r: RejectInput) => r.payload_sha256 ?? ctx.payload_sha256 ?? 'none';
  // Keys already stored for these payloads are left alone (a re-import adds none); the rest is
  // a plain bulk insert, cheaper than DuckDB's conflict handling.
  const shas = [...new Set(rejects.map(shaOf))];
  const stored = new Set(
    (
      await selectIn<{ payload_sha256: string; row_ref: string; reason: string }>(
        q,
        'SELECT payload_sha256, row_ref, reason FROM rejected_rows WHERE source = $1 AND {IN}',
        'payload_sha256',
        shas,
        [ctx.source],
      )
    ).map((r) => `${r.payload_sha256}|${r.row_ref}|${r.reason}`),
  );
  const fresh = new Map<string, RejectInput>();
  for (const r of rejects) {
    const k = `${shaOf(r)}|${r.row_ref}|${r.reason}`;
    if (!stored.has(k)) fresh.set(k, r);
  }
  if (!fresh.size) return 0;
  const now = (ctx.now ?? new Date()).toISOString();
  return q.insertMany(
    'rejected_rows',
    ['source', 'payload_sha256', 'row_ref', 'reason', 'detail', 'row_data', 'run_id', 'created_at'],
    [...fresh.values()].map((r) => [
      ctx.source,
      shaOf(r),
      r.row_ref,
      r.reason,
      r.detail,
      json(r.row_data ?? null),
      ctx.run_id ?? null,
      now,
    ]),
  );
}

export interface PayloadIngest {
  payload: PayloadRecord;
  /** The call that fetched it (url, status, quota…); a file read when absent. */
  call?: Omit<CallRecord, 'source' | 'key' | 'payload_sha256' | 'started_at'> & { started_at?: string };
  run_id?: string | null;
  candidateMinSimilarity?: number;
  /** lines.maxOverround (see IngestContext). */
  maxOverround?: number;
  /** Maps the body (schema check inside; a throw archives the body as invalid). */
  map: (body: string, q: Queryable, sha256: string) => Promise<MappedPayload> | MappedPayload;
  /** A name index shared across payloads (see IngestContext.identity). */
  identity?: IdentityIndex;
  /** Row source written into the data tables (default payload.source). */
  rowSource?: string;
  dryRun?: boolean;
}

export interface PayloadResult {
  sha256: string;
  seen_before: boolean;
  changed_from: string[];
  counts: IngestCounts;
  /** Set when the body failed its schema (archived with status invalid, no rows). */
  invalid?: string;
}

/**
 * The whole flow for one payload or file in one transaction (spec 01 §1): archive the body
 * and the call → map → write rows, rejects and counts. Used by the file importers, the live
 * fetchers and the simulator alike.
 */
export async function ingestPayload(store: Store, p: PayloadIngest): Promise<PayloadResult> {
  const started = new Date();
  return store.transaction(async (tx) => {
    const archived = p.dryRun
      ? {
          sha256: (await import('./archive.ts')).sha256(p.payload.body),
          seen_before: false,
          changed_from: [],
        }
      : await archivePayload(tx, p.payload);
    const record = async (error: string | null) => {
      if (p.dryRun) return;
      await recordCall(tx, {
        ...(p.call ?? {}),
        source: p.payload.source,
        key: p.payload.key,
        started_at: p.call?.started_at ?? started.toISOString(),
        duration_ms: p.call?.duration_ms ?? Date.now() - started.getTime(),
        payload_sha256: archived.sha256,
        run_id: p.run_id ?? p.call?.run_id ?? null,
        error: error ?? p.call?.error ?? null,
      });
    };
    let mapped: MappedPayload;
    try {
      mapped = await p.map(p.payload.body, tx, archived.sha256);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (!p.dryRun) {
        await tx.run("UPDATE raw_payloads SET status = 'invalid', error = $2 WHERE sha256 = $1", [
          archived.sha256,
          msg,
        ]);
      }
      await record(msg);
      return { ...archived, counts: emptyCounts(), invalid: msg };
    }
    await record(null);
    if (archived.seen_before && !p.dryRun) {
      // A body refused before (e.g. an odds file without a capture time) maps now.
      await tx.run(
        "UPDATE raw_payloads SET status = 'ok', error = NULL WHERE sha256 = $1 AND status = 'invalid'",
        [archived.sha256],
      );
    }
    if (p.dryRun) {
      const counts = emptyCounts();
      counts.read = mapped.read;
      counts.skipped = mapped.skipped;
      counts.rejected = mapped.rejects?.length ?? 0;
      for (const r of mapped.rejects ?? [])
        counts.rejected_by_reason[r.reason] = (counts.rejected_by_reason[r.reason] ?? 0) + 1;
      // Rows that passed parsing and would go to the writers (identity, games and sanity are
      // checked only by a real import).
      counts.warnings = {
        ...(mapped.warnings ?? {}),
        dry_run_valid: counts.read - counts.skipped - counts.rejected,
      };
      return { ...archived, counts };
    }
    const counts = await ingestMapped(
      tx,
      {
        source: p.rowSource ?? p.payload.source,
        payload_sha256: archived.sha256,
        run_id: p.run_id,
        candidateMinSimilarity: p.candidateMinSimilarity,
        maxOverround: p.maxOverround,
        identity: p.identity,
      },
      mapped,
    );
    return { ...archived, counts };
  });
}

export interface RetryResult {
  /** Open rejects examined (those still unknown in memory are not rewritten). */
  retried: number;
  resolved: number;
  inserted: number;
}

/**
 * Retries open UNKNOWN_PLAYER / AMBIGUOUS_PLAYER / UNKNOWN_GAME rejects of prop lines, game
 * lines and injuries created in the last `sinceDays` days (or only those of some names), from
 * the mapped row kept in rejected_rows.row_data: a rookie's lines resolve once his first box
 * score lands, a new alias resolves its name. Resolved rejects get resolved_at.
 */
export async function retryRejects(
  q: Queryable,
  opts: {
    sinceDays: number;
    /** Only rejects created before this instant (an import skips the ones it just wrote). */
    before?: Date;
    names?: string[];
    now?: Date;
    candidateMinSimilarity?: number;
    run_id?: string | null;
    /** A name index already loaded (else loaded here, after any alias the caller just wrote). */
    identity?: IdentityIndex;
  },
): Promise<RetryResult> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - opts.sinceDays * 86_400_000).toISOString();
  const open = await q.query<{
    source: string;
    payload_sha256: string;
    row_ref: string;
    reason: Reason;
    row_data: unknown;
  }>(
    `SELECT source, payload_sha256, row_ref, reason, row_data FROM rejected_rows
     WHERE resolved_at IS NULL AND reason IN ('UNKNOWN_PLAYER', 'AMBIGUOUS_PLAYER', 'UNKNOWN_GAME')
       AND created_at >= $1::TIMESTAMPTZ AND created_at < $2::TIMESTAMPTZ`,
    [since, (opts.before ?? new Date(now.getTime() + 1)).toISOString()],
  );
  const wanted = opts.names ? new Set(opts.names.map(playerLookup)) : null;
  const out: RetryResult = { retried: 0, resolved: 0, inserted: 0 };
  if (!open.length) return out;
  const identity = opts.identity ?? (await loadIdentity(q, opts.candidateMinSimilarity));
  // A name that still resolves to nobody in its game is skipped in memory: a re-import retries
  // thousands of open rejects and only the few whose player has appeared go back to the writers.
  const stillUnknown = (source: string, kind: string, row: any): boolean => {
    const raw = row.raw_name;
    if (!raw) return false;
    let date: string | null = null;
    let teams: string[] | null = null;
    if (kind === 'prop' && row.game_ref) {
      date = row.game_ref.game_date;
      teams = [row.game_ref.home, row.game_ref.away];
    } else if (kind === 'injury' && row.team) {
      const t = Date.parse(row.report_time);
      date = row.game_date ?? (Number.isNaN(t) ? null : etDate(new Date(t)));
      teams = [row.team];
    }
    if (!date || !teams) return false;
    return identity.resolve(raw, { source, date, teams }).player_id === null;
  };
  const groups = new Map<
    string,
    {
      source: string;
      sha: string;
      props: PropInput[];
      injuries: InjuryInput[];
      refs: Array<{ row_ref: string; reason: Reason }>;
    }
  >();
  for (const r of open) {
    const data = parseJson<any>(r.row_data);
    if (!data || (data.kind !== 'prop' && data.kind !== 'injury')) continue;
    if (wanted && !wanted.has(playerLookup(data.raw_name ?? ''))) continue;
    out.retried++;
    if (r.reason !== 'UNKNOWN_GAME' && stillUnknown(r.source, data.kind, data)) continue;
    const k = `${r.source}|${r.payload_sha256}`;
    let g = groups.get(k);
    if (!g) {
      g = { source: r.source, sha: r.payload_sha256, props: [], injuries: [], refs: [] };
      groups.set(k, g);
    }
    const { kind, ...row } = data;
    if (kind === 'prop') g.props.push(row);
    else g.injuries.push(row);
    g.refs.push({ row_ref: r.row_ref, reason: r.reason });
  }
  for (const g of groups.values()) {
    const m: MappedPayload = {
      read: g.props.length + g.injuries.length,
      skipped: 0,
      primary: ['propLines', 'injuries'],
      propLines: g.props,
      injuries: g.injuries,
    };
    const again: RejectInput[] = [];
    const c = await ingestMapped(
      q,
      {
        source: g.source,
        payload_sha256: g.sha,
        run_id: opts.run_id,
        candidateMinSimilarity: opts.candidateMinSimilarity,
        now,
        collectRejects: again,
        identity,
      },
      m,
    );
    out.inserted += c.inserted;
    const still = new Set(again.map((r) => `${r.row_ref}|${r.reason}`));
    const byReason = new Map<string, string[]>();
    for (const r of g.refs) {
      if (still.has(`${r.row_ref}|${r.reason}`)) continue;
      out.resolved++;
      if (!byReason.has(r.reason)) byReason.set(r.reason, []);
      byReason.get(r.reason)?.push(r.row_ref);
    }
    for (const [reason, refs] of byReason) {
      for (let i = 0; i < refs.length; i += 2000) {
        const chunk = refs.slice(i, i + 2000);
        await q.run(
          `UPDATE rejected_rows SET resolved_at = $1::TIMESTAMPTZ
           WHERE source = $2 AND payload_sha256 = $3 AND reason = $4 AND row_ref IN (${chunk.map(lit).join(', ')})`,
          [now.toISOString(), g.source, g.sha, reason],
        );
      }
    }
  }
  return out;
}
