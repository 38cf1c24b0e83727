import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../config/log.ts';
import type { ExportCache } from './exports.ts';
import { type RequestCounter, rateKey } from './limiter.ts';
import { matchV1Path } from './paths.ts';
import { corsHeaders, v1Response } from './v1.ts';

export interface FastPathOptions {
  cache: ExportCache;
  counter: RequestCounter;
  publicPerMinute: number;
  corsOrigins: string[];
  securityHeaders: Record<string, string>;
  nextId: () => string;
  log: Logger;
}

/**
 * The hot path of the public site: a GET/HEAD of a published public /v1 file with a plain
 * path (no '%', no query) is answered on the raw Node request, before Fastify's routing,
 * hooks and reply objects (which cost about half of each request's CPU on this file). It
 * gives the same answer as the Fastify route (v1Response), counts in the same rate-limit
 * windows, sends the same security headers and writes the same log line. Anything else —
 * admin files, a path outside the allow-list, a bad date, a file not published, a client
 * over its limit (Fastify answers the 429), trustProxy on — returns false and goes to Fastify.
 */
export function fastV1(o: FastPathOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const cors = corsHeaders(o.corsOrigins);
  const anyOrigin = o.corsOrigins.includes('*');
  const logRequests = o.log.isLevelEnabled('info');
  // With corsOrigins ["*"] the whole header set depends only on the file and the encoding:
  // built once per (sha256, encoding), so a request allocates next to nothing.
  const prebuilt = new Map<string, Record<string, string>>();
  return (req, res) => {
    const url = req.url;
    if (!url || (req.method !== 'GET' && req.method !== 'HEAD') || !url.startsWith('/v1/')) return false;
    if (url.includes('%') || url.includes('?')) return false;
    const m = matchV1Path(url.slice(4));
    if (!m.ok || m.admin) return false;
    const e = o.cache.get(m.file);
    if (!e) return false;
    const t0 = logRequests ? performance.now() : 0;
    const ip = req.socket.remoteAddress ?? '';
    const hit = o.counter.hit(ip.startsWith('::ffff:') ? rateKey(false, ip) : ip);
    if (hit.current > o.publicPerMinute) return false;
    const r = v1Response(req.headers, e, anyOrigin ? null : cors(req.headers.origin), !anyOrigin);
    let headers: Record<string, string>;
    const key = anyOrigin ? `${e.sha256}|${r.status}|${r.headers['content-encoding'] ?? ''}` : null;
    const cached = key ? prebuilt.get(key) : undefined;
    if (cached) headers = cached;
    else {
      headers = { ...o.securityHeaders, ...r.headers, ...(anyOrigin ? cors(undefined) : null) };
      if (r.body) headers['content-length'] = String(r.body.length);
      if (key) {
        if (prebuilt.size > 1000) prebuilt.clear();
        prebuilt.set(key, headers);
      }
    }
    res.writeHead(r.status, headers);
    res.end(req.method === 'HEAD' ? undefined : (r.body ?? undefined));
    if (logRequests) {
      o.log.info(
        {
          method: req.method,
          route: '/v1/*',
          status: r.status,
          ms: Math.round((performance.now() - t0) * 10) / 10,
          request_id: o.nextId(),
        },
        'request',
      );
    }
    return true;
  };
}
