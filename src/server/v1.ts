import cors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';
import { type ExportCache, pickEncoding } from './exports.ts';
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

export interface V1Options {
  cache: ExportCache;
  corsOrigins: string[];
  isAdmin: (req: FastifyRequest) => boolean;
  unauthorized: (req: FastifyRequest) => HttpError;
}

/**
 * `GET /v1/<path>` (spec 07 §3): the allow-list decides, the bytes and their precompressed
 * copies come from the ExportCache, ETag is the manifest's sha256. The route opts out of
 * @fastify/compress (it holds gzip/brotli copies already, so nothing is compressed per request).
 * CORS applies to the public files only (`v1/admin/*` gets no CORS headers).
 */
export async function v1Routes(f: FastifyInstance, o: V1Options): Promise<void> {
  const anyOrigin = o.corsOrigins.includes('*');
  await f.register(cors, {
    methods: ['GET', 'HEAD'],
    exposedHeaders: ['ETag'],
    maxAge: 600,
    delegator: (req, cb) => {
      const admin = (req.url ?? '').startsWith('/v1/admin/');
      cb(null, { origin: admin ? false : anyOrigin ? '*' : o.corsOrigins });
    },
  });

  f.get('/v1/*', { compress: false }, (req: FastifyRequest, reply: FastifyReply) => {
    const rest = (req.params as { '*': string })['*'];
    const m = matchV1Path(rest);
    if (!m.ok) {
      throw m.status === 400
        ? new HttpError(400, { error: 'bad_request', issues: [{ path: 'path', message: m.message }] })
        : new HttpError(404, { error: 'not_found' });
    }
    if (m.admin && !o.isAdmin(req)) throw o.unauthorized(req);
    const e = o.cache.get(m.file);
    if (!e) throw new HttpError(404, { error: 'not_found' });
    reply.header('etag', e.etag);
    reply.header('cache-control', e.cacheControl);
    reply.header('vary', 'Accept-Encoding');
    if (notModified(req.headers['if-none-match'], e.etag)) {
      return reply.code(304).send();
    }
    reply.header('content-type', 'application/json; charset=utf-8');
    const enc = pickEncoding(req.headers['accept-encoding']);
    if (enc) reply.header('content-encoding', enc);
    return reply.send(enc === 'br' ? e.br : enc === 'gzip' ? e.gzip : e.raw);
  });
}
