import type { FastifyInstance } from 'fastify';
import type { App } from '../orchestrate/app.ts';
import type { ExportCache } from './exports.ts';

const started = performance.now();

/**
 * `GET /api/health` (spec 07 §3): one small read of the store (which also proves it answers);
 * 503 with `store: "error"` when it does not. No error text is returned (it may hold a path).
 */
export async function healthRoute(
  f: FastifyInstance,
  o: { app: App; cache: ExportCache; version: string },
): Promise<void> {
  f.get('/api/health', async (req, reply) => {
    const base = { version: o.version, uptime_s: Math.round((performance.now() - started) / 1000) };
    try {
      const [row] = await o.app.store.query<{ bb: string | null; ex: string | null; kind: string | null }>(
        `SELECT (SELECT CAST(MAX(date) AS TEXT) FROM best_bets_runs) AS bb,
                (SELECT MAX(written_at) FROM exports) AS ex,
                (SELECT value FROM store_meta WHERE key = 'kind') AS kind`,
      );
      return {
        status: 'ok',
        version: base.version,
        store: 'ok',
        latest_best_bets_date: row?.bb ?? null,
        latest_export_at: row?.ex ? new Date(row.ex).toISOString() : null,
        uptime_s: base.uptime_s,
        // The web app's "simulated league" badge (00-decisions: a store is real or simulated).
        store_kind: row?.kind ?? null,
      };
    } catch (err) {
      req.log.error({ err }, 'health: store unreachable');
      return reply.code(503).send({
        status: 'degraded',
        version: base.version,
        store: 'error',
        latest_best_bets_date: null,
        latest_export_at: null,
        uptime_s: base.uptime_s,
        store_kind: null,
      });
    }
  });
}
