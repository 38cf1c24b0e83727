import { playerLookup } from '../../domain/names.ts';
import type { Queryable } from '../../store/store.ts';
import type { AliasRow } from '../identity.ts';
import { writeAliases } from '../identity.ts';
import { teamByTricode } from '../teams.ts';
import { same, selectIn, upsert } from './sql.ts';
import type { BoxInput, RejectInput, TableCounts, TeamBoxInput } from './types.ts';
import { emptyTableCounts } from './types.ts';

/**
 * Box-score writers (spec 01 §5 keys and validation). A CDN row outranks an nba_api row (it
 * has DNPs and exact minutes); a lower-ranked source never overwrites a higher one. Players
 * are created only here, keyed by person id; a changed name is updated and the old one kept
 * as an alias.
 */

/** Rank of a box-score source: the NBA CDN (live or simulated) over nba_api logs. */
export function boxSourceRank(source: string): number {
  return /nba_cdn/.test(source) ? 2 : 1;
}

const BOX_COLS = [
  'game_id',
  'player_id',
  'game_date',
  'team',
  'minutes',
  'points',
  'fgm',
  'fga',
  'fg3m',
  'fg3a',
  'ftm',
  'fta',
  'oreb',
  'dreb',
  'reb',
  'ast',
  'stl',
  'blk',
  'tov',
  'pf',
  'plus_minus',
  'starter',
  'dnp',
  'dnp_reason',
  'dnp_detail',
  'fga_paint',
  'fgm_paint',
  'fga_mid',
  'fgm_mid',
  'source',
] as const;

const TEAM_BOX_COLS = [
  'game_id',
  'team',
  'game_date',
  'minutes',
  'points',
  'fgm',
  'fga',
  'fg3m',
  'fg3a',
  'ftm',
  'fta',
  'oreb',
  'dreb',
  'tov',
  'pf',
  'win',
  'source',
] as const;

const COUNT_FIELDS = [
  'fgm',
  'fga',
  'fg3m',
  'fg3a',
  'ftm',
  'fta',
  'oreb',
  'dreb',
  'reb',
  'ast',
  'stl',
  'blk',
  'tov',
  'pf',
] as const;

/** Box validation: minutes in [0, 70], counts ≥ 0, makes ≤ attempts, points = 2·fgm + fg3m + ftm. */
export function boxProblem(b: BoxInput): string | null {
  if (!Number.isFinite(b.minutes) || b.minutes < 0 || b.minutes > 70)
    return `minutes ${b.minutes} outside [0, 70]`;
  if (!Number.isInteger(b.points) || b.points < 0) return `points ${b.points} is not a count`;
  for (const f of COUNT_FIELDS) {
    const v = b[f];
    if (v !== null && (!Number.isInteger(v) || v < 0)) return `${f} ${v} is not a count`;
  }
  if (b.fgm !== null && b.fga !== null && b.fgm > b.fga) return `fgm ${b.fgm} > fga ${b.fga}`;
  if (b.fg3m !== null && b.fg3a !== null && b.fg3m > b.fg3a) return `fg3m ${b.fg3m} > fg3a ${b.fg3a}`;
  if (b.fg3a !== null && b.fga !== null && b.fg3a > b.fga) return `fg3a ${b.fg3a} > fga ${b.fga}`;
  if (b.fg3m !== null && b.fgm !== null && b.fg3m > b.fgm) return `fg3m ${b.fg3m} > fgm ${b.fgm}`;
  if (b.ftm !== null && b.fta !== null && b.ftm > b.fta) return `ftm ${b.ftm} > fta ${b.fta}`;
  if (b.fgm !== null && b.fg3m !== null && b.ftm !== null && b.points !== 2 * b.fgm + b.fg3m + b.ftm) {
    return `points ${b.points} ≠ 2·fgm + fg3m + ftm = ${2 * b.fgm + b.fg3m + b.ftm}`;
  }
  return null;
}

export interface BoxResult {
  counts: TableCounts;
  players: TableCounts;
  rejects: RejectInput[];
}

