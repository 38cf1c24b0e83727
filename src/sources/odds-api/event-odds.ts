import { z } from 'zod';
import { decimalToAmerican } from '../../domain/odds.ts';
import type { GameLineInput, MappedPayload, PropInput, RejectInput, TipInput } from '../ingest/types.ts';
import { type ParseResult, parseWith } from '../nba-cdn/parse.ts';
import { resolveTeam } from '../teams.ts';
import { eventRef, SPORT } from './events.ts';

/**
 * The Odds API v4 event odds (spec 01 §4): `/v4/sports/basketball_nba/events/{id}/odds?regions&
 * markets&oddsFormat&bookmakers` → prop_lines (player_points) and game_lines (spreads, totals).
 * Pure: `parseEventOdds` (zod) and `mapEventOdds` (writer inputs). Per book and market the
 * outcomes are grouped by (description, point); Over + Under make one row (a missing side →
 * NULL price; a duplicate side keeps the last and counts `duplicate_side`); no description →
 * MALFORMED_OUTCOME. Other markets are counted `skipped`. Player names stay raw: the writers
 * resolve them (aliases, lookup, suffix rule) and canonicalise the book keys.
 */

export const outcomeSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  price: z.number(),
  point: z.number().optional(),
});

export const marketSchema = z.looseObject({
  key: z.string(),
  last_update: z.string().optional(),
  outcomes: z.array(outcomeSchema),
});

export const bookmakerSchema = z.looseObject({
  key: z.string(),
  title: z.string().optional(),
  last_update: z.string().optional(),
  markets: z.array(marketSchema),
});

export const eventOddsSchema = z.looseObject({
  id: z.string().min(1),
  sport_key: z.string().optional(),
  commence_time: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'commence_time is not a timestamp'),
  home_team: z.string(),
  away_team: z.string(),
  bookmakers: z.array(bookmakerSchema).default([]),
});

export type EventOdds = z.infer<typeof eventOddsSchema>;

export function parseEventOdds(body: string | unknown): ParseResult<EventOdds> {
  return parseWith(eventOddsSchema, body);
}

export function eventOddsPath(
  eventId: string,
  q: { regions: string; markets: string; oddsFormat: string; bookmakers: string },
): string {
  return `/v4/sports/${SPORT}/events/${eventId}/odds?regions=${q.regions}&markets=${q.markets}&oddsFormat=${q.oddsFormat}&bookmakers=${q.bookmakers}`;
}

export interface EventOddsContext {
  /** The call's response time (live) or the historical payload's `timestamp`. */
  captured_at: string;
  oddsFormat?: 'american' | 'decimal';
}

/** A price in the requested format → American integer; null when unusable. */
export function toAmerican(price: number, format: 'american' | 'decimal' = 'american'): number | null {
  if (!Number.isFinite(price)) return null;
  if (format === 'decimal') return price > 1 ? Math.round(decimalToAmerican(price)) : null;
  return Math.round(price);
}

const iso = (s: string | undefined): string | null =>
  s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : null;

export function mapEventOdds(parsed: EventOdds, ctx: EventOddsContext): MappedPayload {
  const ref = eventRef(parsed);
  const captured = new Date(ctx.captured_at).toISOString();
  const fmt = ctx.oddsFormat ?? 'american';
  const propLines: PropInput[] = [];
  const gameLines: GameLineInput[] = [];
  const rejects: RejectInput[] = [];
  const warnings: Record<string, number> = {};
  let read = 0;
  let skipped = 0;
  const tips: TipInput[] = ref.game_ref ? [{ game_ref: ref.game_ref, start_utc: ref.commence_time }] : [];
  const noGame = (row_ref: string, row_data: unknown) =>
    rejects.push({
      row_ref,
      reason: 'UNKNOWN_TEAM',
      detail: `unknown team in "${parsed.away_team} @ ${parsed.home_team}"`,
      row_data,
    });
  for (const b of parsed.bookmakers) {
    for (const m of b.markets) {
      const updated = iso(m.last_update) ?? iso(b.last_update);
      if (m.key === 'player_points') {
        // seen: bit 1 = Over, bit 2 = Under (a repeated side counts duplicate_side).
        const groups = new Map<
          string,
          { name: string; point: number; over: number | null; under: number | null; seen: number }
        >();
        for (const o of m.outcomes) {
          const side =
            o.name === 'Over'
              ? 1
              : o.name === 'Under'
                ? 2
                : o.name.toLowerCase() === 'over'
                  ? 1
                  : o.name.toLowerCase() === 'under'
                    ? 2
                    : 0;
          if (!o.description || o.point === undefined || side === 0) {
            read++;
            rejects.push({
              row_ref: `${b.key}/${o.description ?? '?'}/${o.point ?? '?'}/${o.name}`,
              reason: 'MALFORMED_OUTCOME',
              detail: !o.description
                ? 'outcome has no description'
                : o.point === undefined
                  ? 'outcome has no point'
                  : `outcome name ${o.name}`,
              row_data: o,
            });
            continue;
          }
          const k = `${o.description}\u0000${o.point}`;
          let g = groups.get(k);
          if (!g) {
            g = { name: o.description, point: o.point, over: null, under: null, seen: 0 };
            groups.set(k, g);
          }
          if (g.seen & side) warnings.duplicate_side = (warnings.duplicate_side ?? 0) + 1;
          g.seen |= side;
          if (side === 1) g.over = toAmerican(o.price, fmt);
          else g.under = toAmerican(o.price, fmt);
        }
        for (const g of groups.values()) {
          read++;
          const row: PropInput = {
            row_ref: `${b.key}/${g.name}/${g.point}`,
            captured_at: captured,
            game_ref: ref.game_ref,
            raw_name: g.name,
            book: b.key,
            line: g.point,
            over_price: g.over,
            under_price: g.under,
            event_id: parsed.id,
            book_updated_at: updated,
          };
          if (!ref.game_ref) noGame(row.row_ref, row);
          else propLines.push(row);
        }
      } else if (m.key === 'spreads' || m.key === 'totals') {
        read++;
        const market = m.key === 'spreads' ? 'spread' : 'total';
        const row_ref = `${b.key}/${market}`;
        let line: number | null = null;
        let a: number | null = null;
        let bb: number | null = null;
        if (market === 'spread') {
          for (const o of m.outcomes) {
            const t = resolveTeam(o.name);
            if (ref.game_ref && t === ref.game_ref.home) {
              line = o.point ?? null;
              a = toAmerican(o.price, fmt);
            } else if (ref.game_ref && t === ref.game_ref.away) bb = toAmerican(o.price, fmt);
          }
        } else {
          for (const o of m.outcomes) {
            if (o.name.toLowerCase() === 'over') {
              line = o.point ?? null;
              a = toAmerican(o.price, fmt);
            } else if (o.name.toLowerCase() === 'under') bb = toAmerican(o.price, fmt);
          }
        }
        const row: GameLineInput = {
          row_ref,
          captured_at: captured,
          game_ref: ref.game_ref,
          book: b.key,
          market,
          line,
          price_a: a,
          price_b: bb,
        };
        if (!ref.game_ref) noGame(row_ref, row);
        else gameLines.push(row);
      } else {
        read += m.outcomes.length;
        skipped += m.outcomes.length;
      }
    }
  }
  return {
    read,
    skipped,
    primary: ['propLines', 'gameLines'],
    propLines,
    gameLines,
    tips,
    rejects,
    warnings,
  };
}
