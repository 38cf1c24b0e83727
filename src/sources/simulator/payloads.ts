import { createHash } from 'node:crypto';
import { BOOK_TITLES, canonicalBook } from '../../domain/books.ts';
import { seasonLabel } from '../../domain/dates.ts';
import { renderGameLines, renderProps, snapshotTimes } from './market.ts';
import type { InjuryReport, PlayerGame, SimGame, SimSeason } from './season.ts';
import { oddsApiTeamName, SIM_TEAMS, type SimTeamInfo } from './teams.ts';

/**
 * Renders the simulated league as the real payloads (spec 01 §3 CDN schedule and box score,
 * §4 Odds API events and event odds, §5 injury CSV) as they look at a simulated instant `t`.
 * Nothing is visible before the clock reaches it: box scores after the final buzzer, odds
 * snapshots at their capture time, a postponement after its announcement.
 */

const TEAM_BY = new Map<string, SimTeamInfo>(SIM_TEAMS.map((t) => [t.tricode, t]));

export function eventIdOf(gameId: string): string {
  return createHash('md5').update(`sim:${gameId}`).digest('hex');
}

/** Where and when a game stands at t (the schedule's view). */
export function gameView(
  g: SimGame,
  t: string,
): { date: string; tip: string; status: 1 | 2 | 3; text: string; scores: [number, number] } {
  const p = g.postponement;
  if (p && t < p.announcedAt)
    return {
      date: g.originalDate,
      tip: g.originalTip,
      status: 1,
      text: tipText(g.originalTip),
      scores: [0, 0],
    };
  // FINAL_WITHOUT_SCORE first: shown final 0–0 on its original date until the next morning.
  if (p && p.kind === 'final_without_score' && t < `${nextDay(g.originalDate)}T14:00:00.000Z`) {
    return { date: g.originalDate, tip: g.originalTip, status: 3, text: 'Final', scores: [0, 0] };
  }
  if (t < g.tipUtc)
    return { date: g.date, tip: g.tipUtc, status: 1, text: tipText(g.tipUtc), scores: [0, 0] };
  if (t < g.endUtc) return { date: g.date, tip: g.tipUtc, status: 2, text: 'Q3 6:12', scores: [0, 0] };
  return { date: g.date, tip: g.tipUtc, status: 3, text: 'Final', scores: [g.homeScore, g.awayScore] };
}

function nextDay(d: string): string {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + 1);
  return x.toISOString().slice(0, 10);
}

const ET_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'America/New_York',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const clockMemo = new Map<string, string>();

/** "HH:MM" Eastern of a tip (memoised: Intl formatting is slow and tips repeat). */
function etClock(tip: string): string {
  let v = clockMemo.get(tip);
  if (v === undefined) {
    v = ET_CLOCK.format(new Date(tip));
    clockMemo.set(tip, v);
  }
  return v;
}

/** "7:30 pm ET" as the CDN writes a scheduled game's status text. */
function tipText(tip: string): string {
  const [h, m] = etClock(tip).split(':').map(Number);
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'} ET`;
}

function cdnTeam(tricode: string, score: number) {
  const t = TEAM_BY.get(tricode)!;
  return {
    teamId: t.teamId,
    teamName: t.name,
    teamCity: t.city,
    teamTricode: t.tricode,
    teamSlug: t.name.toLowerCase().replace(/ /g, '-'),
    wins: 0,
    losses: 0,
    score,
    seed: 0,
  };
}

