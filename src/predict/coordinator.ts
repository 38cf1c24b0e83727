import { addDays } from '../domain/dates.ts';
import { effectiveTip } from '../domain/lines.ts';
import { placeholders } from '../store/sql.ts';
import { json } from '../store/store.ts';
import { getBatch } from './batches.ts';
import { dispatch } from './dispatch.ts';
import { finalizeFailure } from './finalize.ts';
import { consensusByPlayer, countSanityRejects, lineDiagnostics, readMainLines } from './lines.ts';
import { cutoffKindOf } from './modes.ts';
import { readSlatePlayers, splitCandidates } from './player-loader.ts';
import { type ActivePrediction, qualityGate } from './quality-gate.ts';
import type { Job } from './queue/index.ts';
import { PermanentJobError } from './queue/index.ts';
import type { PredictRuntime } from './runtime.ts';
import { coordinateJobSchema, type FailureReason, type SlateGame } from './types.ts';

/** A condition that ends the batch failed with its reason (not an exception of ours). */
class BatchFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The batch moved on without us (superseded, stalled, orphaned): stop quietly. */
class Lost extends Error {}

/**
 * The coordinator (spec 04 §4): completeness → slate → features → players → lines → gate →
 * dispatch. It writes nothing but the batch row (and the idempotent feature rebuild) before
 * dispatch, so a rerun starts from the top. Every write is conditional on the status and
 * step it expects; whoever's update matches no row stops.
 */
