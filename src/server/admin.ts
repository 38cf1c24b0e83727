import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.ts';
import type { App } from '../orchestrate/app.ts';
import { REPORT_KINDS } from '../orchestrate/reports.ts';
import { type AdminActions, PHASES } from './actions.ts';
import { HttpError, parseInput } from './errors.ts';
import type { Jobs } from './jobs.ts';

const date = z.string().refine(isIsoDate, 'expected a calendar date YYYY-MM-DD');
const MODES = ['FIRST', 'RETRY', 'FINAL_RETRY', 'LAST_CALL', 'LINE_UPDATE', 'BACKFILL'] as const;

const batchBody = z.strictObject({
  date: z.union([date, z.enum(['today', 'tomorrow'])]),
  mode: z.enum(MODES).optional(),
  force: z.boolean().optional(),
  skip_completeness: z.boolean().optional(),
});
const dateBody = z.strictObject({ date: date.optional() });
const reasonBody = z.strictObject({ reason: z.string().trim().min(1, 'a reason is required').max(500) });
const optionalReason = z.strictObject({ reason: z.string().trim().max(500).optional() });
const runsQuery = z.strictObject({
  phase: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const reportQuery = z.strictObject({
  from: date,
  to: date,
  model: z.string().max(200).optional(),
  min_edge: z.coerce.number().min(0).max(50).optional(),
});
const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'not an id');

export interface AdminOptions {
  app: App;
  actions: AdminActions;
  jobs: Jobs;
  /** After an action that may have re-exported files: look at the manifest again. */
  changed: () => void;
}

/**
 * `/api/admin/*` (spec 07 §3). The bearer check runs in the scope's onRequest hook (after the
 * rate limit), so no handler runs without it. Long work answers 202 with its run id at once;
 * a second start while it runs is a 409 with the running id.
 */
export async function adminRoutes(f: FastifyInstance, o: AdminOptions): Promise<void> {
  const { app, actions, jobs } = o;

  f.post('/batches', async (req, reply) => {
    const b = parseInput(batchBody, req.body, 'body');
    return startBatch(reply, {
      date: b.date,
      mode: b.mode,
      force: b.force,
      skipCompleteness: b.skip_completeness,
    });
  });

  async function startBatch(
    reply: FastifyReply,
    req: { date: string; mode?: string; force?: boolean; skipCompleteness?: boolean },
  ) {
    const r = await actions.startBatch(app, req);
    if (r.outcome === 'conflict') {
      return reply.code(409).send({ error: 'already_running', batch_id: r.batch_id, status: r.status });
    }
    return reply.code(202).send({ batch_id: r.batch_id, run_id: r.run_id ?? null });
  }

  f.get('/batches/:batch_id', async (req) => {
    const p = parseInput(z.strictObject({ batch_id: id }), req.params, 'params');
    const b = await actions.getBatch(app, p.batch_id);
    if (!b) throw new HttpError(404, { error: 'not_found' });
    return b;
  });

  f.post('/phases/:phase', async (req, reply) => {
    const p = parseInput(z.strictObject({ phase: z.enum(PHASES) }), req.params, 'params');
    const b = parseInput(dateBody, req.body, 'body');
    if (p.phase === 'predict') {
      if (!b.date)
        throw new HttpError(400, {
          error: 'bad_request',
          issues: [{ path: 'body.date', message: 'required' }],
        });
      return startBatch(reply, { date: b.date });
    }
    return startJob(reply, `${p.phase}|${b.date ?? 'today'}`, p.phase, () => actions.phase(app, p.phase, b));
  });

  f.post('/export', async (req, reply) => {
    const b = parseInput(dateBody, req.body, 'body');
    return startJob(reply, `publish|${b.date ?? 'today'}`, 'publish', () => actions.exportDate(app, b));
  });

  async function startJob(reply: FastifyReply, key: string, phase: string, work: () => Promise<unknown>) {
    const r = await jobs.start(key, phase, async () => {
      try {
        return await work();
      } finally {
        o.changed();
      }
    });
    if (r.outcome === 'conflict') return reply.code(409).send({ error: 'already_running', run_id: r.run_id });
    if (r.outcome === 'started') return reply.code(202).send({ run_id: r.run_id });
    return reply.code(200).send({ run_id: r.run_id, result: r.result ?? null });
  }

  f.get('/runs', async (req) => {
    const q = parseInput(runsQuery, req.query, 'query');
    return { runs: await actions.listRuns(app, q) };
  });

  f.get('/runs/:run_id', async (req) => {
    const p = parseInput(z.strictObject({ run_id: id }), req.params, 'params');
    const run = await actions.getRun(app, p.run_id);
    if (!run) throw new HttpError(404, { error: 'not_found' });
    return run;
  });

  for (const verb of ['enable', 'disable'] as const) {
    f.post(`/models/:system_id/${verb}`, async (req) => {
      const p = parseInput(z.strictObject({ system_id: id }), req.params, 'params');
      const b = parseInput(verb === 'disable' ? reasonBody : optionalReason, req.body, 'body');
      const out = await actions.setModelEnabled(app, {
        system_id: p.system_id,
        enabled: verb === 'enable',
        reason: b.reason ?? '',
        by: 'api',
      });
      o.changed();
      return out;
    });
  }

  f.post('/halt', async (req) => {
    const b = parseInput(reasonBody, req.body, 'body');
    const h = await actions.setHalt(app, { reason: b.reason, by: 'api' });
    o.changed();
    return h;
  });

  f.delete('/halt', async () => {
    const h = await actions.clearHalt(app, { by: 'api' });
    o.changed();
    return h;
  });

  f.get('/reports/:kind', async (req) => {
    const p = parseInput(
      z.strictObject({ kind: z.enum(REPORT_KINDS as [string, ...string[]]) }),
      req.params,
      'params',
    );
    const q = parseInput(reportQuery, req.query, 'query');
    if (q.from > q.to) {
      throw new HttpError(400, {
        error: 'bad_request',
        issues: [{ path: 'query.from', message: 'after query.to' }],
      });
    }
    return actions.report(app, p.kind as (typeof REPORT_KINDS)[number], {
      from: q.from,
      to: q.to,
      model: q.model ?? null,
      minEdge: q.min_edge,
    });
  });
}