export function scheduleBody(season: SimSeason, t: string): string {
  const byDate = new Map<string, unknown[]>();
  const views = season.games.map((g) => ({ g, v: gameView(g, t) }));
  views.sort((a, b) => (a.v.tip < b.v.tip ? -1 : a.v.tip > b.v.tip ? 1 : a.g.seq - b.g.seq));
  for (const { g, v } of views) {
    const day = byDate.get(v.date) ?? [];
    byDate.set(v.date, day);
    day.push({
      gameId: g.gameId,
      gameCode: `${v.date.replaceAll('-', '')}/${g.away}${g.home}`,
      gameStatus: v.status,
      gameStatusText: v.text,
      gameSequence: day.length + 1,
      gameDateEst: `${v.date}T00:00:00Z`,
      gameDateTimeEst: `${v.date}T${etClock(v.tip)}:00Z`,
      gameDateTimeUTC: v.tip.replace('.000Z', 'Z'),
      postponedStatus: 'N',
      homeTeam: cdnTeam(g.home, v.scores[0]),
      awayTeam: cdnTeam(g.away, v.scores[1]),
    });
  }
  const gameDates = [...byDate.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([d, games]) => ({
      gameDate: `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)} 00:00:00`,
      games,
    }));
  return JSON.stringify({
    meta: { version: 1, request: 'scheduleLeagueV2.json', time: t },
    leagueSchedule: { seasonYear: seasonLabel(season.season), leagueId: '00', gameDates },
  });
}

function minutesText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `PT${String(m).padStart(2, '0')}M${String(s).padStart(2, '0')}.00S`;
}

function cdnPlayer(x: PlayerGame, order: number) {
  const p = x.player;
  const played = x.availability === 'played';
  const out: Record<string, unknown> = {
    status:
      x.availability === 'injured' || x.availability === 'scratch' || x.availability === 'two_way'
        ? 'INACTIVE'
        : 'ACTIVE',
    order,
    personId: p.id,
    starter: x.starter ? '1' : '0',
    oncourt: '0',
    played: played ? '1' : '0',
    name: p.name,
    nameI: `${p.first[0]}. ${p.last}${p.suffix ? ` ${p.suffix}` : ''}`,
    firstName: p.first,
    familyName: `${p.last}${p.suffix ? ` ${p.suffix}` : ''}`,
    birthDate: p.birthDate,
    statistics: {
      assists: x.ast,
      blocks: x.blk,
      fieldGoalsAttempted: x.fga,
      fieldGoalsMade: x.fgm,
      foulsPersonal: x.pf,
      freeThrowsAttempted: x.fta,
      freeThrowsMade: x.ftm,
      minutes: played ? minutesText(x.seconds) : '',
      plusMinusPoints: x.plusMinus,
      points: x.points,
      reboundsDefensive: x.dreb,
      reboundsOffensive: x.oreb,
      reboundsTotal: x.oreb + x.dreb,
      steals: x.stl,
      threePointersAttempted: x.fg3a,
      threePointersMade: x.fg3m,
      turnovers: x.tov,
      zonePaintAttempted: x.paintA,
      zonePaintMade: x.paintM,
      zoneMidAttempted: x.midA,
      zoneMidMade: x.midM,
    },
  };
  if (x.availability === 'injured' || x.availability === 'scratch') {
    out.notPlayingReason = 'INACTIVE_INJURY';
    out.notPlayingDescription = `Injury/Illness - ${x.reason}`;
  } else if (x.availability === 'two_way') {
    out.notPlayingReason = 'INACTIVE_GLEAGUE_TWOWAY';
    out.notPlayingDescription = 'G League Two-Way';
  } else if (x.availability === 'dnp_coach') {
    out.notPlayingReason = 'DNP_COACH';
    out.notPlayingDescription = "DNP - Coach's Decision";
  }
  return out;
}

function teamStats(players: PlayerGame[], teamTov: number) {
  const sum = (k: keyof PlayerGame) => players.reduce((a, x) => a + (x[k] as number), 0);
  return {
    minutes: 'PT240M00.00S',
    points: sum('points'),
    fieldGoalsMade: sum('fgm'),
    fieldGoalsAttempted: sum('fga'),
    threePointersMade: sum('fg3m'),
    threePointersAttempted: sum('fg3a'),
    freeThrowsMade: sum('ftm'),
    freeThrowsAttempted: sum('fta'),
    reboundsOffensive: sum('oreb'),
    reboundsDefensive: sum('dreb'),
    turnovers: sum('tov'),
    turnoversTotal: sum('tov') + teamTov,
    foulsPersonal: sum('pf'),
  };
}

