import { type BookLine, closingLine } from '../../domain/lines.ts';
import { overround } from '../../domain/odds.ts';
import type { Queryable } from '../../store/store.ts';

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
