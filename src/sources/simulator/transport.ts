import type { Transport, TransportRequest, TransportResponse } from '../transport.ts';
import type { SimLeague } from './league-sim.ts';
import {
  boxScoreBody,
  eventIdOf,
  eventOddsBody,
  eventsBody,
  injuryCsv,
  injuryReports,
  scheduleBody,
} from './payloads.ts';
import type { InjuryReport, SimGame, SimSeason } from './season.ts';

/**
 * A Transport that answers the real URLs from the simulated league at a simulated clock
 * (spec 01 §10): the CDN schedule and box scores, the Odds API events, event odds and
 * historical odds (with quota headers), and the injury CSV at `SIM_INJURIES_URL`. Set `now`
 * before each request; nothing later than `now` is visible. Unknown URLs answer 404.
 */
export const SIM_INJURIES_URL = 'https://sim.courtedge.invalid/injuries.csv';

const CDN_SCHEDULE = /^https:\/\/cdn\.nba\.com\/static\/json\/staticData\/scheduleLeagueV2\.json$/;
const CDN_BOX = /^https:\/\/cdn\.nba\.com\/static\/json\/liveData\/boxscore\/boxscore_(\d{10})\.json$/;
const ODDS =
  /^https:\/\/api\.the-odds-api\.com\/v4\/(historical\/)?sports\/basketball_nba\/events(?:\/([0-9a-f]{32})\/odds)?\/?$/;

export class SimTransport implements Transport {
  /** The simulated instant (ISO) the next request happens at. */
  now: string;
  private used = 0;
  private readonly byEvent = new Map<string, { season: SimSeason; game: SimGame }>();
  private readonly byGame = new Map<string, SimGame>();
  private readonly reports: InjuryReport[];

  constructor(
    private readonly league: SimLeague,
    opts: { now?: string; quota?: number } = {},
  ) {
    this.now = opts.now ?? new Date(0).toISOString();
    this.quota = opts.quota ?? 1_000_000_000;
    for (const s of league.seasons) {
      for (const g of s.games) {
        this.byEvent.set(eventIdOf(g.gameId), { season: s, game: g });
        this.byGame.set(g.gameId, g);
      }
    }
    this.reports = league.seasons.flatMap((s) => injuryReports(s));
  }

  private readonly quota: number;

  /** The season a date belongs to: the latest whose opener is at most 60 days ahead. */
  seasonAt(t: string): SimSeason {
    let pick = this.league.seasons[0];
    for (const s of this.league.seasons) {
      if (Date.parse(s.opener) - 60 * 86_400_000 <= Date.parse(t)) pick = s;
    }
    return pick;
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    return this.answer(req.url);
  }

  /** Synchronous core of `request` (the simulator's own driver calls it in bulk). */
  answer(rawUrl: string): TransportResponse {
    const t = this.now;
    const date = new Date(t).toUTCString();
    const json = (status: number, body: string, extra: Record<string, string> = {}): TransportResponse => ({
      status,
      headers: { 'content-type': 'application/json', date, ...extra },
      body,
    });
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const params = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    if (CDN_SCHEDULE.test(path)) return json(200, scheduleBody(this.seasonAt(t), t));
    const box = CDN_BOX.exec(path);
    if (box) {
      const g = this.byGame.get(box[1]);
      const body = g ? boxScoreBody(g, t) : null;
      return body
        ? json(200, body)
        : json(403, '<Error><Code>AccessDenied</Code></Error>', { 'content-type': 'application/xml' });
    }
    if (path === SIM_INJURIES_URL) {
      let last: InjuryReport | null = null;
      for (const r of this.reports) if (r.reportTime <= t) last = r;
      return { status: 200, headers: { 'content-type': 'text/csv', date }, body: injuryCsv(last) };
    }
    const odds = ODDS.exec(path);
    if (odds) {
      const historical = !!odds[1];
      const at = historical ? (params.get('date') ?? '') : t;
      if (historical && (Number.isNaN(Date.parse(at)) || at > t))
        return json(422, '{"message":"Invalid date"}');
      const markets = params.get('markets') ?? 'h2h';
      const regions = Math.max(1, (params.get('regions') ?? 'us').split(',').length);
      const cost = odds[2] ? markets.split(',').length * regions * (historical ? 10 : 1) : historical ? 1 : 0;
      this.used += cost;
      const quota = {
        'x-requests-remaining': String(Math.max(0, this.quota - this.used)),
        'x-requests-used': String(this.used),
        'x-requests-last': String(cost),
      };
      let body: string | null;
      if (!odds[2]) {
        const from = params.get('commenceTimeFrom') ?? '1970-01-01T00:00:00Z';
        const to = params.get('commenceTimeTo') ?? '2999-01-01T00:00:00Z';
        body = eventsBody(this.seasonAt(at), at, new Date(from).toISOString(), new Date(to).toISOString());
      } else {
        const hit = this.byEvent.get(odds[2]);
        body = hit
          ? eventOddsBody(hit.season, hit.game, at, { markets, bookmakers: params.get('bookmakers') })
          : null;
      }
      if (body === null) return json(404, '{"message":"Event not found"}', quota);
      if (historical) {
        const snapped = at.replace(/\.\d{3}Z$/, 'Z');
        body = `{"timestamp":"${snapped}","previous_timestamp":null,"next_timestamp":null,"data":${body}}`;
      }
      return json(200, body, quota);
    }
    return json(404, '{"message":"Not found"}');
  }
}