/** The box score at t: null before tip (the CDN answers 403), status 2 while playing, final after. */
export function boxScoreBody(g: SimGame, t: string): string | null {
  if (t < g.tipUtc) return null;
  const final = t >= g.endUtc;
  const side = (tricode: string, score: number, tov: number) => {
    const ps = g.players.filter((x) => x.team === tricode);
    return {
      ...cdnTeam(tricode, final ? score : 0),
      players: final ? ps.map((x, i) => cdnPlayer(x, i + 1)) : [],
      statistics: final ? teamStats(ps, tov) : undefined,
    };
  };
  return JSON.stringify({
    meta: { version: 1, code: 200, request: `boxscore_${g.gameId}.json`, time: t },
    game: {
      gameId: g.gameId,
      gameTimeUTC: g.tipUtc.replace('.000Z', 'Z'),
      gameEt: `${g.date}T${etClock(g.tipUtc)}:00Z`,
      gameCode: `${g.date.replaceAll('-', '')}/${g.away}${g.home}`,
      gameStatus: final ? 3 : 2,
      gameStatusText: final ? 'Final' : 'Q3 6:12',
      period: final ? 4 : 3,
      homeTeam: side(g.home, g.homeScore, g.teamTurnovers.home),
      awayTeam: side(g.away, g.awayScore, g.teamTurnovers.away),
    },
  });
}

/** Games listed by the events endpoint at t with commence_time in [from, to). */
export function eventsBody(season: SimSeason, t: string, from: string, to: string): string {
  const out = [];
  for (const g of season.games) {
    const v = gameView(g, t);
    if (v.status !== 1 && v.status !== 2) continue;
    if (v.tip < from || v.tip >= to) continue;
    out.push(eventObject(g, v.tip));
  }
  return JSON.stringify(out);
}

function eventObject(g: SimGame, tip: string) {
  return {
    id: eventIdOf(g.gameId),
    sport_key: 'basketball_nba',
    sport_title: 'NBA',
    commence_time: tip.replace('.000Z', 'Z'),
    home_team: oddsApiTeamName(TEAM_BY.get(g.home)!),
    away_team: oddsApiTeamName(TEAM_BY.get(g.away)!),
  };
}

const BOOKS_REQUESTED = (bookmakers: string | null) =>
  bookmakers ? new Set(bookmakers.split(',').map((b) => b.trim())) : null;

/**
 * The event odds at t: the latest snapshot at or before t; 404 (null) once the event is gone
 * (final, or postponed after the news); empty bookmakers before the first snapshot and after
 * tip unless the game has an in-game snapshot.
 */
