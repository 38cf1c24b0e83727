import type { Config } from '../../config/schema.ts';
import { addDays, etDate, etWallTimeToUtc } from '../../domain/dates.ts';
import { HttpError } from '../http.ts';
import type { MappedPayload } from '../ingest/index.ts';
import { type LiveRun, quotaOf } from '../live-calls.ts';
import { parseOrThrow } from '../nba-cdn/parse.ts';
import { eventOddsPath, mapEventOdds, parseEventOdds } from './event-odds.ts';
import { eventsPath, mapEvents, parseEvents } from './events.ts';
import {
  historicalEventOddsPath,
  historicalEventsPath,
  mapHistoricalEventOdds,
  mapHistoricalEvents,
  parseHistoricalEventOdds,
  parseHistoricalEvents,
  snapTime,
} from './historical.ts';

/**
 * The Odds API v4 client (spec 01 §4): one events call for the Eastern day, then one event-odds
 * call per event of that day, mapped by the same pure parse/map code the simulator uses.
 * Quota: each call's x-requests-* headers are kept; a per-run budget and a floor on the
 * remaining quota stop the run before a call that would cross them, recording the calls it
 * did not make as BUDGET_EXHAUSTED.
 */
export type OddsApiConfig = Config['sources']['oddsApi'];

export class OddsApiAuthError extends Error {}

export interface OddsFetchResult {
  events: number;
  events_on_date: number;
  no_markets: number;
  not_found: number;
  budget_exhausted: number;
  credits_spent: number;
  quota_remaining: number | null;
}

export class OddsApiClient {
  private spent = 0;
  private remaining: number | null = null;

  constructor(
    private readonly run: LiveRun,
    private readonly cfg: OddsApiConfig,
    private readonly apiKey: string,
  ) {}

  private url(path: string): string {
    return `${this.cfg.baseUrl.replace(/\/$/, '')}${path}${path.includes('?') ? '&' : '?'}apiKey=${encodeURIComponent(this.apiKey)}`;
  }

  private query() {
    return {
      regions: this.cfg.regions,
      markets: this.cfg.markets,
      oddsFormat: this.cfg.oddsFormat,
      bookmakers: this.cfg.bookmakers,
    };
  }

  /** Estimated credits of one odds call: markets × regions (× 10 historical). Events calls cost 1. */
  estimate(kind: 'events' | 'odds', historical: boolean): number {
    const base =
      kind === 'events' ? 1 : this.cfg.markets.split(',').length * this.cfg.regions.split(',').length;
    return historical ? base * 10 : base;
  }

  private budgetAllows(cost: number): boolean {
    if (this.spent + cost > this.cfg.runBudget) return false;
    if (this.remaining !== null && this.remaining < this.cfg.minRemaining) return false;
    return true;
  }

  /** One call through the budget; null when the budget stopped it (recorded). */
  private async get(path: string, key: string, cost: number) {
    const url = this.url(path);
    if (!this.budgetAllows(cost)) {
      await this.run.recordOnly({ url, key, error: 'BUDGET_EXHAUSTED' });
      this.run.warn('BUDGET_EXHAUSTED');
      return null;
    }
    const c = await this.run.call(url, key);
    const q = quotaOf(c.res.headers);
    // The real cost comes from x-requests-last, not the estimate.
    this.spent += q.quota_last ?? cost;
    if (q.quota_remaining !== null) this.remaining = q.quota_remaining;
    if ([401, 403, 422].includes(c.res.status)) {
      await this.run.recordOnly({
        url,
        key,
        started: c.started,
        duration: c.duration,
        attempt: c.attempt,
        status: c.res.status,
        headers: c.res.headers,
      });
      throw new OddsApiAuthError(
        `The Odds API refused the request (HTTP ${c.res.status}); check the config key oddsApiKey (COURTEDGE_ODDS_API_KEY) and the plan's access`,
      );
    }
    return { ...c, url, key };
  }

