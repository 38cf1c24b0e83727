import type { BoxIn, FeatureInputs, GameIn } from '../../src/features/inputs.ts';

/**
 * The hand-made fixture league of the value tests (every number in values.test.ts is computed
 * by hand from this file). Four teams, January 2025 (season 2024) plus one April 2024 game.
 * G = BBB @ AAA on 2025-01-21, tip 2025-01-22T00:30Z. P = player 1 of AAA.
 *
 * Every Final game has both team rows FGA 88, OREB 10, TOV 13, FTA 22, 240 minutes
 * (poss 100.68, pace 100.68). AAA scores 110 and allows 100, except 01-09 (95–100 loss vs DDD);
 * other games: home 104, away 100.
 */
export const G = '20250121_BBB_AAA';
export const TIP = '2025-01-22T00:30:00.000Z';
export const P = 1; // AAA, the subject
export const S = 2; // AAA star teammate (25 pts, 35 min)
export const Q = 3; // AAA, only 4 played games → INSUFFICIENT_HISTORY
export const X = 41; // last played for CCC, listed with a line for G → TEAM_MISMATCH

const sched: [string, string, string][] = [
  // date, away, home
  ['2024-04-10', 'BBB', 'AAA'],
  ['2025-01-02', 'CCC', 'AAA'],
  ['2025-01-02', 'DDD', 'BBB'],
  ['2025-01-04', 'DDD', 'AAA'],
  ['2025-01-04', 'CCC', 'BBB'],
  ['2025-01-06', 'BBB', 'AAA'],
  ['2025-01-06', 'DDD', 'CCC'],
  ['2025-01-08', 'CCC', 'AAA'],
  ['2025-01-08', 'DDD', 'BBB'],
  ['2025-01-09', 'DDD', 'AAA'],
  ['2025-01-09', 'CCC', 'BBB'],
  ['2025-01-10', 'BBB', 'AAA'],
  ['2025-01-10', 'DDD', 'CCC'],
  ['2025-01-12', 'CCC', 'AAA'],
  ['2025-01-12', 'DDD', 'BBB'],
  ['2025-01-14', 'DDD', 'AAA'],
  ['2025-01-14', 'CCC', 'BBB'],
  ['2025-01-16', 'BBB', 'AAA'],
  ['2025-01-16', 'DDD', 'CCC'],
  ['2025-01-18', 'CCC', 'AAA'],
  ['2025-01-18', 'DDD', 'BBB'],
  ['2025-01-20', 'AAA', 'DDD'],
];

const gid = (date: string, away: string, home: string) => `${date.replaceAll('-', '')}_${away}_${home}`;

/** P's played games: date → [points, minutes]; 01-09 is a DNP row. */
export const P_GAMES: Record<string, [number, number]> = {
  '2024-04-10': [30, 35],
  '2025-01-02': [20, 34],
  '2025-01-04': [18, 30],
  '2025-01-06': [20, 32],
  '2025-01-08': [14, 28],
  '2025-01-10': [22, 34],
  '2025-01-12': [16, 30],
  '2025-01-14': [20, 32],
  '2025-01-16': [18, 30],
  '2025-01-18': [24, 34],
  '2025-01-20': [28, 36],
};

function box(
  game_id: string,
  player_id: number,
  team: string,
  points: number,
  minutes: number,
  line: Partial<BoxIn>,
): BoxIn {
  return {
    game_id,
    player_id,
    team,
    minutes,
    points,
    fga: 14,
    fg3a: 4,
    fg3m: 1,
    fta: 4,
    ftm: 3,
    tov: 2,
    fga_paint: 10,
    fgm_paint: 5,
    fga_mid: 4,
    fgm_mid: 2,
    ...line,
  };
}

