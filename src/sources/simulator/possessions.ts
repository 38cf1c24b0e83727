import type { Rng } from './rng.ts';
import type { PlayerGame } from './season.ts';

/**
 * Possessions of one team-game as the features count them: FGA − OREB + TOV + 0.44·FTA, with
 * the team turnovers no player is credited with.
 */
export function possessions(lines: readonly PlayerGame[], teamTov: number): number {
  let p = teamTov;
  for (const x of lines) p += x.fga - x.oreb + x.tov + 0.44 * x.fta;
  return p;
}

/** League pace (possessions per 48 minutes) of the real files: mean 100.3, sd 4.9 per game. */
export const GAME_PACE_SD = 4.5; // game-to-game; the teams' own paces add the rest
export const SIDE_PACE_SD = 1; // the two sides of one game differ by a possession or two

/**
 * Box lines drawn from points alone make a team's possessions follow its points, so per-game
 * pace comes out far noisier than the league's (sd 13.5 against the real files' 4.9). This
 * moves a side's possessions to `target` by adding or removing missed field-goal attempts
 * (three, paint or mid-range by the player's own shot mix, players drawn by minutes). No point,
 * made shot, free throw, rebound or turnover changes, so prop lines and scores stay as drawn.
 * Removing stops when no miss is left. Returns the possessions after the change.
 */
export function fitPossessions(rng: Rng, lines: PlayerGame[], teamTov: number, target: number): number {
  const played = lines.filter((x) => x.seconds > 0);
  let gap = Math.round(target - possessions(lines, teamTov));
  while (gap !== 0 && played.length > 0) {
    if (gap > 0) {
      const x = bySeconds(rng, played);
      if (!x) break;
      addMiss(rng, x);
      gap--;
    } else {
      const x = bySeconds(rng, played.filter(hasMiss));
      if (!x) break;
      removeMiss(rng, x);
      gap++;
    }
  }
  return possessions(lines, teamTov);
}

function bySeconds(rng: Rng, xs: readonly PlayerGame[]): PlayerGame | null {
  let total = 0;
  for (const x of xs) total += x.seconds;
  if (total <= 0) return null;
  let u = rng.next() * total;
  for (const x of xs) {
    u -= x.seconds;
    if (u < 0) return x;
  }
  return xs[xs.length - 1];
}

function hasMiss(x: PlayerGame): boolean {
  return x.fg3a > x.fg3m || x.paintA > x.paintM || x.midA > x.midM;
}

function addMiss(rng: Rng, x: PlayerGame): void {
  x.fga++;
  const u = rng.next();
  if (u < x.player.share3) x.fg3a++;
  else if (rng.next() < x.player.paintShare) x.paintA++;
  else x.midA++;
}

function removeMiss(rng: Rng, x: PlayerGame): void {
  const kinds: ('fg3a' | 'paintA' | 'midA')[] = [];
  if (x.fg3a > x.fg3m) kinds.push('fg3a');
  if (x.paintA > x.paintM) kinds.push('paintA');
  if (x.midA > x.midM) kinds.push('midA');
  const k = rng.pick(kinds);
  x[k]--;
  x.fga--;
}
