import { z } from 'zod';
import type { MappedPayload } from '../ingest/types.ts';
import { type ParseResult, parseWith } from '../nba-cdn/parse.ts';
import { eventOddsSchema, mapEventOdds } from './event-odds.ts';
import { eventsSchema, mapEvents, SPORT } from './events.ts';

/**
 * The Odds API v4 historical endpoints (spec 01 §4): the same bodies wrapped in
 * `{timestamp, previous_timestamp, next_timestamp, data}`. captured_at = `timestamp`; rows carry
 * source `odds_api_hist` (set by the caller). T is snapped down to
 * `sources.oddsApi.historicalSnapMinutes` and one backfill uses one T for events and odds.
 */

const wrapper = <T extends z.ZodType>(data: T) =>
  z.looseObject({
    timestamp: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'timestamp is not a timestamp'),
    previous_timestamp: z.string().nullable().optional(),
    next_timestamp: z.string().nullable().optional(),
    data,
  });

export const historicalEventsSchema = wrapper(eventsSchema);
export const historicalEventOddsSchema = wrapper(eventOddsSchema);

export type HistoricalEvents = z.infer<typeof historicalEventsSchema>;
export type HistoricalEventOdds = z.infer<typeof historicalEventOddsSchema>;

export function parseHistoricalEvents(body: string | unknown): ParseResult<HistoricalEvents> {
  return parseWith(historicalEventsSchema, body);
}

export function parseHistoricalEventOdds(body: string | unknown): ParseResult<HistoricalEventOdds> {
  return parseWith(historicalEventOddsSchema, body);
}

/** T snapped down to a multiple of `minutes`, ISO without fractions. */
export function snapTime(t: string, minutes = 5): string {
  const ms = Date.parse(t);
  const step = minutes * 60_000;
  return new Date(Math.floor(ms / step) * step).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function historicalEventsPath(date: string): string {
  return `/v4/historical/sports/${SPORT}/events?date=${date}`;
}

export function historicalEventOddsPath(
  eventId: string,
  date: string,
  q: { regions: string; markets: string; oddsFormat: string; bookmakers: string },
): string {
  return `/v4/historical/sports/${SPORT}/events/${eventId}/odds?date=${date}&regions=${q.regions}&markets=${q.markets}&oddsFormat=${q.oddsFormat}&bookmakers=${q.bookmakers}`;
}

export function mapHistoricalEvents(parsed: HistoricalEvents): MappedPayload {
  return mapEvents(parsed.data);
}

export function mapHistoricalEventOdds(
  parsed: HistoricalEventOdds,
  opts: { oddsFormat?: 'american' | 'decimal' } = {},
): MappedPayload {
  return mapEventOdds(parsed.data, { captured_at: parsed.timestamp, oddsFormat: opts.oddsFormat });
}
