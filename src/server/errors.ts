import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Logger } from '../config/log.ts';

/** An error whose status and JSON body are meant for the client as they are. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    super(String(body.error ?? statusCode));
    this.name = 'HttpError';
    this.headers = headers;
  }
  readonly headers: Record<string, string>;
}

export interface Issue {
  path: string;
  message: string;
}

export function badRequest(issues: Issue[]): HttpError {
  return new HttpError(400, { error: 'bad_request', issues });
}

/** Parses params/query/body with a zod schema; a failure is a 400 naming each field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw badRequest(
    r.error.issues.map((i) => ({
      path: [where, ...i.path.map(String)].join('.'),
      message: i.code === 'unrecognized_keys' ? `unknown key(s): ${(i as any).keys.join(', ')}` : i.message,
    })),
  );
}

/** Fastify's own 4xx codes that we answer with a fixed body (their messages may quote input). */
const FASTIFY_4XX: Record<string, { status: number; body: Record<string, unknown> }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, body: { error: 'payload_too_large' } },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, body: { error: 'unsupported_media_type' } },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    body: { error: 'bad_request', issues: [{ path: 'body', message: 'empty JSON body' }] },
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    body: { error: 'bad_request', issues: [{ path: 'body', message: 'body is not valid JSON' }] },
  },
};

const NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * The one error handler (spec 07 §3): client errors get a fixed, small body; anything else is
 * logged with its stack and answered `{error: "internal", request_id}`, so no stack trace,
 * SQL, path, config value or token ever reaches a response.
 */
export function errorHandler(log: Logger) {
  return (err: FastifyError & { retry_after_s?: number }, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return reply.code(err.statusCode).send(err.body);
    }
    if (err.statusCode === 429 && err.retry_after_s !== undefined) {
      return reply.code(429).send({ error: 'rate_limited', retry_after_s: err.retry_after_s });
    }
    const known = err.code ? FASTIFY_4XX[err.code] : undefined;
    if (known) return reply.code(known.status).send(known.body);
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: NAMES[status] ?? 'bad_request' });
    }
    log.error({ err, request_id: req.id, route: req.routeOptions.url }, 'request failed');
    return reply.code(500).send({ error: 'internal', request_id: req.id });
  };
}
