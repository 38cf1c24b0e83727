import { createHash } from 'node:crypto';
import { addDays, etWallTimeToUtc } from '../../domain/dates.ts';
import { mapInjuries } from '../files/injuries.ts';
import type { AliasRow } from '../identity.ts';
import { type CallRecord, type PayloadRecord, sha256 } from '../ingest/archive.ts';
import type { MappedPayload } from '../ingest/types.ts';
import { boxScoreUrl, mapBoxScore, parseBoxScore } from '../nba-cdn/boxscore.ts';
import { mapSchedule, parseSchedule, SCHEDULE_URL } from '../nba-cdn/schedule.ts';
import { eventOddsPath, mapEventOdds, parseEventOdds } from '../odds-api/event-odds.ts';
import { eventRefs, eventsPath, mapEvents, parseEvents } from '../odds-api/events.ts';
import { type LeagueOptions, type SimLeague, simulateLeague } from './league-sim.ts';
import { SIM_INJURIES_URL, SimTransport } from './transport.ts';

/**
 * The simulator's fetcher (spec 01 §10): simulates the league, then plays a daily fetcher
 * against the SimTransport — the schedule (season start, Mondays, and every morning after a
 * sign of a postponement), box scores the morning after, the day's events, odds snapshots at
 * 14:00Z, 17:00Z, 30 minutes before tip and an hour into the game, injury reports at midday
 * and before tips — parses and maps every payload, and hands batches of `batchDays` days to
 * `onBatch` (the writer). Pure of the store, so it can run in a worker thread.
 */

export const ODDS_BASE = 'https://api.the-odds-api.com';
const ODDS_QUERY = {
  regions: 'us',
  markets: 'player_points,spreads,totals',
  oddsFormat: 'american',
  bookmakers: 'draftkings,fanduel,betmgm,williamhill_us,betrivers,bovada,fanatics,betonlineag',
};

export type Kind = 'schedule' | 'box' | 'events' | 'odds' | 'injuries';
export const SOURCE: Record<Kind, string> = {
  schedule: 'sim:nba_cdn',
  box: 'sim:nba_cdn',
  events: 'sim:odds_api',
  odds: 'sim:odds_api',
  injuries: 'sim:injuries',
};
/** Write order inside a batch: games first, then what refers to them. */
export const ORDER: Kind[] = ['schedule', 'box', 'events', 'odds', 'injuries'];

export interface FetchOptions extends LeagueOptions {
  to?: string | null;
  batchDays?: number;
  runId?: string | null;
}

/** One batch for the writer: bodies, calls, mapped payloads, aliases (first batch). */
export interface SimBatch {
  /** Distinct bodies of the batch, for `archivePayloads` (sha256 computed here). */
  payloads: PayloadRecord[];
  /** Every call of the batch, for `recordCalls`. */
  calls: CallRecord[];
  /** The batch's mapped payloads merged per kind (row refs prefixed by their payload's key). */
  mapped: Partial<Record<Kind, MappedPayload>>;
  aliases: AliasRow[];
}

export interface FetchResult {
  digest: string;
  payloads: number;
  first_date: string;
  last_date: string;
  clock_date: string;
  league_ms: number;
}

interface Pending {
  /** Mapped payloads with a short key (their sha256 prefix) that keeps row refs apart. */
  mapped: Record<Kind, Array<{ key: string; sha: string; m: MappedPayload }>>;
  payloads: Map<string, PayloadRecord>;
  calls: CallRecord[];
}

function emptyPending(): Pending {
  return {
    mapped: { schedule: [], box: [], events: [], odds: [], injuries: [] },
    payloads: new Map(),
    calls: [],
  };
}

/**
 * The aliases an operator would have added for the books' nicknames: all but one (the
 * `unaliasedPlayer`), so the demo shows an UNKNOWN_PLAYER with its suggested candidate.
 */
export function operatorAliases(league: SimLeague): AliasRow[] {
  const nicknamed = [...league.players.values()].filter((p) => p.nickname).sort((a, b) => a.id - b.id);
  return nicknamed.slice(1).map((p) => ({
    source: 'odds_api',
    raw_name: p.oddsName!,
    player_id: p.id,
    created_by: 'cli',
    note: 'simulated operator alias',
  }));
}

