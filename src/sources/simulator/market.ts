import { etWallTimeToUtc } from '../../domain/dates.ts';
import { normCdf, probToAmerican } from './dist.ts';
import { BOOKS, LADDER_BOOKS, type SimGame, type SimSeason, SNAPSHOTS } from './season.ts';

/**
 * The sportsbook market of one game at one snapshot (spec 01 §10 "market"): book b's line is
 * floor(c + e_b + s_b) + 0.5 with c the median of the player's points as known at that time,
 * e_b drifting toward truth between snapshots and s_b the book's shading; prices carry an
 * overround U(4.5%, 7%); bovada and betrivers post 3–9 rung ladders. Everything is a pure
 * function of the simulated season, so a payload can be rendered at any simulated time.
 */
export interface SimRung {
  line: number;
  over: number;
  under: number;
}

export interface BookProps {
  book: string;
  player: number;
  name: string;
  rungs: SimRung[];
}

export interface BookGameLines {
  book: string;
  /** Home team's spread point and the home/away prices. */
  spread: { point: number; home: number; away: number };
  total: { point: number; over: number; under: number };
}

/** Deterministic uniform in [0, 1) from integer keys (order-free, unlike a stream). */
export function hashU(...keys: number[]): number {
  let h = 0x9e3779b9;
  for (const k of keys) {
    h ^= k >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 4294967296;
}

function gameNum(g: SimGame): number {
  return Number(g.gameId.slice(3));
}

/**
 * Capture instants of the game's snapshots (slot index → ISO), only those that exist:
 * 14:00Z and 17:00Z of the game day (when before tip − 30 min), tip − 30 min, and tip + 60 min
 * for 10% of games. A postponed game's original day keeps only the slots before the news.
 */
export function snapshotTimes(g: SimGame): Array<{ slot: number; at: string; date: string; tip: string }> {
  const out: Array<{ slot: number; at: string; date: string; tip: string }> = [];
  const add = (date: string, tip: string, cutoff: string | null, inGame: boolean) => {
    const tipMs = Date.parse(tip);
    const pre = tipMs - 30 * 60_000;
    const slots = [Date.parse(`${date}T14:00:00Z`), Date.parse(`${date}T17:00:00Z`), pre];
    if (inGame) slots.push(tipMs + 60 * 60_000);
    slots.forEach((ms, slot) => {
      if (slot < 2 && ms >= pre) return;
      if (cutoff && ms >= Date.parse(cutoff)) return;
      out.push({ slot, at: new Date(ms).toISOString(), date, tip });
    });
  };
  if (g.postponement) add(g.originalDate, g.originalTip, g.postponement.announcedAt, false);
  add(g.date, g.tipUtc, null, g.inGameSnapshot);
  return out;
}

export function renderProps(season: SimSeason, g: SimGame, slot: number, salt = 0): BookProps[] {
  const out: BookProps[] = [];
  const gn = gameNum(g);
  for (const pp of g.props) {
    const view = slot >= 2 ? pp.late : pp.open;
    if (!view) continue; // pulled after the late scratch
    for (let b = 0; b < BOOKS.length; b++) {
      if (!(pp.books & (1 << b))) continue;
      const c = view.c + pp.err[b * SNAPSHOTS + slot] + season.shading[b];
      const main = Math.max(0.5, Math.floor(c) + 0.5);
      const u = 0.045 + 0.025 * hashU(gn, pp.player.id, b, slot, salt, 1);
      const price = (line: number): SimRung => {
        const p = normCdf((c - line) / Math.max(view.sd, 1));
        return { line, over: probToAmerican(p + u / 2), under: probToAmerican(1 - p + u / 2) };
      };
      const rungs: SimRung[] = [];
      if (LADDER_BOOKS.has(BOOKS[b])) {
        // As in the real files: Bovada posts 5–9 rungs (mean ≈ 7), BetRivers 3–5 (mean ≈ 3.2).
        const u2 = hashU(gn, pp.player.id, b, slot, salt, 2);
        const n = BOOKS[b] === 'bovada' ? 5 + Math.floor(u2 * 5) : 3 + Math.floor(u2 * u2 * 3);
        const below = Math.floor((n - 1) / 2);
        for (let k = -below; k < n - below; k++) {
          const line = main + k;
          if (line > 0) rungs.push(price(line));
        }
      } else rungs.push(price(main));
      out.push({ book: BOOKS[b], player: pp.player.id, name: pp.player.oddsName, rungs });
    }
  }
  return out;
}

export function renderGameLines(g: SimGame, slot: number): BookGameLines[] {
  const gn = gameNum(g);
  return BOOKS.map((book, b) => {
    const noise = (k: number) => (hashU(gn, b, slot, k) - 0.5) * 2;
    const spreadPoint = -Math.round((g.spread + noise(1)) * 2) / 2;
    const totalPoint = Math.round((g.total + 1.5 * noise(2)) * 2) / 2;
    const u = 0.045 + 0.02 * hashU(gn, b, slot, 3);
    const tilt = 0.02 * noise(4);
    return {
      book,
      spread: {
        point: spreadPoint,
        home: probToAmerican(0.5 + tilt + u / 2),
        away: probToAmerican(0.5 - tilt + u / 2),
      },
      total: {
        point: totalPoint,
        over: probToAmerican(0.5 - tilt + u / 2),
        under: probToAmerican(0.5 + tilt + u / 2),
      },
    };
  });
}

void etWallTimeToUtc;