export async function runCoordinator(rt: PredictRuntime, job: Job): Promise<void> {
  const parsed = coordinateJobSchema.safeParse(job.data);
  if (!parsed.success)
    throw new PermanentJobError(`invalid predict.coordinate payload: ${parsed.error.message}`);
  const batchId = parsed.data.batch_id;
  const store = rt.store;
  const cfg = rt.config.predict;
  const started = rt.now();
  const claimed = await rt.write(
    `UPDATE prediction_batches SET status = 'running', started_at = $2::TIMESTAMPTZ, last_progress_at = $2::TIMESTAMPTZ,
       current_step = 'completeness'
     WHERE batch_id = $1 AND (status = 'queued' OR (status = 'running' AND n_chunks = 0 AND current_step <> 'dispatch'))`,
    [batchId, started.toISOString()],
  );
  if (!claimed) return;
  rt.notify(batchId);
  const batch = (await getBatch(store, batchId))!;
  const steps: Record<string, any> = {};
  let current = 'completeness';

  const advance = async (next: string, extra = '', params: unknown[] = []) => {
    const n = await rt.write(
      `UPDATE prediction_batches SET steps = $2::JSON, current_step = $3, last_progress_at = $4::TIMESTAMPTZ ${extra}
       WHERE batch_id = $1 AND status = 'running' AND current_step = $5`,
      [batchId, json(steps), next, rt.now().toISOString(), current, ...params],
    );
    if (!n) throw new Lost();
    current = next;
    rt.notify(batchId);
  };
  const step = async <T>(name: string, fn: () => Promise<{ counts: Record<string, unknown>; value: T }>) => {
    if (current !== name) await advance(name);
    const t0 = performance.now();
    const startedAt = rt.now().toISOString();
    const { counts, value } = await fn();
    steps[name] = { started_at: startedAt, ms: Math.round(performance.now() - t0), ...counts };
    return value;
  };

  try {
    const date = batch.game_date;
    const mode = batch.mode;
    const live = mode !== 'BACKFILL';
    const now = rt.now();

    await step('completeness', async () => {
      const from = addDays(date, -cfg.completeness.days);
      const rows = await store.query<{ game_id: string; teams: number }>(
        `SELECT g.game_id, count(DISTINCT b.team) FILTER (WHERE b.team = g.home OR b.team = g.away) AS teams
         FROM games g LEFT JOIN box_scores b ON b.game_id = g.game_id
         WHERE g.game_date >= $1::DATE AND g.game_date < $2::DATE AND g.status = 3
           AND g.home_score > 0 AND g.away_score > 0
           AND NOT EXISTS (SELECT 1 FROM game_postponements p WHERE p.game_id = g.game_id AND p.original_date = g.game_date)
         GROUP BY g.game_id ORDER BY g.game_id`,
        [from, date],
      );
      const covered = rows.filter((r) => Number(r.teams) >= 2).length;
      const coverage = rows.length ? covered / rows.length : 1;
      const missingGames = rows.filter((r) => Number(r.teams) < 2).map((r) => r.game_id);
      const counts = {
        expected: rows.length,
        covered,
        coverage: Math.round(coverage * 1000) / 1000,
        missing_games: missingGames.slice(0, 50),
        skipped: batch.skip_completeness,
      };
      if (coverage < cfg.completeness.minCoverage && !batch.skip_completeness) {
        steps.completeness = { started_at: rt.now().toISOString(), ms: 0, ...counts };
        throw new BatchFailure(
          'DATA_INCOMPLETE',
          `box scores cover ${covered}/${rows.length} Final games of ${from} … ${addDays(date, -1)} (< ${cfg.completeness.minCoverage}); missing ${missingGames.slice(0, 10).join(', ')}`,
          { missing_games: missingGames },
        );
      }
      return { counts, value: null };
    });

    const slate = await step('slate', async () => {
      const rows = await store.query<{
        game_id: string;
        home: string;
        away: string;
        start_utc: string | null;
        status: number;
        postponed: boolean;
      }>(
        `SELECT g.game_id, g.home, g.away, g.start_utc, g.status, g.game_date,
                EXISTS (SELECT 1 FROM game_postponements p WHERE p.game_id = g.game_id AND p.original_date = $1::DATE) AS postponed
         FROM games g WHERE g.game_date = $1::DATE ORDER BY g.game_id`,
        [date],
      );
      const postponed: string[] = [];
      const startedGames: string[] = [];
      const games: SlateGame[] = [];
      for (const r of rows) {
        const tip = effectiveTip(
          { game_date: date, start_utc: r.start_utc },
          rt.config.features.unknownTipTimeEt,
        );
        if (r.postponed) postponed.push(r.game_id);
        else if (live && (Date.parse(tip) <= now.getTime() || Number(r.status) >= 2))
          startedGames.push(r.game_id);
        else {
          const cutoff = live ? now.toISOString() : tip;
          games.push({ game_id: r.game_id, home: r.home, away: r.away, tip, cutoff });
        }
      }
      let invalidated = 0;
      if (postponed.length) {
        invalidated = await rt.write(
          `UPDATE predictions SET is_active = FALSE, invalidation_reason = 'postponed'
           WHERE game_date = $1::DATE AND is_active AND game_id IN (${placeholders(postponed.length, 2)})`,
          [date, ...postponed],
        );
      }
      return {
        counts: { games: games.length, postponed, started: startedGames, invalidated_postponed: invalidated },
        value: games,
      };
    });

    const models = await rt.deps.models.enabled(store);
    // The pool threads parse the models while the features are rebuilt (a no-op once they have them).
    rt.pool
      ?.preload(models, (hashes) => rt.deps.models.artifacts(store, hashes))
      .catch((e) => rt.log.warn({ err: (e as Error).message }, 'model preload failed'));
    const sets = [...new Set(models.map((m) => m.feature_set))].sort();
    const featureRows = await step('features', async () => {
      if (!models.length) throw new BatchFailure('NO_ENABLED_MODELS', 'no enabled model in the registry');
      if (!slate.length) return { counts: { rows: 0, sets, rebuild: 'skipped' }, value: [] };
      const cutoff = live ? now : 'tipoff';
      const t0 = performance.now();
      const rebuilt = await rt.deps.features.rebuild(store, {
        date,
        cutoff,
        sets,
        config: rt.config,
        log: rt.log,
      });
      const rebuildMs = Math.round(performance.now() - t0);
      if (rebuilt.status === 'unavailable')
        rt.log.warn({ detail: rebuilt.detail }, 'feature rebuild unavailable');
      const rows = await rt.deps.features.read(store, {
        date,
        sets,
        cutoffKind: cutoffKindOf(mode),
        gameIds: slate.map((g) => g.game_id),
      });
      if (!rows.length)
        throw new BatchFailure(
          'NO_FEATURES',
          `no ${cutoffKindOf(mode)} feature rows for ${date} (${sets.join(', ')})`,
        );
      const cutoffs = rows.map((r) => Date.parse(r.cutoff_at)).filter(Number.isFinite);
      const asOf = live
        ? new Date(Math.max(...cutoffs)).toISOString()
        : new Date(Math.max(...slate.map((g) => Date.parse(g.tip)))).toISOString();
      // Age of the market picture the rows saw: their cutoff against the batch's now (computed_at
      // is the builder's wall clock, which differs from a simulated store's clock).
      const oldest = Math.min(...rows.map((r) => Date.parse(r.cutoff_at)).filter(Number.isFinite));
      const ageMinutes = Number.isFinite(oldest)
        ? Math.max(0, Math.round((now.getTime() - oldest) / 60000))
        : null;
      batch.as_of = asOf;
      return {
        counts: {
          rows: rows.length,
          sets,
          as_of: asOf,
          age_minutes: ageMinutes,
          stale: live && ageMinutes !== null && ageMinutes > cfg.maxFeatureAgeMinutes,
          rebuild: rebuilt.status,
          rebuild_rows: rebuilt.rows ?? null,
          rebuild_ms: rebuildMs,
          rebuild_history: rebuilt.history ?? null,
        },
        value: rows,
      };
    });
    if (batch.as_of) await advance('features', ', as_of = $6::TIMESTAMPTZ', [batch.as_of]);

    const load = await step('players', async () => {
      const rows = await readSlatePlayers(store, date, slate);
      const split = splitCandidates(rows);
      return { counts: split.counts, value: split };
    });

    const lines = await step('lines', async () => {
      const [mains, rejects] = await Promise.all([
        readMainLines(store, slate),
        countSanityRejects(store, slate, date),
      ]);
      const consensus = consensusByPlayer({
        games: slate,
        mains,
        staleAfterHours: rt.config.lines.staleAfterHours,
        outlierPoints: rt.config.lines.outlierPoints,
      });
      const excluded = new Set(load.excluded.map((e) => `${e.game_id}|${e.player_id}`));
      const diag = lineDiagnostics(consensus, load.candidates, excluded, rejects);
      return { counts: { snapshots: mains.length, ...diag }, value: consensus };
    });

    const gate = await step('gate', async () => {
      const active = await store.query<ActivePrediction>(
        `SELECT system_id, game_id, player_id, line FROM predictions WHERE game_date = $1::DATE AND is_active`,
        [date],
      );
      const result = qualityGate({
        mode,
        minQuality: cfg.minQuality[mode],
        force: batch.force,
        candidates: load.candidates.map((c) => ({
          game_id: c.game_id,
          player_id: Number(c.player_id),
          line: lines.get(`${c.game_id}|${c.player_id}`)?.line ?? null,
        })),
        models,
        rows: featureRows,
        active: active.map((a) => ({
          ...a,
          player_id: Number(a.player_id),
          line: a.line === null ? null : Number(a.line),
        })),
      });
      return {
        counts: {
          viable: result.viable.length,
          by_set: result.by_set,
          by_system: result.by_system,
          blocked_by_reason: result.blocked_by_reason,
          samples: result.samples,
        },
        value: result,
      };
    });

    const slateTips = new Map(slate.map((g) => [g.game_id, g.tip]));
    await advance('dispatch');
    await dispatch(rt, {
      batch,
      steps,
      models,
      viable: gate.viable,
      consensus: lines,
      tips: slateTips,
      nCandidates: load.candidates.length,
    });
  } catch (e) {
    if (e instanceof Lost) return;
    const failure =
      e instanceof BatchFailure
        ? e
        : new BatchFailure('COORDINATOR_ERROR', (e as Error).message ?? String(e), { step: current });
    if (!(e instanceof BatchFailure))
      rt.log.error({ batch_id: batchId, step: current, err: (e as Error).stack }, 'coordinator error');
    steps[current] = { ...(steps[current] ?? {}), error: failure.message };
    await finalizeFailure(rt, batchId, {
      expectStatus: 'running',
      expectStep: current,
      reason: failure.reason,
      error:
        current === 'dispatch' || failure.reason === 'COORDINATOR_ERROR'
          ? `${current}: ${failure.message}`
          : failure.message,
      steps,
    });
  }
}
