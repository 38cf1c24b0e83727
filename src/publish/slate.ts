import type { GameRow, PlayerInfo, PredRow, PublishData } from './data.ts';

/** D's slate as player-games (spec 07 §2.4 predictions and results files), set-based in memory. */

export interface SlateEntry {
  game: GameRow | undefined;
  player: PlayerInfo | undefined;
  game_id: string;
  player_id: number;
  team: string;
  opponent: string;
  line: number | null;
  book: string | null;
  preds: PredRow[];
}

/** Most common line among the rows (ties → the lower line), with the book of its first row. */
export function commonLine(rows: ReadonlyArray<{ line: number | null; book?: string | null; n?: number }>) {
  const count = new Map<number, number>();
  for (const r of rows) if (r.line !== null) count.set(r.line, (count.get(r.line) ?? 0) + (r.n ?? 1));
  let best: number | null = null;
  for (const [line, k] of count) {
    if (best === null || k > (count.get(best) as number) || (k === count.get(best) && line < best))
      best = line;
  }
  const book = best === null ? null : (rows.find((r) => r.line === best)?.book ?? null);
  return { line: best, book };
}

export function gameStatus(g: GameRow): 'scheduled' | 'live' | 'final' | 'postponed' {
  if (g.postponed) return 'postponed';
  return g.status === 3 ? 'final' : g.status === 2 ? 'live' : 'scheduled';
}

export function sides(game: GameRow | undefined, team: string | null | undefined) {
  if (game && team === game.home) return { team, opponent: game.away, home: true };
  if (game && team === game.away) return { team, opponent: game.home, home: false };
  return { team: team ?? '', opponent: '', home: false };
}

export function slateEntries(d: PublishData): SlateEntry[] {
  const games = new Map(d.games.map((g) => [g.game_id, g]));
  const players = new Map(d.players.map((p) => [p.player_id, p]));
  const boxTeam = new Map(d.boxes.map((b) => [`${b.game_id}|${b.player_id}`, b.team]));
  const groups = new Map<string, PredRow[]>();
  for (const p of d.predictions) {
    const k = `${p.game_id}|${p.player_id}`;
    const list = groups.get(k);
    if (list) list.push(p);
    else groups.set(k, [p]);
  }
  const out: SlateEntry[] = [];
  for (const [k, preds] of groups) {
    const game = games.get(preds[0].game_id);
    const player = players.get(preds[0].player_id);
    const s = sides(game, boxTeam.get(k) ?? player?.team);
    const { line, book } = commonLine(preds);
    out.push({
      game,
      player,
      game_id: preds[0].game_id,
      player_id: preds[0].player_id,
      ...s,
      line,
      book,
      preds,
    });
  }
  // Tip time, team, name (spec 07 §2.4).
  return out.sort(
    (a, b) =>
      String(a.game?.start_utc ?? '~').localeCompare(String(b.game?.start_utc ?? '~')) ||
      a.team.localeCompare(b.team) ||
      String(a.player?.name ?? '').localeCompare(String(b.player?.name ?? '')) ||
      a.player_id - b.player_id,
  );
}
