/**
 * player_blacklist_daily (spec 06 §4.3, 05 §12): per player-game of the season, the graded
 * OVER/UNDER prediction with a real line and the largest |edge| (ties → larger confidence, then
 * the smaller system_id) is the player's candidate; it counts when |edge| ≥ minEdge and it was
 * a WIN or LOSS. Players with n ≥ minN are written; blacklisted when hr < hrBelow (strict).
 */

export interface BlacklistGrade {
  game_date: string;
  game_id: string;
  player_id: number;
  system_id: string;
  recommendation: string;
  line: number | null;
  edge: number | null;
  confidence: number | null;
  result: string;
}

export interface BlacklistConfig {
  minEdge: number;
  minN: number;
  hrBelow: number;
}

export interface BlacklistRow {
  date: string;
  player_id: number;
  player_lookup: string | null;
  wins: number;
  losses: number;
  n: number;
  hr: number;
  blacklisted: boolean;
}

function better(a: BlacklistGrade, b: BlacklistGrade): boolean {
  const ea = Math.abs(a.edge!);
  const eb = Math.abs(b.edge!);
  if (ea !== eb) return ea > eb;
  const ca = a.confidence ?? -1;
  const cb = b.confidence ?? -1;
  if (ca !== cb) return ca > cb;
  return a.system_id < b.system_id;
}

/** The winning graded prediction of each player-game. */
export function playerGameWinners(grades: readonly BlacklistGrade[]): BlacklistGrade[] {
  const best = new Map<string, BlacklistGrade>();
  for (const g of grades) {
    if ((g.recommendation !== 'OVER' && g.recommendation !== 'UNDER') || g.line === null || g.edge === null)
      continue;
    if (g.result === 'VOID' || g.result === 'NO_BET') continue;
    const k = `${g.game_id}|${g.player_id}`;
    const cur = best.get(k);
    if (!cur || better(g, cur)) best.set(k, g);
  }
  return [...best.values()];
}

/** Rows of date G from the winners of G's season up to G. */
export function blacklistForDate(
  date: string,
  seasonStart: string,
  winners: readonly BlacklistGrade[],
  lookups: ReadonlyMap<number, string>,
  cfg: BlacklistConfig,
): BlacklistRow[] {
  const acc = new Map<number, [number, number]>();
  for (const w of winners) {
    if (w.game_date < seasonStart || w.game_date > date) continue;
    if (Math.abs(w.edge!) < cfg.minEdge - 1e-9) continue;
    if (w.result !== 'WIN' && w.result !== 'LOSS') continue;
    const a = acc.get(w.player_id) ?? [0, 0];
    if (w.result === 'WIN') a[0] += 1;
    else a[1] += 1;
    acc.set(w.player_id, a);
  }
  const rows: BlacklistRow[] = [];
  for (const [pid, [wins, losses]] of [...acc].sort((a, b) => a[0] - b[0])) {
    const n = wins + losses;
    if (n < cfg.minN) continue;
    const hr = (100 * wins) / n;
    rows.push({
      date,
      player_id: pid,
      player_lookup: lookups.get(pid) ?? null,
      wins,
      losses,
      n,
      hr: Math.round(hr * 10000) / 10000,
      blacklisted: hr < cfg.hrBelow,
    });
  }
  return rows;
}