export function eventOddsBody(
  season: SimSeason,
  g: SimGame,
  t: string,
  q: { markets: string; bookmakers: string | null },
): string | null {
  const v = gameView(g, t);
  if (v.status === 3 && t >= g.endUtc) return null;
  if (g.postponement && t >= g.postponement.announcedAt && t < g.tipUtc && v.date !== g.date) return null;
  const snaps = snapshotTimes(g).filter((s) => s.at <= t);
  const last = snaps[snaps.length - 1];
  const markets = new Set(q.markets.split(','));
  const wanted = BOOKS_REQUESTED(q.bookmakers);
  // Built as text (the biggest payloads of the simulator); same JSON as JSON.stringify gives.
  const bookmakers: string[] = [];
  // Props come down at tip; only the in-game snapshot (slot 3) is quoted after it.
  const live = last && (t < v.tip || last.slot === 3);
  if (last && live) {
    const stamp = JSON.stringify(last.at.replace('.000Z', 'Z'));
    const props = markets.has('player_points') ? renderProps(season, g, last.slot) : [];
    const lines = markets.has('spreads') || markets.has('totals') ? renderGameLines(g, last.slot) : [];
    const homeName = JSON.stringify(oddsApiTeamName(TEAM_BY.get(g.home)!));
    const awayName = JSON.stringify(oddsApiTeamName(TEAM_BY.get(g.away)!));
    for (const book of BOOK_ORDER) {
      if (wanted && !wanted.has(book)) continue;
      const mk: string[] = [];
      const gl = lines.find((l) => l.book === book);
      if (gl && markets.has('spreads')) {
        mk.push(
          `{"key":"spreads","last_update":${stamp},"outcomes":[{"name":${homeName},"price":${gl.spread.home},"point":${gl.spread.point}},{"name":${awayName},"price":${gl.spread.away},"point":${-gl.spread.point}}]}`,
        );
      }
      if (gl && markets.has('totals')) {
        mk.push(
          `{"key":"totals","last_update":${stamp},"outcomes":[{"name":"Over","price":${gl.total.over},"point":${gl.total.point}},{"name":"Under","price":${gl.total.under},"point":${gl.total.point}}]}`,
        );
      }
      const outcomes: string[] = [];
      for (const bp of props) {
        if (bp.book !== book) continue;
        const name = JSON.stringify(bp.name);
        for (const r of bp.rungs) {
          outcomes.push(
            `{"name":"Over","description":${name},"price":${r.over},"point":${r.line}},{"name":"Under","description":${name},"price":${r.under},"point":${r.line}}`,
          );
        }
      }
      if (outcomes.length)
        mk.push(`{"key":"player_points","last_update":${stamp},"outcomes":[${outcomes.join(',')}]}`);
      if (mk.length) {
        const title = JSON.stringify(BOOK_TITLES[canonicalBook(book).book] ?? book);
        bookmakers.push(
          `{"key":"${book}","title":${title},"last_update":${stamp},"markets":[${mk.join(',')}]}`,
        );
      }
    }
  }
  const head = JSON.stringify(eventObject(g, v.tip));
  return `${head.slice(0, -1)},"bookmakers":[${bookmakers.join(',')}]}`;
}

const BOOK_ORDER = [
  'draftkings',
  'fanduel',
  'betmgm',
  'williamhill_us',
  'betrivers',
  'bovada',
  'fanatics',
  'betonlineag',
];

/** Injury reports of a season (midday, plus one per late-scratch news time), in time order. */
export function injuryReports(season: SimSeason): InjuryReport[] {
  const out: InjuryReport[] = [];
  const byDay = new Map<string, SimGame[]>();
  for (const g of season.games) {
    const l = byDay.get(g.date) ?? [];
    byDay.set(g.date, l);
    l.push(g);
  }
  for (const rep of season.reports) {
    out.push(rep);
    const games = byDay.get(rep.date) ?? [];
    const times = [...new Set(games.filter((g) => g.scratchNewsAt).map((g) => g.scratchNewsAt!))].sort();
    for (const time of times) {
      const scratched = games
        .filter((g) => g.scratchNewsAt && g.scratchNewsAt <= time)
        .flatMap((g) => g.players.filter((x) => x.availability === 'scratch'));
      const ids = new Set(scratched.map((x) => x.player.id));
      const rows = rep.rows.filter((r) => !ids.has(r.player.id));
      for (const x of scratched)
        rows.push({
          team: x.team,
          player: x.player,
          status: 'Out',
          reason: x.reason ?? 'Illness',
          gameDate: rep.date,
        });
      out.push({ reportTime: time, date: rep.date, rows });
    }
  }
  out.sort((a, b) => (a.reportTime < b.reportTime ? -1 : a.reportTime > b.reportTime ? 1 : 0));
  return out;
}

/** The §5 injuries CSV of one report. */
export function injuryCsv(rep: InjuryReport | null): string {
  const lines = ['report_time,team,player,status,reason,game_date'];
  if (rep) {
    for (const r of rep.rows) {
      lines.push(
        [
          rep.reportTime.replace('.000Z', 'Z'),
          r.team,
          `"${r.player.injuryName}"`,
          r.status,
          `"${r.reason}"`,
          r.gameDate,
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
