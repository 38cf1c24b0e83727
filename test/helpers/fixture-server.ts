import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './real-data.ts';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export const LIVE_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'live');

export function fixture(name: string): string {
  return readFileSync(join(LIVE_FIXTURES, name), 'utf8');
}

/**
 * A real HTTP server on 127.0.0.1 that answers recorded fixtures: `route(pathname)` returns a
 * reply or a queue of replies (one per request, the last repeating). Every request is kept
 * so tests can assert what the client sent (and that the key went only where it should).
 */
export class FixtureServer {
  private server: Server | null = null;
  readonly requests: Array<{ path: string; query: URLSearchParams }> = [];
  private queues = new Map<string, Reply[]>();
  base = '';

  constructor(
    private readonly route: (
      path: string,
      query: URLSearchParams,
      req: IncomingMessage,
    ) => Reply | Reply[] | null,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://fixture');
      this.requests.push({ path: u.pathname, query: u.searchParams });
      let reply: Reply | null;
      const queued = this.queues.get(u.pathname);
      if (queued?.length) reply = queued.length > 1 ? queued.shift()! : queued[0];
      else {
        const r = this.route(u.pathname, u.searchParams, req);
        if (Array.isArray(r)) {
          this.queues.set(u.pathname, r.slice(1));
          reply = r[0];
          if (r.length === 1) this.queues.delete(u.pathname);
        } else reply = r;
      }
      reply ??= { status: 404, body: '{"message":"not found"}' };
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(reply.body ?? '');
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

export const QUOTA = { 'x-requests-remaining': '19000', 'x-requests-used': '1000', 'x-requests-last': '3' };

/** The NBA CDN and Odds API fixtures of 2025-11-05 (BOS–NYK final, LAL–GSW not started). */
export function liveRoutes(path: string): Reply | null {
  const ok = (file: string, headers: Record<string, string> = {}) => ({
    status: 200,
    body: fixture(file),
    headers,
  });
  switch (path) {
    case '/static/json/staticData/scheduleLeagueV2.json':
      return ok('schedule.json');
    case '/static/json/liveData/boxscore/boxscore_0022500200.json':
      return ok('boxscore_0022500200.json');
    case '/static/json/liveData/boxscore/boxscore_0022500201.json':
      return ok('boxscore_0022500201_live.json');
    case '/v4/sports/basketball_nba/events':
      return ok('events_20251105.json', { ...QUOTA, 'x-requests-last': '1' });
    case '/v4/sports/basketball_nba/events/e_bos_nyk/odds':
      return ok('event_odds_e_bos_nyk_full.json', QUOTA);
    case '/v4/sports/basketball_nba/events/e_lal_gsw/odds':
      return { status: 204, headers: QUOTA };
    case '/v4/historical/sports/basketball_nba/events':
      return ok('historical_events_20251105.json', { ...QUOTA, 'x-requests-last': '10' });
    case '/v4/historical/sports/basketball_nba/events/e_bos_nyk/odds':
      return ok('historical_event_odds_e_bos_nyk.json', { ...QUOTA, 'x-requests-last': '30' });
    case '/v4/historical/sports/basketball_nba/events/e_lal_gsw/odds':
      return { status: 404, body: '{"message":"event not found"}', headers: QUOTA };
    default:
      return null;
  }
}
