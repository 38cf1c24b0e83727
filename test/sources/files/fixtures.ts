import { ingestMapped } from '../../../src/sources/ingest/ingest.ts';
import type { BoxInput, GameInput } from '../../../src/sources/ingest/types.ts';
import { openMemoryStore } from '../../../src/store/open.ts';
import type { Store } from '../../../src/store/store.ts';

/** A box row with consistent counts: 5 FGM (1 three) + 2 FTM = 13 points. */
export function box(
  player_id: number,
  player_name: string,
  team: string,
  game_id: string,
  game_date: string,
): BoxInput {
  return {
    row_ref: `${game_id}/${player_id}`,
    game_id,
    player_id,
    player_name,
    game_date,
    team,
    minutes: 30,
    points: 13,
    fgm: 5,
    fga: 10,
    fg3m: 1,
    fg3a: 3,
    ftm: 2,
    fta: 2,
    oreb: 1,
    dreb: 4,
    reb: 5,
    ast: 3,
    stl: 1,
    blk: 0,
    tov: 2,
    pf: 2,
    plus_minus: 4,
    starter: null,
    dnp: false,
    dnp_reason: null,
  };
}

export function game(
  game_id: string,
  game_date: string,
  away: string,
  home: string,
  status: 1 | 3 = 1,
): GameInput {
  return {
    row_ref: game_id,
    game_id,
    nba_game_id: game_id,
    game_date,
    season: 2025,
    season_type: 'regular',
    home,
    away,
    status,
    home_score: status === 3 ? 110 : null,
    away_score: status === 3 ? 100 : null,
  };
}

export const PLAYERS: Array<[number, string, string]> = [
  [1628983, 'Shai Gilgeous-Alexander', 'OKC'],
  [1630578, 'Alperen Şengün', 'HOU'],
  [1627884, 'Derrick Jones Jr.', 'HOU'],
  [1630191, 'Isaiah Stewart', 'OKC'],
  [1641705, 'Cason Wallace', 'OKC'],
  [1630200, 'Tre Jones', 'HOU'],
  [1631114, 'Jalen Williams', 'OKC'],
  [1631115, 'Jalen Williams', 'DEN'],
];

/**
 * A store with the games 0022500001 (HOU @ OKC, 2025-10-21), 0022500002 (DEN @ LAL,
 * 2025-10-21) and a final 0022499999 (2025-10-15, where the players' box rows come from).
 */
export async function storeWithPlayers(): Promise<Store> {
  const store = await openMemoryStore();
  await store.transaction((tx) =>
    ingestMapped(
      tx,
      { source: 'files:nba-api-player-logs', payload_sha256: 'setup' },
      {
        read: PLAYERS.length,
        skipped: 0,
        primary: ['boxScores'],
        games: [
          game('0022499999', '2025-10-15', 'HOU', 'OKC', 3),
          game('0022499998', '2025-10-15', 'LAL', 'DEN', 3),
          game('0022500001', '2025-10-21', 'HOU', 'OKC'),
          game('0022500002', '2025-10-21', 'DEN', 'LAL'),
        ],
        boxScores: PLAYERS.map(([id, name, team]) =>
          box(id, name, team, team === 'DEN' ? '0022499998' : '0022499999', '2025-10-15'),
        ),
      },
    ),
  );
  return store;
}

export const IDENTITY_CFG = { candidateMinSimilarity: 0.9, reportTopUnresolved: 20, retryRejectedDays: 30 };