/** The nickname left without an alias (its lines are UNKNOWN_PLAYER rejects), if any. */
export function unaliasedPlayer(league: SimLeague): number | null {
  const nicknamed = [...league.players.values()].filter((p) => p.nickname).sort((a, b) => a.id - b.id);
  return nicknamed[0]?.id ?? null;
}

/** The row kinds that record their payload (per-row `payload_sha256`, spec 01 §2 lineage). */
const LINEAGE = new Set(['propLines', 'gameLines', 'injuries', 'rejects']);

/**
 * Concatenates mapped payloads; row refs get the payload key so they stay unique, and rows with
 * lineage get their payload's sha256 (the merged call has no single payload).
 */
export function merge(list: Array<{ key: string; sha?: string; m: MappedPayload }>): MappedPayload {
  const out: MappedPayload = { read: 0, skipped: 0, primary: [], warnings: {} };
  const tipSeen = new Set<string>();
  for (const { key, sha, m } of list) {
    out.read += m.read;
    out.skipped += m.skipped;
    for (const p of m.primary) if (!out.primary.includes(p)) out.primary.push(p);
    for (const f of [
      'games',
      'teamBoxScores',
      'boxScores',
      'propLines',
      'gameLines',
      'injuries',
      'rejects',
    ] as const) {
      const rows = m[f] as Array<{ row_ref: string; payload_sha256?: string | null }> | undefined;
      if (!rows?.length) continue;
      if (!out[f]) out[f] = [];
      const into = out[f] as Array<{ row_ref: string }>;
      const lineage = sha && LINEAGE.has(f);
      for (const r of rows) {
        r.row_ref = `${key}:${r.row_ref}`;
        if (lineage) r.payload_sha256 ??= sha;
        into.push(r);
      }
    }
    for (const t of m.tips ?? []) {
      const k = t.game_id ?? `${t.game_ref?.game_date}|${t.game_ref?.home}|${t.game_ref?.away}`;
      if (tipSeen.has(k)) continue;
      tipSeen.add(k);
      if (!out.tips) out.tips = [];
      out.tips.push(t);
    }
    for (const [k, v] of Object.entries(m.warnings ?? {})) out.warnings![k] = (out.warnings![k] ?? 0) + v;
  }
  return out;
}