  /**
   * Fetches and ingests the lines of one Eastern date: live (captured_at = response time) or,
   * with `historicalAt`, the snapshot at that instant (snapped down; the events and odds
   * calls use the same T).
   */
  async fetchDate(date: string, opts: { historicalAt?: string } = {}): Promise<OddsFetchResult> {
    const hist = opts.historicalAt ? snapTime(opts.historicalAt, this.cfg.historicalSnapMinutes) : null;
    const out: OddsFetchResult = {
      events: 0,
      events_on_date: 0,
      no_markets: 0,
      not_found: 0,
      budget_exhausted: 0,
      credits_spent: 0,
      quota_remaining: null,
    };
    const from = etWallTimeToUtc(date, '00:00').toISOString();
    const to = new Date(etWallTimeToUtc(addDays(date, 1), '00:00').getTime() - 1000).toISOString();
    const evPath = hist ? historicalEventsPath(hist) : eventsPath(from, to);
    const ev = await this.get(evPath, `events:${date}`, this.estimate('events', !!hist));
    if (!ev) return this.finish(out, 1);
    if (ev.res.status !== 200) {
      await this.run.recordOnly({
        url: ev.url,
        key: ev.key,
        started: ev.started,
        duration: ev.duration,
        attempt: ev.attempt,
        status: ev.res.status,
        headers: ev.res.headers,
      });
      throw new HttpError(
        `events call for ${date} answered HTTP ${ev.res.status}`,
        ev.url,
        ev.res.status,
        'RETRIES_EXHAUSTED',
      );
    }
    let events: Array<{ id: string; commence_time: string }> = [];
    await this.run.ingest(ev, (body) => {
      if (hist) {
        const p = parseOrThrow(parseHistoricalEvents(body));
        events = p.data;
        return mapHistoricalEvents(p);
      }
      const p = parseOrThrow(parseEvents(body));
      events = p;
      return mapEvents(p);
    });
    out.events = events.length;
    const onDate = events.filter((e) => etDate(e.commence_time) === date);
    out.events_on_date = onDate.length;
    let skippedForBudget = 0;
    for (const e of onDate) {
      const path = hist
        ? historicalEventOddsPath(e.id, hist, this.query())
        : eventOddsPath(e.id, this.query());
      const c = await this.get(path, `event_odds:${e.id}`, this.estimate('odds', !!hist));
      if (!c) {
        skippedForBudget++;
        continue;
      }
      if (c.res.status === 204) {
        out.no_markets++;
        await this.run.recordOnly({
          url: c.url,
          key: c.key,
          started: c.started,
          duration: c.duration,
          attempt: c.attempt,
          status: 204,
          headers: c.res.headers,
        });
        continue;
      }
      if (c.res.status === 404) {
        out.not_found++;
        this.run.warn('EVENT_NOT_FOUND');
        await this.run.recordOnly({
          url: c.url,
          key: c.key,
          started: c.started,
          duration: c.duration,
          attempt: c.attempt,
          status: 404,
          headers: c.res.headers,
        });
        continue;
      }
      if (c.res.status !== 200) {
        this.run.warn(`HTTP_${c.res.status}`);
        await this.run.recordOnly({
          url: c.url,
          key: c.key,
          started: c.started,
          duration: c.duration,
          attempt: c.attempt,
          status: c.res.status,
          headers: c.res.headers,
        });
        continue;
      }
      const capturedAt = this.run.now().toISOString();
      await this.run.ingest(c, (body): MappedPayload => {
        if (hist) {
          const p = parseOrThrow(parseHistoricalEventOdds(body));
          if (!p.data.bookmakers.length) out.no_markets++;
          return mapHistoricalEventOdds(p, { oddsFormat: this.cfg.oddsFormat });
        }
        const p = parseOrThrow(parseEventOdds(body));
        if (!p.bookmakers.length) out.no_markets++;
        return mapEventOdds(p, { captured_at: capturedAt, oddsFormat: this.cfg.oddsFormat });
      });
    }
    return this.finish(out, skippedForBudget);
  }

  private finish(out: OddsFetchResult, skipped: number): OddsFetchResult {
    out.budget_exhausted = skipped;
    out.credits_spent = this.spent;
    out.quota_remaining = this.remaining;
    return out;
  }
}
