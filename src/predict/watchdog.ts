import { emitCompletion, finalizeFailure } from './finalize.ts';
import type { PredictRuntime } from './runtime.ts';

/**
 * The watchdog (spec 04 §6): a non-terminal batch without progress for predict.stallAfterS
 * is failed STALLED (players of unfinished chunks in `missing`); a complete/partial batch
 * whose event is not recorded after predict.eventResendAfterS gets it again. Every write is
 * conditional, so several watchdogs may run.
 */
export async function watchdogTick(rt: PredictRuntime): Promise<{ stalled: string[]; resent: string[] }> {
  const now = rt.now().getTime();
  const stalledBefore = new Date(now - rt.config.predict.stallAfterS * 1000).toISOString();
  const stale = await rt.store.query<{ batch_id: string; status: string }>(
    `SELECT batch_id, status FROM prediction_batches
     WHERE status IN ('queued', 'running') AND last_progress_at < $1::TIMESTAMPTZ`,
    [stalledBefore],
  );
  const stalled: string[] = [];
  for (const b of stale) {
    const ok = await finalizeFailure(rt, b.batch_id, {
      expectStatus: b.status,
      stalledBefore,
      reason: 'STALLED',
      error: `no progress for ${rt.config.predict.stallAfterS} s`,
    });
    if (ok) stalled.push(b.batch_id);
  }
  const resendBefore = new Date(now - rt.config.predict.eventResendAfterS * 1000).toISOString();
  const unsent = await rt.store.query<{ batch_id: string }>(
    `SELECT batch_id FROM prediction_batches
     WHERE status IN ('complete', 'partial') AND event_emitted_at IS NULL AND finished_at < $1::TIMESTAMPTZ`,
    [resendBefore],
  );
  const resent: string[] = [];
  for (const b of unsent) if (await emitCompletion(rt, b.batch_id)) resent.push(b.batch_id);
  return { stalled, resent };
}
