/**
 * The 30 NBA teams (spec 01 §2): NBA team id, tricode, city, name and the other spellings the
 * sources use (full names in odds files, "LA Clippers", short codes such as PHO, GS, NO, NY,
 * SA, UTAH, WSH). `resolveTeam` is the one way any source turns a team text into a tricode.
 */
export interface Team {
  tricode: string;
  team_id: number;
  city: string;
  name: string;
  /** Other names and codes that mean this team (matched case- and punctuation-insensitively). */
  aliases: string[];
}

export const TEAMS: readonly Team[] = [
  { tricode: 'ATL', team_id: 1610612737, city: 'Atlanta', name: 'Hawks', aliases: [] },
  { tricode: 'BOS', team_id: 1610612738, city: 'Boston', name: 'Celtics', aliases: [] },
  { tricode: 'CLE', team_id: 1610612739, city: 'Cleveland', name: 'Cavaliers', aliases: ['Cavs'] },
  { tricode: 'NOP', team_id: 1610612740, city: 'New Orleans', name: 'Pelicans', aliases: ['NO', 'NOR'] },
  { tricode: 'CHI', team_id: 1610612741, city: 'Chicago', name: 'Bulls', aliases: [] },
  { tricode: 'DAL', team_id: 1610612742, city: 'Dallas', name: 'Mavericks', aliases: ['Mavs'] },
  { tricode: 'DEN', team_id: 1610612743, city: 'Denver', name: 'Nuggets', aliases: [] },
  { tricode: 'GSW', team_id: 1610612744, city: 'Golden State', name: 'Warriors', aliases: ['GS'] },
  { tricode: 'HOU', team_id: 1610612745, city: 'Houston', name: 'Rockets', aliases: [] },
  {
    tricode: 'LAC',
    team_id: 1610612746,
    city: 'LA',
    name: 'Clippers',
    aliases: ['Los Angeles Clippers', 'L.A. Clippers'],
  },
  {
    tricode: 'LAL',
    team_id: 1610612747,
    city: 'Los Angeles',
    name: 'Lakers',
    aliases: ['LA Lakers', 'L.A. Lakers'],
  },
  { tricode: 'MIA', team_id: 1610612748, city: 'Miami', name: 'Heat', aliases: [] },
  { tricode: 'MIL', team_id: 1610612749, city: 'Milwaukee', name: 'Bucks', aliases: [] },
  { tricode: 'MIN', team_id: 1610612750, city: 'Minnesota', name: 'Timberwolves', aliases: ['Wolves'] },
  { tricode: 'BKN', team_id: 1610612751, city: 'Brooklyn', name: 'Nets', aliases: ['BRK', 'BK'] },
  { tricode: 'NYK', team_id: 1610612752, city: 'New York', name: 'Knicks', aliases: ['NY'] },
  { tricode: 'ORL', team_id: 1610612753, city: 'Orlando', name: 'Magic', aliases: [] },
  { tricode: 'IND', team_id: 1610612754, city: 'Indiana', name: 'Pacers', aliases: [] },
  { tricode: 'PHI', team_id: 1610612755, city: 'Philadelphia', name: '76ers', aliases: ['Sixers', 'PHL'] },
  { tricode: 'PHX', team_id: 1610612756, city: 'Phoenix', name: 'Suns', aliases: ['PHO'] },
  { tricode: 'POR', team_id: 1610612757, city: 'Portland', name: 'Trail Blazers', aliases: ['Blazers'] },
  { tricode: 'SAC', team_id: 1610612758, city: 'Sacramento', name: 'Kings', aliases: [] },
  { tricode: 'SAS', team_id: 1610612759, city: 'San Antonio', name: 'Spurs', aliases: ['SA'] },
  { tricode: 'OKC', team_id: 1610612760, city: 'Oklahoma City', name: 'Thunder', aliases: [] },
  { tricode: 'TOR', team_id: 1610612761, city: 'Toronto', name: 'Raptors', aliases: [] },
  { tricode: 'UTA', team_id: 1610612762, city: 'Utah', name: 'Jazz', aliases: ['UTAH', 'UTH'] },
  { tricode: 'MEM', team_id: 1610612763, city: 'Memphis', name: 'Grizzlies', aliases: [] },
  { tricode: 'WAS', team_id: 1610612764, city: 'Washington', name: 'Wizards', aliases: ['WSH'] },
  { tricode: 'DET', team_id: 1610612765, city: 'Detroit', name: 'Pistons', aliases: [] },
  { tricode: 'CHA', team_id: 1610612766, city: 'Charlotte', name: 'Hornets', aliases: ['CHO'] },
];

function key(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const BY_KEY = new Map<string, Team>();
const BY_ID = new Map<number, Team>();
for (const t of TEAMS) {
  BY_ID.set(t.team_id, t);
  for (const s of [t.tricode, `${t.city} ${t.name}`, t.name, ...t.aliases]) BY_KEY.set(key(s), t);
}

/** The tricode of a team text (tricode, alternative code, "City Name", nickname), or null. */
export function resolveTeam(text: string | null | undefined): string | null {
  if (!text) return null;
  return BY_KEY.get(key(text))?.tricode ?? null;
}

export function teamByTricode(tricode: string): Team | undefined {
  const t = BY_KEY.get(key(tricode));
  return t && t.tricode === tricode.toUpperCase() ? t : undefined;
}

/** "Away Full Name @ Home Full Name" → {away, home} tricodes (null when a side is unknown). */
export function parseMatchupFullNames(game: string): { away: string | null; home: string | null } | null {
  const parts = game.split('@');
  if (parts.length !== 2) return null;
  return { away: resolveTeam(parts[0].trim()), home: resolveTeam(parts[1].trim()) };
}

/** Rows for the `teams` table (tricode, team_id, city, name, name_aliases). */
export function teamRows(): unknown[][] {
  return TEAMS.map((t) => [t.tricode, t.team_id, t.city, t.name, [`${t.city} ${t.name}`, ...t.aliases]]);
}
