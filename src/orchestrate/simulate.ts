import { simulateInto } from '../sources/index.ts';
import { withRun } from '../store/runs.ts';
import type { App } from './app.ts';

/**
 * `courtedge simulate` (and the demo's first step): the seeded synthetic league ingested
 * through the real source path, as one `simulate` run.
 */
export async function simulate(app: App, req: { seasons?: number; seed?: number; to?: string | null }) {
  const sim = app.config.simulator;
  const started = Date.now();
  const s = await withRun(
    app.store,
    { phase: 'simulate', date: req.to ?? null, configHash: app.configHash },
    async (run) => {
      const r = await simulateInto(app.store, {
        seed: req.seed ?? sim.seed,
        seasons: req.seasons ?? sim.seasons,
        teams: sim.teams,
        days: sim.days,
        season: sim.season,
        to: req.to ?? null,
        runId: run.runId,
        log: app.log,
        candidateMinSimilarity: app.config.identity.candidateMinSimilarity,
      });
      run.counts = {
        games: r.games,
        box_scores: r.box_scores,
        prop_lines: r.prop_lines,
        injuries: r.injuries,
        payloads: r.payloads,
        read: r.counts.read,
        inserted: r.counts.inserted,
        updated: r.counts.updated,
        unchanged: r.counts.unchanged,
        rejected: r.counts.rejected,
        skipped: r.counts.skipped,
        rejected_by_reason: r.counts.rejected_by_reason,
        digest: r.digest,
      };
      return r;
    },
  );
  return {
    games: s.games,
    box_scores: s.box_scores,
    prop_lines: s.prop_lines,
    injuries: s.injuries,
    first_date: s.first_date,
    last_date: s.last_date,
    clock_date: s.clock_date,
    calibration: s.calibration,
    digest: s.digest,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    rejected_by_reason: s.counts.rejected_by_reason,
  };
}
