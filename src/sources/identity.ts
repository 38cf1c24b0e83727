import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jaroWinkler, nameWords, playerLookup, suffixFreeLookup } from '../domain/names.ts';
import type { Queryable } from '../store/store.ts';
import { teamRows } from './teams.ts';

/**
 * Identity resolution of a player name without an id (odds, injuries), spec 01 §8:
 * (1) player_aliases for (source, name), then the source family, then '*';
 * (2) exact player_lookup (several players → the one on a team of the game, else AMBIGUOUS_PLAYER);
 * (3) suffix-free match accepted only for a unique player on a team of the game (writes an
 *     `auto:suffix` alias); (4) else UNKNOWN_PLAYER with candidates. Nicknames are never guessed.
 * The index is loaded once per payload in a few set-based queries and works in memory.
 */

export type ResolvedVia = 'alias' | 'lookup' | 'suffix';

export interface Candidate {
  player_id: number;
  name: string;
}

export type Resolution =
  | { player_id: number; via: ResolvedVia }
  | { player_id: null; reason: 'UNKNOWN_PLAYER' | 'AMBIGUOUS_PLAYER'; candidates: Candidate[] };

export interface ResolveContext {
  /** The row's source ('files:odds-snapshots', 'odds_api', 'sim:odds_api', …). */
  source: string;
  /** The row's US Eastern game date (team "as of" this date). */
  date: string;
  /** Tricodes of the game's teams (home, away), or the one team of an injury row. */
  teams: readonly string[];
}

export interface AliasRow {
  source: string;
  raw_name: string;
  player_id: number;
  created_by: string;
  note: string | null;
}

interface PlayerEntry {
  player_id: number;
  name: string;
  lookup: string;
  sfLookup: string;
  first3: string;
  last: string;
  team: string | null;
  /** Team changes (date ascending) from the box scores. */
  history: Array<{ date: string; team: string }>;
}

/**
 * Where an alias of one source also applies: 'files:odds-snapshots' and 'sim:odds_api' use the
 * aliases of 'odds_api'; 'files:injuries' those of 'injuries'.
 */
export function sourceFamily(source: string): string {
  if (source === 'files:odds-snapshots') return 'odds_api';
  if (source.startsWith('files:')) return source.slice(6);
  if (source.startsWith('sim:')) return source.slice(4);
  if (source === 'odds_api_hist') return 'odds_api';
  return source;
}

export class IdentityIndex {
  private byLookup = new Map<string, PlayerEntry[]>();
  private bySuffixFree = new Map<string, PlayerEntry[]>();
  private aliases = new Map<string, { player_id: number; suffix: boolean }>();
  private cache = new Map<string, Resolution>();
  /** auto:suffix aliases found while resolving; the writer stores them. */
  readonly newAliases: AliasRow[] = [];

  constructor(
    private players: PlayerEntry[],
    aliases: AliasRow[],
    private candidateMinSimilarity = 0.9,
  ) {
    for (const p of players) {
      push(this.byLookup, p.lookup, p);
      push(this.bySuffixFree, p.sfLookup, p);
    }
    for (const a of aliases) {
      this.aliases.set(aliasKey(a.source, a.raw_name), {
        player_id: a.player_id,
        suffix: a.created_by === 'auto:suffix',
      });
    }
  }

  get size(): number {
    return this.players.length;
  }

  /** The player's team as of a date: his last team change on or before it, else his first team. */
  teamAsOf(p: PlayerEntry, date: string): string | null {
    if (!p.history.length) return p.team;
    let team = p.history[0].team;
    for (const h of p.history) {
      if (h.date > date) break;
      team = h.team;
    }
    return team;
  }