export async function writeTeamBoxScores(
  q: Queryable,
  input: TeamBoxInput[],
  source: string,
  knownGames: Set<string>,
): Promise<{ counts: TableCounts; rejects: RejectInput[] }> {
  const counts = emptyTableCounts();
  const rejects: RejectInput[] = [];
  const rows = new Map<string, TeamBoxInput>();
  for (const t of input) {
    const reject = (reason: RejectInput['reason'], detail: string) => {
      rejects.push({ row_ref: t.row_ref, reason, detail, row_data: t });
      counts.rejected++;
    };
    if (!teamByTricode(t.team)) reject('UNKNOWN_TEAM', `team ${t.team} is not an NBA team`);
    else if (!knownGames.has(t.game_id)) reject('UNKNOWN_GAME', `game ${t.game_id} is not known`);
    else if (
      [t.points, t.fgm, t.fga, t.fg3m, t.fg3a, t.ftm, t.fta, t.oreb, t.dreb, t.tov, t.pf].some(
        (v) => v !== null && (!Number.isInteger(v) || v < 0),
      )
    )
      reject('BAD_VALUE', 'a team count is negative or not an integer');
    else {
      const k = `${t.game_id}|${t.team}`;
      if (rows.has(k)) counts.skipped++;
      rows.set(k, t);
    }
  }
  const existing = new Map<string, any>();
  for (const r of await selectIn<any>(
    q,
    'SELECT * FROM team_box_scores WHERE {IN}',
    'game_id',
    [...rows.values()].map((r) => r.game_id),
  )) {
    existing.set(`${r.game_id}|${r.team}`, r);
  }
  const out: unknown[][] = [];
  const upd: unknown[][] = [];
  for (const [k, t] of rows) {
    const row: Record<string, unknown> = { ...t, source };
    const old = existing.get(k);
    if (old && boxSourceRank(old.source) > boxSourceRank(source)) counts.unchanged++;
    else if (!old) {
      counts.inserted++;
      out.push(TEAM_BOX_COLS.map((c) => row[c] ?? null));
    } else if (TEAM_BOX_COLS.some((c) => !same(old[c], row[c]))) {
      counts.updated++;
      upd.push(TEAM_BOX_COLS.map((c) => row[c] ?? null));
    } else counts.unchanged++;
  }
  await upsert(q, 'team_box_scores', [...TEAM_BOX_COLS], ['game_id', 'team'], out, upd);
  return { counts, rejects };
}

export async function writeBoxScores(
  q: Queryable,
  input: BoxInput[],
  source: string,
  knownGames: Set<string>,
): Promise<BoxResult> {
  const counts = emptyTableCounts();
  const rejects: RejectInput[] = [];
  const rows = new Map<string, BoxInput>();
  for (const b of input) {
    const reject = (reason: RejectInput['reason'], detail: string) => {
      rejects.push({ row_ref: b.row_ref, reason, detail, row_data: b });
      counts.rejected++;
    };
    if (!Number.isSafeInteger(b.player_id) || b.player_id <= 0) {
      reject('BAD_VALUE', `player_id ${b.player_id} is not a person id`);
      continue;
    }
    if (!teamByTricode(b.team)) {
      reject('UNKNOWN_TEAM', `team ${b.team} is not an NBA team`);
      continue;
    }
    if (!knownGames.has(b.game_id)) {
      reject('UNKNOWN_GAME', `no game for ${b.team} on ${b.game_date}`);
      continue;
    }
    const problem = boxProblem(b);
    if (problem) {
      reject('BOX_INCONSISTENT', problem);
      continue;
    }
    const k = `${b.game_id}|${b.player_id}`;
    const prev = rows.get(k);
    if (prev) {
      if (BOX_COLS.some((c) => c !== 'source' && !same((prev as any)[c], (b as any)[c]))) {
        reject('DUPLICATE_CONFLICT', `a second row for player ${b.player_id} in game ${b.game_id} differs`);
      } else counts.skipped++;
      continue;
    }
    rows.set(k, b);
  }
  const existing = new Map<string, any>();
  const gameIds = new Set([...rows.values()].map((r) => r.game_id));
  for (const r of await selectIn<any>(q, 'SELECT * FROM box_scores WHERE {IN}', 'game_id', gameIds)) {
    existing.set(`${r.game_id}|${r.player_id}`, r);
  }
  const out: unknown[][] = [];
  const upd: unknown[][] = [];
  for (const [k, b] of rows) {
    const row: Record<string, unknown> = { ...b, source };
    const old = existing.get(k);
    if (old && boxSourceRank(old.source) > boxSourceRank(source)) counts.unchanged++;
    else if (!old) {
      counts.inserted++;
      out.push(BOX_COLS.map((c) => row[c] ?? null));
    } else if (BOX_COLS.some((c) => !same(old[c], row[c] ?? null))) {
      counts.updated++;
      upd.push(BOX_COLS.map((c) => row[c] ?? null));
    } else counts.unchanged++;
  }
  await upsert(q, 'box_scores', [...BOX_COLS], ['game_id', 'player_id'], out, upd);
  const players = await writePlayers(q, [...rows.values()]);
  return { counts, players, rejects };
}

