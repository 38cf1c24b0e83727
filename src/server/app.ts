import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { type App, UsageError } from '../orchestrate/app.ts';
import { type AdminActions, orchestrateActions } from './actions.ts';
import { adminRoutes } from './admin.ts';
import { tokenChecker } from './auth.ts';
import { errorHandler, HttpError } from './errors.ts';
import { ExportCache } from './exports.ts';
import { fastV1 } from './fast-v1.ts';
import { healthRoute } from './health.ts';
import { Jobs } from './jobs.ts';
import { RequestCounter, rateKey } from './limiter.ts';
import { v1Routes } from './v1.ts';

export interface ServerOptions {
  app: App;
  /** Replace some use cases (a test's forced failure); default: src/orchestrate's. */
  actions?: Partial<AdminActions>;
  /** Options of the server's one prediction runtime (threads, a test's queue). */
  predict?: Parameters<typeof orchestrateActions>[0];
  /** Export directory holding v1/ (default: config publish.dir). */
  exportDir?: string;
  /** Built web app (default: config server.webDir, else web/dist of the installation); null: none. */
  webDir?: string | null;
  version?: string;
}

export interface CourtedgeServer {
  fastify: FastifyInstance<any, any, any, any>;
  exports: ExportCache;
  jobs: Jobs;
}

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
const CSP = "default-src 'self'";

const isAdminUrl = (url: string) => url.startsWith('/api/admin') || url.startsWith('/v1/admin/');

const DOT_DOT = /(^|\/)\.\.(\/|$)/;
const safeDecode = (p: string) => {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
};

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * The HTTP API of spec 07 §3 on one Fastify instance (not listening: `startServer` listens;
 * tests use `fastify.inject`). Order of work per request: security headers, rate limit (per
 * IP; admin and public counted apart), auth (admin scopes), the route, the one error handler,
 * one log line.
 */
export async function buildServer(opts: ServerOptions): Promise<CourtedgeServer> {
  const { app } = opts;
  const cfg = app.config.server;
  const log = app.log;
  const checkToken = tokenChecker(app.config.adminToken);
  const bound = orchestrateActions(opts.predict);
  const actions: AdminActions = { ...bound, ...opts.actions };
  const exportDir = resolve(opts.exportDir ?? app.config.publish.dir);
  const cache = new ExportCache(exportDir);
  const jobs = new Jobs(log);
  const version = opts.version ?? packageVersion();
  const idPrefix = randomBytes(4).toString('hex');
  let reqCounter = 0;
  const logRequests = log.isLevelEnabled('info');

  const nextId = () => `${idPrefix}${(++reqCounter).toString(16).padStart(8, '0')}`;
  const counter = new RequestCounter(60_000);
  const fast = cfg.trustProxy
    ? null
    : fastV1({
        cache,
        counter,
        publicPerMinute: cfg.rateLimit.publicPerMinute,
        corsOrigins: cfg.corsOrigins,
        securityHeaders: SECURITY_HEADERS,
        nextId,
        log,
      });

  const f = Fastify({
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (!fast?.(req, res)) handler(req, res);
      }),
    loggerInstance: log,
    // One line per request is ours (onResponse below), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: cfg.bodyLimitBytes,
    trustProxy: cfg.trustProxy,
    requestIdHeader: false,
    // A per-process random prefix and a counter: unique, and no crypto call per request.
    genReqId: nextId,
  });

  f.addHook('onRequest', (req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    // A dot-dot segment (raw or percent-encoded) names nothing we serve: 404 before any route or
    // the static files (whose own answer would be 403), never a file outside the served roots.
    if (DOT_DOT.test(safeDecode(req.url.split('?')[0]))) {
      reply.code(404).send({ error: 'not_found' });
      return;
    }
    done();
  });
  f.addHook('onClose', async () => {
    await bound.close();
  });
  f.addHook('onResponse', (req, reply, done) => {
    if (logRequests)
      log.info(
        {
          method: req.method,
          route: req.routeOptions.url ?? '(none)',
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          request_id: req.id,
        },
        'request',
      );
    done();
  });

  const unauthorized = (req: FastifyRequest) => {
    log.warn({ ip: req.ip, route: req.routeOptions.url ?? req.url.split('?')[0] }, 'admin request refused');
    return new HttpError(401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
  };
  const isAdmin = (req: FastifyRequest) => checkToken(req.headers.authorization);

  f.setErrorHandler((err: any, req, reply) => {
    // A use case's refusal of its input (UsageError, the registry's RegistryError): a 400 with its one line.
    if (err instanceof UsageError || err?.name === 'RegistryError') {
      return reply.code(400).send({ error: 'bad_request', issues: [{ path: '', message: err.message }] });
    }
    return errorHandler(log)(err, req, reply);
  });

  await f.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    store: counter.asStore() as any,
    keyGenerator: (req) => rateKey(isAdminUrl(req.url), req.ip),
    max: (_req, key) => (key.startsWith('a|') ? cfg.rateLimit.adminPerMinute : cfg.rateLimit.publicPerMinute),
    // No X-RateLimit-* headers on every answer (the raw /v1 path sends none either); a 429
    // carries Retry-After.
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': true,
    },
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error('rate limited'), {
        statusCode: 429,
        retry_after_s: Math.max(1, Math.ceil(ctx.ttl / 1000)),
      }),
  });
  await f.register(compress, { global: true, threshold: 1024 });

  await f.register(v1Routes, { cache, corsOrigins: cfg.corsOrigins, isAdmin, unauthorized });
  await f.register(healthRoute, { app, cache, version });
  await f.register(
    async (admin) => {
      admin.addHook('onRequest', async (req) => {
        if (!isAdmin(req)) throw unauthorized(req);
      });
      await adminRoutes(admin, { app, actions, jobs, changed: () => cache.invalidate() });
    },
    { prefix: '/api/admin' },
  );

  const webDir =
    opts.webDir === null ? null : resolve(opts.webDir ?? cfg.webDir ?? join(REPO_ROOT, 'web', 'dist'));
  const indexHtml = webDir && existsSync(join(webDir, 'index.html')) ? join(webDir, 'index.html') : null;
  if (webDir && indexHtml) {
    // `/` is the Best Bets page: with index: false the static plugin answers a directory with 403.
    f.get('/', (_req, reply) =>
      reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .type('text/html; charset=utf-8')
        .send(readFileSync(indexHtml)),
    );
    await f.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      index: false,
      wildcard: true,
      serveDotFiles: false,
      cacheControl: false,
      setHeaders: (res, path) => {
        if (path.endsWith('.html')) {
          res.header('cache-control', 'no-cache');
          res.header('content-security-policy', CSP);
        } else if (/[/\\]assets[/\\]/.test(path)) {
          res.header('cache-control', 'public, max-age=31536000, immutable');
        } else {
          res.header('cache-control', 'public, max-age=300');
        }
      },
    });
  }

  // Unknown non-API GETs are the web app's own routes (/history, /player/x): index.html.
  f.setNotFoundHandler({ preHandler: f.rateLimit() as any }, (req, reply) => {
    const path = req.url.split('?')[0];
    const api = path.startsWith('/api/') || path === '/api' || path.startsWith('/v1/') || path === '/v1';
    if (indexHtml && (req.method === 'GET' || req.method === 'HEAD') && !api) {
      return reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .type('text/html; charset=utf-8')
        .send(readFileSync(indexHtml));
    }
    return reply.code(404).send({ error: 'not_found' });
  });

  return { fastify: f, exports: cache, jobs };
}