  resolve(rawName: string, ctx: ResolveContext): Resolution {
    const key = `${ctx.source}|${ctx.date}|${ctx.teams.join(',')}|${rawName}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = this.resolveUncached(rawName, ctx);
    this.cache.set(key, out);
    return out;
  }

  private resolveUncached(rawName: string, ctx: ResolveContext): Resolution {
    for (const src of [ctx.source, sourceFamily(ctx.source), '*']) {
      // An alias the suffix rule wrote keeps counting as a suffix match (stable summaries).
      const a = this.aliases.get(aliasKey(src, rawName));
      if (a) return { player_id: a.player_id, via: a.suffix ? 'suffix' : 'alias' };
    }
    const onGame = (p: PlayerEntry) => {
      const t = this.teamAsOf(p, ctx.date);
      return t !== null && ctx.teams.includes(t);
    };
    const exact = this.byLookup.get(playerLookup(rawName)) ?? [];
    if (exact.length === 1) return { player_id: exact[0].player_id, via: 'lookup' };
    if (exact.length > 1) {
      const mine = exact.filter(onGame);
      if (mine.length === 1) return { player_id: mine[0].player_id, via: 'lookup' };
      return { player_id: null, reason: 'AMBIGUOUS_PLAYER', candidates: exact.map(cand) };
    }
    const sf = (this.bySuffixFree.get(suffixFreeLookup(rawName)) ?? []).filter(onGame);
    if (sf.length === 1) {
      const p = sf[0];
      this.aliases.set(aliasKey(ctx.source, rawName), { player_id: p.player_id, suffix: true });
      this.newAliases.push({
        source: ctx.source,
        raw_name: rawName.trim(),
        player_id: p.player_id,
        created_by: 'auto:suffix',
        note: `suffix-free match to ${p.name}`,
      });
      return { player_id: p.player_id, via: 'suffix' };
    }
    return { player_id: null, reason: 'UNKNOWN_PLAYER', candidates: this.candidates(rawName, ctx) };
  }

  /**
   * Suggestions for an unresolved name, only among players on a team of the game: same
   * suffix-free last word and the same first three letters of the first name, or (different
   * last word) Jaro-Winkler of the suffix-free lookups ≥ identity.candidateMinSimilarity.
   * So "Keaton Wallace" is never offered Cason Wallace, while "Tre Johnson" may see Tre Jones.
   */
  candidates(rawName: string, ctx: ResolveContext): Candidate[] {
    const w = nameWords(rawName);
    if (!w.length) return [];
    const last = w[w.length - 1];
    const first3 = w[0].slice(0, 3);
    const sf = suffixFreeLookup(rawName);
    const out: Array<Candidate & { score: number }> = [];
    for (const p of this.players) {
      const t = this.teamAsOf(p, ctx.date);
      if (t === null || !ctx.teams.includes(t)) continue;
      const sim = jaroWinkler(sf, p.sfLookup);
      const ok = p.last === last ? p.first3 === first3 : sim >= this.candidateMinSimilarity;
      if (ok) out.push({ player_id: p.player_id, name: p.name, score: sim });
    }
    return out.sort((a, b) => b.score - a.score).map(({ player_id, name }) => ({ player_id, name }));
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function aliasKey(source: string, rawName: string): string {
  return `${source}\u0000${playerLookup(rawName)}`;
}

function cand(p: PlayerEntry): Candidate {
  return { player_id: p.player_id, name: p.name };
}

export function playerEntry(
  player_id: number,
  name: string,
  team: string | null,
  history: Array<{ date: string; team: string }> = [],
): PlayerEntry {
  const w = nameWords(name);
  return {
    player_id,
    name,
    lookup: playerLookup(name),
    sfLookup: suffixFreeLookup(name),
    first3: (w[0] ?? '').slice(0, 3),
    last: w[w.length - 1] ?? '',
    team,
    history,
  };
}

/** Loads players, their team changes and the aliases in three set-based queries. */
export async function loadIdentity(q: Queryable, candidateMinSimilarity = 0.9): Promise<IdentityIndex> {
  const players = await q.query<{ player_id: number; name: string; team: string | null }>(
    'SELECT player_id, name, team FROM players',
  );
  const changes = await q.query<{ player_id: number; game_date: string; team: string }>(
    `SELECT player_id, game_date, team FROM (
       SELECT player_id, game_date, team,
              LAG(team) OVER (PARTITION BY player_id ORDER BY game_date) AS prev
       FROM box_scores) t
     WHERE prev IS NULL OR prev <> team
     ORDER BY player_id, game_date`,
  );
  const hist = new Map<number, Array<{ date: string; team: string }>>();
  for (const c of changes) push(hist, Number(c.player_id), { date: c.game_date, team: c.team });
  const aliases = await q.query<AliasRow>(
    'SELECT source, raw_name, player_id, created_by, note FROM player_aliases',
  );
  return new IdentityIndex(
    players.map((p) => playerEntry(Number(p.player_id), p.name, p.team, hist.get(Number(p.player_id)))),
    aliases.map((a) => ({ ...a, player_id: Number(a.player_id) })),
    candidateMinSimilarity,
  );
}

/** Writes aliases (deduped by (source, raw_name); an existing alias is kept). */
export async function writeAliases(q: Queryable, rows: AliasRow[], now = new Date()): Promise<number> {
  const seen = new Map<string, AliasRow>();
  for (const r of rows) seen.set(`${r.source}\u0000${r.raw_name}`, r);
  if (!seen.size) return 0;
  return q.insertMany(
    'player_aliases',
    ['source', 'raw_name', 'player_id', 'created_at', 'created_by', 'note'],
    [...seen.values()].map((r) => [
      r.source,
      r.raw_name,
      r.player_id,
      now.toISOString(),
      r.created_by,
      r.note,
    ]),
    { onConflict: 'ON CONFLICT (source, raw_name) DO NOTHING' },
  );
}

const SEED_CSV = join(dirname(fileURLToPath(import.meta.url)), 'aliases.seed.csv');

/** The seed aliases (src/sources/aliases.seed.csv: source,raw_name,player_id,note). */
export function seedAliases(path = SEED_CSV): AliasRow[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).slice(1);
  const out: AliasRow[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const [source, raw_name, id, ...note] = line.split(',');
    out.push({
      source: source.trim(),
      raw_name: raw_name.trim(),
      player_id: Number(id),
      created_by: 'seed',
      note: note.join(',').trim() || null,
    });
  }
  return out;
}

/**
 * Makes sure the 30 teams and the seed aliases are in the store (idempotent; every importer
 * and `aliases` command calls it, so `courtedge init` needs no hook).
 */
export async function seedIdentity(q: Queryable): Promise<void> {
  await q.insertMany('teams', ['tricode', 'team_id', 'city', 'name', 'name_aliases'], teamRows(), {
    onConflict: 'ON CONFLICT (tricode) DO NOTHING',
  });
  await writeAliases(q, seedAliases());
}
