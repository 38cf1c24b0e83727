import { addDays, seasonOf } from '../../src/domain/dates.ts';
import type { FeatureInputs, GameIn } from '../../src/features/inputs.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * A small seeded synthetic league for property tests and the benchmark (the simulator of
 * issue 4 is another area; this stays independent of it). Realistic enough for every
 * feature: ~100 possessions a game, zone data, DNPs, main lines from several books with
 * snapshots before and after tip, game lines, injury reports.
 */
export interface LeagueOptions {
  teams: number;
  days: number;
  seed: number;
  start?: string;
  playersPerTeam?: number;
  /** Share of days a team plays (0.55 ≈ an NBA season's density). */
  playRate?: number;
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BOOKS = ['draftkings', 'fanduel', 'betmgm', 'caesars'];

export function simulateLeague(opts: LeagueOptions): FeatureInputs {
  const r = rng(opts.seed);
  const start = opts.start ?? '2024-10-22';
  const nPer = opts.playersPerTeam ?? 10;
  const teams = Array.from(
    { length: opts.teams },
    (_, i) => `T${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
  );
  const players = teams.flatMap((_team, t) =>
    Array.from({ length: nPer }, (_, k) => ({
      id: 1000 + t * 100 + k,
      team: t,
      base: k < 3 ? 18 + r() * 10 : k < 7 ? 8 + r() * 8 : 2 + r() * 5,
      minutes: k < 5 ? 30 + r() * 6 : k < 8 ? 18 + r() * 8 : 8 + r() * 6,
      birth:
        r() < 0.8
          ? `${1988 + Math.floor(r() * 14)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`
          : null,
    })),
  );
  const inputs: FeatureInputs = {
    games: [],
    postponements: [],
    box: [],
    teamBox: [],
    props: [],
    gameLines: [],
    injuries: [],
    players: [],
  };
  for (const p of players) inputs.players.push({ player_id: p.id, birth_date: p.birth });
  const recent = new Map<number, number[]>();
  const lastPlayed = new Map<number, string>();
  for (let d = 0; d < opts.days; d++) {
    const date = addDays(start, d);
    const order = [...teams.keys()].sort(() => r() - 0.5);
    for (let i = 0; i + 1 < order.length; i += 2) {
      if (r() >= (opts.playRate ?? 0.55)) continue; // a team plays about every other day
      const [h, a] = [order[i], order[i + 1]];
      const gid = `${date.replaceAll('-', '')}_${teams[a]}_${teams[h]}`;
      const tipH = 23 + Math.floor(r() * 3); // 23:00–01:00Z
      const tip = tipH >= 24 ? `${addDays(date, 1)}T0${tipH - 24}:30:00.000Z` : `${date}T${tipH}:30:00.000Z`;
      const game: GameIn = {
        game_id: gid,
        game_date: date,
        start_utc: r() < 0.9 ? tip : null,
        season: seasonOf(date),
        season_type: 'regular',
        home: teams[h],
        away: teams[a],
        status: 3,
        home_score: 0,
        away_score: 0,
      };
      const tipIso = game.start_utc ?? `${addDays(date, 1)}T00:00:00.000Z`;
      const tipMs = Date.parse(tipIso);
      const at = (hoursFromTip: number) => new Date(tipMs + hoursFromTip * 3_600_000).toISOString();
      for (const side of [h, a]) {
        let pts = 0;
        let fga = 0;
        let fta = 0;
        let tov = 0;
        let oreb = 0;
        for (const p of players.filter((x) => x.team === side)) {
          const dnp = r() < 0.06;
          const min = dnp ? 0 : Math.max(1, Math.round((p.minutes + (r() - 0.5) * 10) * 100) / 100);
          const scale = min / 36;
          const pfga = dnp ? 0 : Math.max(0, Math.round(p.base * 0.8 * scale * (0.7 + r() * 0.6) + r() * 3));
          const p3a = Math.round(pfga * (0.2 + r() * 0.3));
          const p3m = Math.round(p3a * (0.25 + r() * 0.2));
          const pfta = dnp ? 0 : Math.round(r() * 7 * scale);
          const pftm = Math.round(pfta * (0.6 + r() * 0.35));
          const pfgm = Math.min(pfga, Math.round(pfga * (0.4 + r() * 0.15)));
          const paintA = Math.round((pfga - p3a) * (0.5 + r() * 0.3));
          const midA = pfga - p3a - paintA;
          const paintM = Math.min(paintA, Math.round(paintA * (0.55 + r() * 0.1)));
          const midM = Math.max(0, Math.min(midA, pfgm - p3m - paintM));
          const points = 2 * pfgm + p3m + pftm;
          const ptov = dnp ? 0 : Math.round(r() * 3 * scale);
          inputs.box.push({
            game_id: gid,
            player_id: p.id,
            team: teams[side],
            minutes: min,
            points: dnp ? 0 : points,
            fga: pfga,
            fg3a: p3a,
            fg3m: p3m,
            fta: pfta,
            ftm: pftm,
            tov: ptov,
            fga_paint: dnp ? null : paintA,
            fgm_paint: dnp ? null : paintM,
            fga_mid: dnp ? null : midA,
            fgm_mid: dnp ? null : midM,
          });
          pts += points;
          fga += pfga;
          fta += pfta;
          tov += ptov;
          if (!dnp) {
            const hist = recent.get(p.id) ?? [];
            hist.unshift(points);
            recent.set(p.id, hist.slice(0, 10));
            lastPlayed.set(p.id, date);
          }
        }
        // Team rows: ~98 possessions whatever the listed players did (bench players not listed).
        oreb = 8 + Math.floor(r() * 6);
        const teamFga = Math.max(fga, 82 + Math.floor(r() * 8));
        inputs.teamBox.push({
          game_id: gid,
          team: teams[side],
          minutes: r() < 0.05 ? 265 : 240,
          fga: teamFga,
          oreb,
          tov: Math.max(tov, 11 + Math.floor(r() * 5)),
          fta: Math.max(fta, 16 + Math.floor(r() * 10)),
        });
        const score = Math.max(pts, 95 + Math.floor(r() * 25));
        if (side === h) game.home_score = score;
        else game.away_score = score;
      }
      if (game.home_score === game.away_score) game.home_score! += 1;
      inputs.games.push(game);
      // Lines: two pre-tip snapshots and one in-game snapshot, per book.
      for (const p of players.filter((x) => x.team === h || x.team === a)) {
        const hist = recent.get(p.id);
        if (!hist || hist.length < 3 || p.base < 6) continue;
        const m = hist.reduce((s, x) => s + x, 0) / hist.length;
        for (const [hrs, drift] of [
          [-9, 0],
          [-2, r() < 0.3 ? 1 : 0],
          [0.5, 5],
        ] as const) {
          for (const book of BOOKS) {
            if (r() < 0.2) continue;
            const line = Math.max(0.5, Math.floor(m + drift + (r() - 0.5) * 2) + 0.5);
            inputs.props.push({ game_id: gid, player_id: p.id, book, line, captured_at: at(hrs) });
          }
        }
      }
      for (const book of BOOKS.slice(0, 3)) {
        for (const hrs of [-8, 1]) {
          inputs.gameLines.push({
            game_id: gid,
            book,
            market: 'spread',
            line: Math.round((r() - 0.5) * 20) + 0.5,
            captured_at: at(hrs),
          });
          inputs.gameLines.push({
            game_id: gid,
            book,
            market: 'total',
            line: 215 + Math.round(r() * 20) + 0.5,
            captured_at: at(hrs),
          });
        }
      }
      // Injury reports at tip−6h and tip−1h, and one after tip.
      for (const hrs of [-6, -1, 0.25]) {
        for (const side of [h, a]) {
          for (const p of players.filter((x) => x.team === side)) {
            if (r() < 0.12) {
              const status = ['out', 'doubtful', 'questionable', 'probable'][Math.floor(r() * 4)];
              inputs.injuries.push({
                report_time: at(hrs),
                game_id: gid,
                player_id: p.id,
                team: teams[side],
                status,
              });
            }
          }
        }
      }
    }
  }
  return inputs;
}

/** Writes a league into a migrated store with insertMany (one call per table). */
export async function insertLeague(store: Store, inputs: FeatureInputs): Promise<void> {
  await store.insertMany(
    'games',
    [
      'game_id',
      'game_date',
      'start_utc',
      'season',
      'season_type',
      'home',
      'away',
      'status',
      'home_score',
      'away_score',
      'source',
    ],
    inputs.games.map((g) => [
      g.game_id,
      g.game_date,
      g.start_utc,
      g.season,
      g.season_type,
      g.home,
      g.away,
      g.status,
      g.home_score,
      g.away_score,
      'fixture',
    ]),
  );
  await store.insertMany(
    'game_postponements',
    ['game_id', 'original_date', 'detected_at', 'reason'],
    inputs.postponements.map((p) => [p.game_id, p.original_date, '2020-01-01T00:00:00Z', 'SOURCE_FLAG']),
  );
  const dateOf = new Map(inputs.games.map((g) => [g.game_id, g.game_date]));
  await store.insertMany(
    'players',
    ['player_id', 'name', 'player_lookup', 'birth_date'],
    inputs.players.map((p) => [p.player_id, `Player ${p.player_id}`, `player${p.player_id}`, p.birth_date]),
  );
  await store.insertMany(
    'box_scores',
    [
      'game_id',
      'player_id',
      'game_date',
      'team',
      'minutes',
      'points',
      'fga',
      'fg3a',
      'fg3m',
      'fta',
      'ftm',
      'tov',
      'fga_paint',
      'fgm_paint',
      'fga_mid',
      'fgm_mid',
      'dnp',
      'source',
    ],
    inputs.box.map((b) => [
      b.game_id,
      b.player_id,
      dateOf.get(b.game_id),
      b.team,
      b.minutes,
      b.points,
      b.fga,
      b.fg3a,
      b.fg3m,
      b.fta,
      b.ftm,
      b.tov,
      b.fga_paint,
      b.fgm_paint,
      b.fga_mid,
      b.fgm_mid,
      b.minutes === 0,
      'fixture',
    ]),
  );
  await store.insertMany(
    'team_box_scores',
    ['game_id', 'team', 'game_date', 'minutes', 'fga', 'oreb', 'tov', 'fta', 'source'],
    inputs.teamBox.map((t) => [
      t.game_id,
      t.team,
      dateOf.get(t.game_id),
      t.minutes,
      t.fga,
      t.oreb,
      t.tov,
      t.fta,
      'fixture',
    ]),
  );
  await store.insertMany(
    'prop_lines',
    ['captured_at', 'game_id', 'player_id', 'book', 'line', 'over_price', 'under_price', 'source', 'is_main'],
    dedupe(
      inputs.props.map((p) => [
        p.captured_at,
        p.game_id,
        p.player_id,
        p.book,
        p.line,
        -110,
        -110,
        'fixture',
        true,
      ]),
      [1, 2, 3, 0, 4],
    ),
  );
  await store.insertMany(
    'game_lines',
    ['captured_at', 'game_id', 'book', 'market', 'line', 'source'],
    dedupe(
      inputs.gameLines.map((l) => [l.captured_at, l.game_id, l.book, l.market, l.line, 'fixture']),
      [1, 2, 3, 0],
    ),
  );
  await store.insertMany(
    'injury_reports',
    ['report_time', 'game_id', 'player_id', 'team', 'status', 'source'],
    dedupe(
      inputs.injuries.map((i) => [i.report_time, i.game_id, i.player_id, i.team, i.status, 'fixture']),
      [0, 1, 2],
    ),
  );
}

function dedupe(rows: unknown[][], key: number[]): unknown[][] {
  const m = new Map<string, unknown[]>();
  for (const row of rows) m.set(key.map((k) => String(row[k])).join('|'), row);
  return [...m.values()];
}
