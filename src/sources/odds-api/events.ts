import { z } from 'zod';
import { etDate } from '../../domain/dates.ts';
import type { GameRef, MappedPayload, TipInput } from '../ingest/types.ts';
import { type ParseResult, parseWith } from '../nba-cdn/parse.ts';
import { resolveTeam } from '../teams.ts';

/**
 * The Odds API v4 events list (spec 01 §4): `/v4/sports/basketball_nba/events?commenceTimeFrom&
 * commenceTimeTo` → `[{id, commence_time, home_team, away_team}]` with full team names. Pure:
 * `parseEvents` (zod), `eventRefs` (event → game by ET date of commence_time and tricodes; the
 * writers also try the swapped pair) and `mapEvents` (commence_time as an odds tip, used only
 * when no schedule tip is known).
 */

export const SPORT = 'basketball_nba';

export const eventSchema = z.looseObject({
  id: z.string().min(1),
  sport_key: z.string().optional(),
  commence_time: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'commence_time is not a timestamp'),
  home_team: z.string(),
  away_team: z.string(),
});

export const eventsSchema = z.array(eventSchema);

export type OddsEvent = z.infer<typeof eventSchema>;

export function parseEvents(body: string | unknown): ParseResult<OddsEvent[]> {
  return parseWith(eventsSchema, body);
}

/** Path and query of the events call for one ET day's UTC window (ISO without fractions). */
export function eventsPath(fromUtc: string, toUtc: string): string {
  const iso = (s: string) => new Date(s).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `/v4/sports/${SPORT}/events?commenceTimeFrom=${iso(fromUtc)}&commenceTimeTo=${iso(toUtc)}`;
}

export interface EventRef {
  event_id: string;
  commence_time: string;
  /** null when a team name is unknown (its rows become UNKNOWN_TEAM). */
  game_ref: GameRef | null;
  home_team: string;
  away_team: string;
}

export function eventRef(e: {
  id: string;
  commence_time: string;
  home_team: string;
  away_team: string;
}): EventRef {
  const home = resolveTeam(e.home_team);
  const away = resolveTeam(e.away_team);
  const commence = new Date(e.commence_time).toISOString();
  return {
    event_id: e.id,
    commence_time: commence,
    game_ref: home && away ? { game_date: etDate(commence), home, away } : null,
    home_team: e.home_team,
    away_team: e.away_team,
  };
}

export function eventRefs(events: OddsEvent[]): EventRef[] {
  return events.map(eventRef);
}

/** Events carry no table rows of their own, only tips (start_source odds_api). */
export function mapEvents(events: OddsEvent[]): MappedPayload {
  const tips: TipInput[] = [];
  for (const r of eventRefs(events))
    if (r.game_ref) tips.push({ game_ref: r.game_ref, start_utc: r.commence_time });
  return { read: 0, skipped: 0, primary: [], tips };
}
