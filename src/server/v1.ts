import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';
import { type ExportCache, type ExportEntry, pickEncoding } from './exports.ts';
import { matchV1Path } from './paths.ts';

/** `If-None-Match` holds our strong ETag (a list, weak forms and `*` included, RFC 9110 §13.1.2). */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  for (const part of header.split(',')) {
    const t = part.trim();
    if (t === etag || (t.startsWith('W/') && t.slice(2) === etag)) return true;
  }
  return false;
}

export interface V1Response {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** CORS for the public files (server.corsOrigins): '*' or the request's Origin when listed. */
export function corsHeaders(
  origins: readonly string[],
): (origin: string | undefined) => Record<string, string> {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  const star = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag' };
  return (origin) => {
    if (any) return star;
    const out: Record<string, string> = { 'access-control-expose-headers': 'ETag' };
    if (origin && allowed.has(origin)) out['access-control-allow-origin'] = origin;
    return out;
  };
}

/**
 * The answer for a published file, the same for the Fastify route and the raw fast path
 * (fast-v1.ts): ETag = manifest sha256, Cache-Control from the manifest, 304 on a matching
 * If-None-Match, else the precompressed copy the client accepts (br, gzip) or the bytes.
 */
export function v1Response(
  headers: IncomingHttpHeaders,
  e: ExportEntry,
  cors: Record<string, string> | null,
  corsVary: boolean,
): V1Response {
  const h: Record<string, string> = {
    etag: e.etag,
    'cache-control': e.cacheControl,
    vary: corsVary ? 'Origin, Accept-Encoding' : 'Accept-Encoding',
    ...cors,
  };
  if (notModified(headers['if-none-match'], e.etag)) return { status: 304, headers: h, body: null };
  h['content-type'] = 'application/json; charset=utf-8';
  const enc = pickEncoding(headers['accept-encoding']);
  if (enc) h['content-encoding'] = enc;
  return { status: 200, headers: h, body: enc === 'br' ? e.br : enc === 'gzip' ? e.gzip : e.raw };
}

export interface V1Options {
  cache: ExportCache;
  corsOrigins: string[];
  isAdmin: (req: FastifyRequest) => boolean;
  unauthorized: (req: FastifyRequest) => HttpError;
}

/**
 * `GET /v1/<path>` (spec 07 §3): the allow-list decides, the bytes and their precompressed
 * copies come from the ExportCache. The route opts out of @fastify/compress (the copies are
 * compressed once per sha256, never per request). CORS applies to the public files only
 * (`v1/admin/*` gets none); it is two headers set here, not a per-request plugin hook.
 */
export async function v1Routes(f: FastifyInstance, o: V1Options): Promise<void> {
  const cors = corsHeaders(o.corsOrigins);
  const varyOrigin = !o.corsOrigins.includes('*');

  f.get('/v1/*', { compress: false }, (req: FastifyRequest, reply: FastifyReply) => {
    const m = matchV1Path((req.params as { '*': string })['*']);
    if (!m.ok) {
      throw m.status === 400
        ? new HttpError(400, { error: 'bad_request', issues: [{ path: 'path', message: m.message }] })
        : new HttpError(404, { error: 'not_found' });
    }
    if (m.admin && !o.isAdmin(req)) throw o.unauthorized(req);
    const e = o.cache.get(m.file);
    if (!e) throw new HttpError(404, { error: 'not_found' });
    const r = v1Response(req.headers, e, m.admin ? null : cors(req.headers.origin), varyOrigin && !m.admin);
    reply.code(r.status).headers(r.headers);
    return reply.send(r.body ?? undefined);
  });

  // A preflight (a page sending If-None-Match by hand): public files only.
  f.options('/v1/*', (req: FastifyRequest, reply: FastifyReply) => {
    if (!(req.params as { '*': string })['*'].startsWith('admin/')) {
      reply.headers({
        ...cors(req.headers.origin),
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-allow-headers': 'If-None-Match, Accept-Encoding',
        'access-control-max-age': '600',
      });
    }
    return reply.code(204).send();
  });
}
