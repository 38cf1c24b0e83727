import { canonicalBook } from '../../domain/books.ts';
import { type BookLine, closingLine, mainRung } from '../../domain/lines.ts';
import { overround } from '../../domain/odds.ts';
import type { Queryable } from '../../store/store.ts';
import type { SimLeague } from './league-sim.ts';
import { renderProps, snapshotTimes } from './market.ts';

/**
 * The calibration report of `courtedge simulate` (spec 01 §10), measured from the store the
 * way the real data is measured: per (game, player) the consensus closing line (domain
 * `closingLine` over each book's main lines captured before tip) against the points of players
 * who played; over rate without pushes; mean overround of the main lines that voted.
 */
export interface Calibration {
  /** Graded player-games (a consensus line and minutes > 0). */
  n: number;
  line_mae: number;
  over_rate: number;
  overround: number;
  /** Reported, not gated. */
  dnp_rate: number;
  ladder_share: number;
  postponements: number;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export async function measureCalibration(
  q: Queryable,
  opts: { from: string; to: string; staleAfterHours?: number; outlierPoints?: number },
): Promise<Calibration> {
  // Each book's latest main line per player-game before tip (the others never vote at tip).
  const rows = await q.query<{
    game_id: string;
    player_id: number;
    book: string;
    line: number;
    over_price: number;
    under_price: number;
    captured_at: string;
    tip: string;
    points: number | null;
    minutes: number | null;
  }>(
    `SELECT l.game_id, l.player_id, l.book, l.line, l.over_price, l.under_price, l.captured_at, l.tip,
            b.points, b.minutes
     FROM (
       SELECT p.*, g.start_utc AS tip,
              row_number() OVER (PARTITION BY p.game_id, p.player_id, p.book ORDER BY p.captured_at DESC) AS rn
       FROM prop_lines p JOIN games g ON g.game_id = p.game_id
       WHERE p.is_main AND p.source LIKE 'sim:%' AND g.start_utc IS NOT NULL
         AND p.captured_at < g.start_utc
         AND g.game_date BETWEEN $1::DATE AND $2::DATE AND g.status = 3
     ) l
     LEFT JOIN box_scores b ON b.game_id = l.game_id AND b.player_id = l.player_id
     WHERE l.rn = 1
     ORDER BY l.game_id, l.player_id, l.book`,
    [opts.from, opts.to],
  );
  let n = 0;
  let absErr = 0;
  let over = 0;
  let under = 0;
  let ovr = 0;
  let nOvr = 0;
  let lined = 0;
  let dnp = 0;
  for (let i = 0; i < rows.length; ) {
    let j = i;
    const mains: Array<BookLine & { o: number; u: number }> = [];
    while (
      j < rows.length &&
      rows[j].game_id === rows[i].game_id &&
      rows[j].player_id === rows[i].player_id
    ) {
      const r = rows[j];
      mains.push({
        book: r.book,
        line: Number(r.line),
        captured_at: r.captured_at,
        o: r.over_price,
        u: r.under_price,
      });
      j++;
    }
    const r0 = rows[i];
    i = j;
    const c = closingLine(mains, {
      tip: r0.tip,
      staleAfterHours: opts.staleAfterHours ?? 12,
      outlierPoints: opts.outlierPoints ?? 6,
    });
    if (c.line === null) continue;
    lined++;
    for (const m of c.contributing as Array<BookLine & { o: number; u: number }>) {
      ovr += overround(m.o, m.u);
      nOvr++;
    }
    if (r0.minutes === null || Number(r0.minutes) <= 0) {
      dnp++;
      continue;
    }
    const pts = Number(r0.points);
    n++;
    absErr += Math.abs(pts - c.line);
    if (pts > c.line) over++;
    else if (pts < c.line) under++;
  }
  const [ladder] = await q.query<{ share: number }>(
    `SELECT avg(CASE WHEN k > 1 THEN 1.0 ELSE 0.0 END) AS share FROM (
       SELECT count(*) AS k FROM prop_lines WHERE source LIKE 'sim:%'
       GROUP BY captured_at, game_id, player_id, book) x`,
  );
  const [pp] = await q.query<{ n: number }>('SELECT count(*) AS n FROM game_postponements');
  return {
    n,
    line_mae: n ? round(absErr / n, 3) : 0,
    over_rate: over + under ? round(over / (over + under)) : 0,
    overround: nOvr ? round(ovr / nOvr) : 0,
    dnp_rate: lined ? round(dnp / lined) : 0,
    ladder_share: round(Number(ladder?.share ?? 0)),
    postponements: Number(pp?.n ?? 0),
  };
}

/** In-memory calibration of a simulated league (no store): the same rules over the rendered snapshots. */
export interface LeagueCalibration extends Calibration {
  /** sd of points of played games, by role. */
  points_sd_by_role: Record<string, number>;
  /** Mean back-to-backs per team and season. */
  back_to_backs_per_team: number;
}

export function calibrateLeague(
  league: SimLeague,
  opts: { staleAfterHours?: number; outlierPoints?: number; exclude?: ReadonlySet<number> } = {},
): LeagueCalibration {
  let n = 0;
  let absErr = 0;
  let over = 0;
  let under = 0;
  let ovr = 0;
  let nOvr = 0;
  let lined = 0;
  let dnp = 0;
  let ladders = 0;
  let quotes = 0;
  let postponements = 0;
  const byRole = new Map<string, number[]>();
  let b2b = 0;
  let teamSeasons = 0;
  for (const season of league.seasons) {
    const dates = new Map<string, string[]>();
    for (const g of season.games) {
      if (g.postponement) postponements += g.postponement.kind === 'moved' ? 1 : 2;
      for (const t of [g.home, g.away]) {
        const l = dates.get(t) ?? [];
        dates.set(t, l);
        l.push(g.date);
      }
      for (const x of g.players) {
        if (x.availability !== 'played') continue;
        const l = byRole.get(x.player.role) ?? [];
        byRole.set(x.player.role, l);
        l.push(x.points);
      }
      const mains = new Map<number, Array<BookLine & { o: number; u: number }>>();
      for (const snap of snapshotTimes(g)) {
        if (snap.date !== g.date || snap.at >= g.tipUtc) continue;
        for (const bp of renderProps(season, g, snap.slot)) {
          if (opts.exclude?.has(bp.player)) continue;
          quotes++;
          if (bp.rungs.length > 1) ladders++;
          const m = mainRung(
            bp.rungs.map((r) => ({ line: r.line, over_price: r.over, under_price: r.under })),
          );
          if (!m) continue;
          const list = mains.get(bp.player) ?? [];
          mains.set(bp.player, list);
          list.push({
            book: canonicalBook(bp.book).book,
            line: m.line,
            captured_at: snap.at,
            o: m.over_price!,
            u: m.under_price!,
          });
        }
      }
      for (const [pid, list] of mains) {
        const c = closingLine(list, {
          tip: g.tipUtc,
          staleAfterHours: opts.staleAfterHours ?? 12,
          outlierPoints: opts.outlierPoints ?? 6,
        });
        if (c.line === null) continue;
        lined++;
        for (const m of c.contributing as Array<BookLine & { o: number; u: number }>) {
          ovr += overround(m.o, m.u);
          nOvr++;
        }
        const x = g.players.find((p) => p.player.id === pid)!;
        if (x.availability !== 'played') {
          dnp++;
          continue;
        }
        n++;
        absErr += Math.abs(x.points - c.line);
        if (x.points > c.line) over++;
        else if (x.points < c.line) under++;
      }
    }
    for (const ds of dates.values()) {
      ds.sort();
      teamSeasons++;
      for (let i = 1; i < ds.length; i++) if (Date.parse(ds[i]) - Date.parse(ds[i - 1]) === 86_400_000) b2b++;
    }
  }
  const sd = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  };
  return {
    n,
    line_mae: n ? round(absErr / n, 3) : 0,
    over_rate: over + under ? round(over / (over + under)) : 0,
    overround: nOvr ? round(ovr / nOvr) : 0,
    dnp_rate: lined ? round(dnp / lined) : 0,
    ladder_share: quotes ? round(ladders / quotes) : 0,
    postponements,
    points_sd_by_role: Object.fromEntries([...byRole].map(([k, v]) => [k, round(sd(v), 2)])),
    back_to_backs_per_team: teamSeasons ? round(b2b / teamSeasons, 2) : 0,
  };
}
