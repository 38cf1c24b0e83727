import { effectiveTip } from '../../domain/lines.ts';
import type { Queryable } from '../../store/store.ts';
import type { IdentityIndex } from '../identity.ts';
import type { GameIndex } from './games.ts';
import { isoOrNull, lit, same, selectIn } from './sql.ts';
import type { InjuryInput, RejectInput, TableCounts } from './types.ts';
import { emptyTableCounts, rejectList } from './types.ts';

/**
 * injury_reports writer (spec 01 §5 "Injury format"): game = the given id, else the team's
 * game on game_date, else its next game with a tip after report_time within 48 h, else
 * UNKNOWN_GAME; the name is resolved with the team's game as context. Append-only history
 * keyed by (report_time, game_id, player_id).
 */

export const INJURY_STATUSES = ['out', 'doubtful', 'questionable', 'probable', 'available'] as const;

const COLS = [
  'report_time',
  'game_id',
  'player_id',
  'team',
  'raw_name',
  'status',
  'reason',
  'reason_category',
  'source',
  'payload_sha256',
] as const;

export function injuryGame(
  games: GameIndex,
  r: InjuryInput,
  reportTime: string,
  unknownTipTimeEt = '19:00',
): string | null {
  if (r.game_id) return games.get(r.game_id)?.game_id ?? null;
  if (r.game_date) return games.teamGameOn(r.team, r.game_date);
  const t0 = Date.parse(reportTime);
  let best: { id: string; tip: number } | null = null;
  for (const g of games.games) {
    if (g.home !== r.team && g.away !== r.team) continue;
    const tip = Date.parse(effectiveTip(g, unknownTipTimeEt));
    if (tip > t0 && tip - t0 <= 48 * 3_600_000 && (!best || tip < best.tip)) best = { id: g.game_id, tip };
  }
  return best?.id ?? null;
}

export async function writeInjuries(
  q: Queryable,
  input: InjuryInput[],
  ctx: { source: string; payload_sha256: string | null; games: GameIndex; identity: IdentityIndex },
): Promise<{ counts: TableCounts; rejects: RejectInput[] }> {
  const counts = emptyTableCounts();
  const { rejects, reject } = rejectList(counts, 'injury');
  const rows = new Map<string, Record<string, any>>();
  for (const r of input) {
    const rt = isoOrNull(r.report_time);
    if (!rt) {
      reject(r, 'BAD_TIMESTAMP', `report_time ${r.report_time} is not a timestamp`);
      continue;
    }
    if (!(INJURY_STATUSES as readonly string[]).includes(r.status)) {
      reject(r, 'BAD_STATUS', `status ${r.status} is not one of ${INJURY_STATUSES.join(', ')}`);
      continue;
    }
    const gameId = injuryGame(ctx.games, r, rt);
    const game = gameId ? ctx.games.get(gameId) : null;
    if (!game) {
      reject(
        r,
        'UNKNOWN_GAME',
        `no game for ${r.team}${r.game_date ? ` on ${r.game_date}` : ` within 48 h of ${rt}`}`,
      );
      continue;
    }
    let playerId = r.player_id ?? null;
    if (playerId === null) {
      const res = ctx.identity.resolve(r.raw_name, {
        source: ctx.source,
        date: game.game_date,
        teams: [r.team],
      });
      if (res.player_id === null) {
        const c = res.candidates;
        reject(
          r,
          res.reason,
          `${r.raw_name}: ${c.length ? `candidates: ${c.map((x) => `${x.name} (${x.player_id})`).join(', ')}` : 'no candidate'}`,
        );
        continue;
      }
      playerId = res.player_id;
    }
    const row = {
      report_time: rt,
      game_id: game.game_id,
      player_id: playerId,
      team: r.team,
      raw_name: r.raw_name,
      status: r.status,
      reason: r.reason,
      reason_category: r.reason_category,
      source: ctx.source,
      payload_sha256: r.payload_sha256 ?? ctx.payload_sha256,
      row_ref: r.row_ref,
    };
    const k = `${rt}|${row.game_id}|${playerId}`;
    const prev = rows.get(k);
    if (prev) {
      if (prev.status !== row.status || prev.reason !== row.reason)
        reject(r, 'DUPLICATE_CONFLICT', 'a second row for the same report and player differs');
      else counts.skipped++;
      continue;
    }
    rows.set(k, row);
  }
  const times = [...new Set([...rows.values()].map((r) => r.report_time))];
  const existing = new Map<string, any>();
  if (times.length) {
    const sql = `SELECT * FROM injury_reports WHERE {IN} AND report_time IN (${times.map((t) => `${lit(t)}::TIMESTAMPTZ`).join(', ')})`;
    for (const r of await selectIn<any>(
      q,
      sql,
      'game_id',
      [...rows.values()].map((r) => r.game_id),
    )) {
      existing.set(`${new Date(r.report_time).toISOString()}|${r.game_id}|${r.player_id}`, r);
    }
  }
  const fresh: unknown[][] = [];
  for (const [k, row] of rows) {
    const old = existing.get(k);
    if (!old) fresh.push(COLS.map((c) => row[c]));
    else if (same(old.status, row.status) && same(old.reason, row.reason)) counts.unchanged++;
    else {
      reject(row, 'DUPLICATE_CONFLICT', 'stored report row differs', row);
    }
  }
  if (fresh.length) {
    counts.inserted += await q.insertMany('injury_reports', [...COLS], fresh, {
      onConflict: 'ON CONFLICT (report_time, game_id, player_id) DO NOTHING',
    });
  }
  return { counts, rejects };
}