const PLAYER_COLS = [
  'player_id',
  'name',
  'player_lookup',
  'team',
  'birth_date',
  'first_seen',
  'last_seen',
] as const;

/** Creates/updates players from box rows: latest name and team, first/last seen dates. */
async function writePlayers(q: Queryable, boxes: BoxInput[]): Promise<TableCounts> {
  const counts = emptyTableCounts();
  const latest = new Map<
    number,
    { name: string; team: string; first: string; last: string; birth: string | null }
  >();
  for (const b of boxes) {
    const p = latest.get(b.player_id);
    if (!p) {
      latest.set(b.player_id, {
        name: b.player_name,
        team: b.team,
        first: b.game_date,
        last: b.game_date,
        birth: b.birth_date ?? null,
      });
      continue;
    }
    if (b.game_date >= p.last) {
      p.last = b.game_date;
      p.name = b.player_name;
      p.team = b.team;
    }
    if (b.game_date < p.first) p.first = b.game_date;
    p.birth ??= b.birth_date ?? null;
  }
  if (!latest.size) return counts;
  const existing = new Map<number, any>();
  for (const r of await selectIn<any>(q, 'SELECT * FROM players WHERE {IN}', 'player_id', latest.keys())) {
    existing.set(Number(r.player_id), r);
  }
  const out: unknown[][] = [];
  const upd: unknown[][] = [];
  const renames: AliasRow[] = [];
  for (const [id, p] of latest) {
    const old = existing.get(id);
    const row: Record<string, unknown> = {
      player_id: id,
      name: p.name,
      player_lookup: playerLookup(p.name),
      team: p.team,
      birth_date: p.birth,
      first_seen: p.first,
      last_seen: p.last,
    };
    if (old) {
      // Older rows never overwrite the latest name and team.
      if (old.last_seen && old.last_seen > p.last) {
        row.name = old.name;
        row.player_lookup = old.player_lookup;
        row.team = old.team;
        row.last_seen = old.last_seen;
      } else if (old.name !== p.name) {
        renames.push({
          source: '*',
          raw_name: old.name,
          player_id: id,
          created_by: 'auto:rename',
          note: `renamed to ${p.name}`,
        });
      }
      if (old.first_seen && old.first_seen < p.first) row.first_seen = old.first_seen;
      row.birth_date = p.birth ?? old.birth_date;
    }
    if (!old) {
      counts.inserted++;
      out.push(PLAYER_COLS.map((c) => row[c] ?? null));
    } else if (PLAYER_COLS.some((c) => !same(old[c], row[c]))) {
      counts.updated++;
      upd.push(PLAYER_COLS.map((c) => row[c] ?? null));
    } else counts.unchanged++;
  }
  await upsert(q, 'players', [...PLAYER_COLS], ['player_id'], out, upd);
  await writeAliases(q, renames);
  return counts;
}