export async function fetchLeague(
  opts: FetchOptions,
  onBatch: (b: SimBatch) => Promise<void>,
): Promise<FetchResult> {
  const t0 = Date.now();
  const league = simulateLeague(opts);
  const leagueMs = Date.now() - t0;
  let aliases: AliasRow[] = operatorAliases(league);
  const transport = new SimTransport(league);
  const digest = createHash('sha256');
  const firstDate = league.seasons[0].days[0];
  const lastSeason = league.seasons[league.seasons.length - 1];
  const lastDate = lastSeason.lastDate;
  const clockDate = opts.to && opts.to < lastDate ? opts.to : lastDate;
  const cutoff =
    opts.to && opts.to <= lastDate ? `${opts.to}T17:00:00.000Z` : `${addDays(lastDate, 1)}T12:00:00.000Z`;
  const batchDays = opts.batchDays ?? 14;
  let pending = emptyPending();
  let payloadCount = 0;

  // Bodies already mapped in this run: a repeat (the same injury report polled again) is
  // archived as a call but not mapped twice.
  const seenBodies = new Set<string>();
  const fetch = (
    kind: Kind,
    key: string,
    url: string,
    at: string,
  ): { status: number; body: string; sha: string; repeat: boolean } => {
    transport.now = at;
    const res = transport.answer(url);
    const sha = sha256(res.body);
    const repeat = seenBodies.has(sha);
    seenBodies.add(sha);
    digest.update(`${kind}|${key}|${at}|${res.status}|`);
    digest.update(res.body);
    if (!pending.payloads.has(sha)) {
      pending.payloads.set(sha, {
        sha256: sha,
        source: SOURCE[kind],
        key,
        fetched_at: at,
        content_type: res.headers['content-type'] ?? null,
        body: res.body,
        status: res.status === 200 ? 'ok' : `http_${res.status}`,
        error: null,
      });
    }
    pending.calls.push({
      run_id: opts.runId ?? null,
      source: SOURCE[kind],
      key,
      url,
      started_at: at,
      duration_ms: 0,
      attempt: 1,
      http_status: res.status,
      payload_sha256: sha,
      quota_remaining: res.headers['x-requests-remaining']
        ? Number(res.headers['x-requests-remaining'])
        : null,
      quota_used: res.headers['x-requests-used'] ? Number(res.headers['x-requests-used']) : null,
      quota_last: res.headers['x-requests-last'] ? Number(res.headers['x-requests-last']) : null,
      error: res.status === 200 ? null : `HTTP ${res.status}`,
    });
    payloadCount++;
    return { status: res.status, body: res.body, sha, repeat };
  };

  const invalid = (sha: string, error: string) => {
    const p = pending.payloads.get(sha);
    if (p) {
      p.status = 'invalid';
      p.error = error;
    }
  };

  const flush = async () => {
    if (!pending.calls.length) return;
    const p = pending;
    pending = emptyPending();
    const mapped: SimBatch['mapped'] = {};
    for (const kind of ORDER) if (p.mapped[kind].length) mapped[kind] = merge(p.mapped[kind]);
    const batch: SimBatch = { payloads: [...p.payloads.values()], calls: p.calls, mapped, aliases };
    aliases = [];
    await onBatch(batch);
  };

  // What the fetcher knows about games (from the schedule it read): id → date, tip, teams.
  const known = new Map<string, { date: string; tip: string; home: string; away: string; status: number }>();
  const unsettled = new Set<string>();
  const readSchedule = (at: string) => {
    const r = fetch('schedule', 'scheduleLeagueV2', SCHEDULE_URL, at);
    const parsed = parseSchedule(r.body);
    if (!parsed.ok) return invalid(r.sha, parsed.error);
    const m = mapSchedule(parsed.value);
    pending.mapped.schedule.push({ key: r.sha.slice(0, 12), sha: r.sha, m });
    for (const g of m.games ?? []) {
      const prev = known.get(g.game_id);
      // A final without a score is a postponement in the making: not final for the fetcher,
      // and the schedule is re-read every morning until the game shows up on its new date.
      const settled = g.status === 3 && g.home_score != null;
      if (g.status === 3 && !settled) unsettled.add(g.game_id);
      else unsettled.delete(g.game_id);
      const status = prev?.status === 3 ? 3 : settled ? 3 : g.status === 3 ? 1 : g.status;
      known.set(g.game_id, { date: g.game_date, tip: g.start_utc ?? '', home: g.home, away: g.away, status });
    }
  };

  for (const season of league.seasons) {
    const scheduleAt = `${addDays(season.opener, -1)}T12:00:00.000Z`;
    if (scheduleAt > cutoff) break;
    readSchedule(scheduleAt);
    let recheck = false;
    let daysInBatch = 0;
    const end = addDays(season.lastDate, 1);
    for (let d = season.opener; d <= end; d = addDays(d, 1)) {
      if (`${d}T10:00:00.000Z` > cutoff) break;
      // Morning: yesterday's box scores; a game that is not final yet means the schedule moved.
      const yesterday = addDays(d, -1);
      for (const [id, g] of known) {
        if (g.date !== yesterday || g.status === 3) continue;
        const r = fetch('box', id, boxScoreUrl(id), `${d}T10:00:00.000Z`);
        if (r.status !== 200) {
          recheck = true;
          continue;
        }
        const parsed = parseBoxScore(r.body);
        if (!parsed.ok) {
          invalid(r.sha, parsed.error);
          continue;
        }
        const m = mapBoxScore(parsed.value);
        pending.mapped.box.push({ key: r.sha.slice(0, 12), sha: r.sha, m });
        if (parsed.value.game.gameStatus === 3) g.status = 3;
        else recheck = true;
      }
      const dow = new Date(`${d}T12:00:00Z`).getUTCDay();
      if (recheck || unsettled.size || dow === 1) {
        // What was fetched before this schedule is written first: a schedule that moves a
        // game must not overtake the odds already taken for its original date.
        await flush();
        daysInBatch = 0;
        readSchedule(`${d}T10:05:00.000Z`);
        recheck = false;
      }
      const todays = [...known.entries()].filter(([, g]) => g.date === d && g.status !== 3);
      if (todays.length) {
        // The day's events (ET day window), then the snapshots.
        const from = etWallTimeToUtc(d, '00:00').toISOString();
        const to = etWallTimeToUtc(addDays(d, 1), '00:00').toISOString();
        const evAt = `${d}T14:00:00.000Z`;
        const calls: Array<{ at: string; kind: 'odds' | 'injuries'; event?: string; tip?: string }> = [];
        if (evAt <= cutoff) {
          const r = fetch('events', `events:${d}`, `${ODDS_BASE}${eventsPath(from, to)}`, evAt);
          const parsed = parseEvents(r.body);
          if (parsed.ok) {
            pending.mapped.events.push({ key: r.sha.slice(0, 12), sha: r.sha, m: mapEvents(parsed.value) });
            for (const e of eventRefs(parsed.value)) {
              const tip = e.commence_time;
              for (const at of [`${d}T14:00:00.000Z`, `${d}T17:00:00.000Z`]) {
                if (Date.parse(at) < Date.parse(tip) - 30 * 60_000)
                  calls.push({ at, kind: 'odds', event: e.event_id, tip });
              }
              calls.push({
                at: new Date(Date.parse(tip) - 30 * 60_000).toISOString(),
                kind: 'odds',
                event: e.event_id,
                tip,
              });
              calls.push({
                at: new Date(Date.parse(tip) + 60 * 60_000).toISOString(),
                kind: 'odds',
                event: e.event_id,
                tip,
              });
              calls.push({ at: new Date(Date.parse(tip) - 75 * 60_000).toISOString(), kind: 'injuries' });
            }
          } else invalid(r.sha, parsed.error);
        }
        calls.push({ at: `${d}T16:30:00.000Z`, kind: 'injuries' });
        const seenInj = new Set<string>();
        calls.sort((a, b) =>
          a.at < b.at ? -1 : a.at > b.at ? 1 : (a.event ?? '') < (b.event ?? '') ? -1 : 1,
        );
        for (const c of calls) {
          if (c.at > cutoff) continue;
          if (c.kind === 'injuries') {
            if (seenInj.has(c.at)) continue;
            seenInj.add(c.at);
            const r = fetch('injuries', `injuries:${c.at}`, SIM_INJURIES_URL, c.at);
            if (r.repeat) continue;
            try {
              pending.mapped.injuries.push({ key: r.sha.slice(0, 12), sha: r.sha, m: mapInjuries(r.body) });
            } catch (e) {
              invalid(r.sha, (e as Error).message);
            }
            continue;
          }
          const r = fetch(
            'odds',
            `${c.event}@${c.at}`,
            `${ODDS_BASE}${eventOddsPath(c.event!, ODDS_QUERY)}`,
            c.at,
          );
          if (r.status === 404) {
            recheck = true;
            continue;
          }
          if (r.status !== 200) continue;
          const parsed = parseEventOdds(r.body);
          if (!parsed.ok) {
            invalid(r.sha, parsed.error);
            continue;
          }
          if (!parsed.value.bookmakers.length) continue;
          pending.mapped.odds.push({
            key: r.sha.slice(0, 12),
            sha: r.sha,
            m: mapEventOdds(parsed.value, { captured_at: c.at }),
          });
        }
      }
      if (++daysInBatch >= batchDays) {
        await flush();
        daysInBatch = 0;
      }
    }
    await flush();
  }

  return {
    digest: digest.digest('hex'),
    payloads: payloadCount,
    first_date: firstDate,
    last_date: lastDate,
    clock_date: clockDate,
    league_ms: leagueMs,
  };
}
