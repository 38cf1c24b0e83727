import { firstLine } from './csv.ts';

/** File kinds in dependency order (spec 01 §5): games → team logs → player logs → odds → injuries. */
export const FILE_KINDS = [
  'games',
  'nba-api-team-logs',
  'nba-api-player-logs',
  'odds-snapshots',
  'injuries',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export function isFileKind(s: string): s is FileKind {
  return (FILE_KINDS as readonly string[]).includes(s);
}

/** The header each kind starts with (exact column names, in order). */
export const HEADERS: Record<FileKind, { required: string[]; optional?: string[] }> = {
  games: { required: ['GAME_ID', 'GAME_DATE', 'HOME_TEAM', 'AWAY_TEAM', 'HOME_PTS', 'AWAY_PTS'] },
  'nba-api-team-logs': {
    required: [
      'SEASON_ID',
      'TEAM_ID',
      'TEAM_ABBREVIATION',
      'TEAM_NAME',
      'GAME_ID',
      'GAME_DATE',
      'MATCHUP',
      'WL',
      'MIN',
      'PTS',
      'FGM',
      'FGA',
    ],
  },
  'nba-api-player-logs': {
    required: ['player', 'player_id', 'date', 'matchup', 'result', 'minutes', 'fgm', 'fga'],
  },
  'odds-snapshots': {
    required: [
      'event_id',
      'player',
      'market',
      'line',
      'bookmaker',
      'game',
      'game_time',
      'over_odds',
      'under_odds',
    ],
  },
  injuries: { required: ['report_time', 'team', 'player', 'status', 'reason'], optional: ['game_date'] },
};

function splitHeader(line: string): string[] {
  return line.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
}

function startsWith(header: string[], prefix: string[]): boolean {
  return prefix.every((h, i) => header[i] === h);
}

/** The kind of a file from its content (header row, or JSON for injuries); null when unknown. */
export function detectKind(text: string): FileKind | null {
  const head = firstLine(text);
  if (head.startsWith('{') || head.startsWith('[')) return 'injuries';
  const cols = splitHeader(head);
  for (const k of FILE_KINDS) if (startsWith(cols, HEADERS[k].required)) return k;
  return null;
}