export function fixtureLeague(): FeatureInputs {
  const inputs: FeatureInputs = {
    games: [],
    postponements: [],
    box: [],
    teamBox: [],
    props: [],
    gameLines: [],
    injuries: [],
    players: [
      { player_id: P, birth_date: '1993-06-01' },
      { player_id: S, birth_date: null },
    ],
  };
  for (const [date, away, home] of sched) {
    const id = gid(date, away, home);
    const aaa = home === 'AAA' || away === 'AAA';
    let hs = 104;
    let as = 100;
    if (aaa) {
      const aaaPts = date === '2025-01-09' ? 95 : 110;
      hs = home === 'AAA' ? aaaPts : 100;
      as = away === 'AAA' ? aaaPts : 100;
    }
    const g: GameIn = {
      game_id: id,
      game_date: date,
      start_utc: null,
      season: date < '2024-10-01' ? 2023 : 2024,
      season_type: 'regular',
      home,
      away,
      status: 3,
      home_score: hs,
      away_score: as,
    };
    inputs.games.push(g);
    for (const team of [home, away]) {
      inputs.teamBox.push({ game_id: id, team, minutes: 240, fga: 88, oreb: 10, tov: 13, fta: 22 });
      if (team === 'AAA') {
        const p = P_GAMES[date];
        inputs.box.push(
          p
            ? box(id, P, 'AAA', p[0], p[1], {
                fga: 18,
                fg3a: 6,
                fg3m: 2,
                fta: 5,
                ftm: 4,
                tov: 2,
                fga_paint: 8,
                fgm_paint: 5,
              })
            : box(id, P, 'AAA', 0, 0, {
                fga: null,
                fg3a: null,
                fg3m: null,
                fta: null,
                ftm: null,
                tov: null,
                fga_paint: null,
                fgm_paint: null,
                fga_mid: null,
                fgm_mid: null,
              }),
        );
        inputs.box.push(
          box(id, S, 'AAA', 25, 35, {
            fga: 20,
            fg3a: 5,
            fg3m: 2,
            fta: 6,
            ftm: 5,
            tov: 3,
            fga_paint: 6,
            fgm_paint: 3,
          }),
        );
        if (date >= '2025-01-14') inputs.box.push(box(id, Q, 'AAA', 10, 20, {}));
      } else {
        const pid = { BBB: 11, CCC: 21, DDD: 31 }[team]!;
        inputs.box.push(box(id, pid, team, 15, 30, {}));
        if (team === 'CCC' && date >= '2025-01-06') {
          inputs.box.push(
            box(id, X, 'CCC', 12, 25, { fga_paint: null, fgm_paint: null, fga_mid: null, fgm_mid: null }),
          );
        }
      }
    }
  }
  // Day D: G (not started) and another game.
  inputs.games.push(
    {
      game_id: G,
      game_date: '2025-01-21',
      start_utc: TIP,
      season: 2024,
      season_type: 'regular',
      home: 'AAA',
      away: 'BBB',
      status: 1,
      home_score: null,
      away_score: null,
    },
    {
      game_id: '20250121_DDD_CCC',
      game_date: '2025-01-21',
      start_utc: null,
      season: 2024,
      season_type: 'regular',
      home: 'CCC',
      away: 'DDD',
      status: 1,
      home_score: null,
      away_score: null,
    },
  );
  // Worked example 2 of spec 02 §8, on G's day; the last snapshot is after tip.
  const line = (book: string, l: number, at: string, player = P) =>
    inputs.props.push({ game_id: G, player_id: player, book, line: l, captured_at: at });
  line('draftkings', 21.5, '2025-01-21T13:00:00.000Z');
  line('fanduel', 22.5, '2025-01-21T13:00:00.000Z');
  line('bovada', 22.5, '2025-01-21T16:00:00.000Z');
  line('draftkings', 22.5, '2025-01-21T17:00:00.000Z');
  line('fanduel', 23.5, '2025-01-21T17:00:00.000Z');
  line('draftkings', 30.5, '2025-01-22T00:45:00.000Z');
  line('draftkings', 11.5, '2025-01-21T17:00:00.000Z', X);
  for (const book of ['draftkings', 'fanduel']) {
    inputs.gameLines.push({
      game_id: G,
      book,
      market: 'spread',
      line: -4.5,
      captured_at: '2025-01-21T15:00:00.000Z',
    });
    inputs.gameLines.push({
      game_id: G,
      book,
      market: 'total',
      line: 226.5,
      captured_at: '2025-01-21T15:00:00.000Z',
    });
  }
  inputs.gameLines.push({
    game_id: G,
    book: 'draftkings',
    market: 'total',
    line: 240.5,
    captured_at: '2025-01-22T01:00:00.000Z',
  });
  const inj = (t: string, player_id: number, status: string) =>
    inputs.injuries.push({ report_time: t, game_id: G, player_id, team: 'AAA', status });
  inj('2025-01-21T18:00:00.000Z', P, 'probable');
  inj('2025-01-21T18:00:00.000Z', S, 'questionable');
  inj('2025-01-21T22:00:00.000Z', P, 'questionable');
  inj('2025-01-21T22:00:00.000Z', S, 'out');
  inj('2025-01-22T00:45:00.000Z', P, 'out'); // after tip: never counts
  return inputs;
}
