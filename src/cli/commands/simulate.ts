import type { Command } from 'commander';
import { simulateInto } from '../../sources/simulator/run.ts';
import { withRun } from '../../store/runs.ts';
import { action, CliError, cliContext, printJson, requireDate, withStore } from '../context.ts';

function intOption(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(`${flag} must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`, 2);
  return n;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'generate the seeded synthetic league and ingest it through the real source path (spec 01 §10)',
    )
    .option('--seasons <n>', 'seasons to simulate (default simulator.seasons)')
    .option('--seed <s>', 'seed (default simulator.seed)')
    .option('--to <date>', 'stop the simulated clock on this day (its morning lines are in)')
    .option('--json', 'print one JSON summary')
    .action(
      action(async (opts: { seasons?: string; seed?: string; to?: string; json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        const sim = ctx.config.simulator;
        const seasons = intOption(opts.seasons, '--seasons', 1, 10) ?? sim.seasons;
        const seed = intOption(opts.seed, '--seed', -2147483648, 4294967295) ?? sim.seed;
        const to = opts.to === undefined ? null : requireDate(opts.to, '--to');
        await withStore(ctx, async (store) => {
          const started = Date.now();
          const summary = await withRun(
            store,
            { phase: 'simulate', date: to, configHash: ctx.loaded.hash },
            async (run) => {
              const s = await simulateInto(store, {
                seed,
                seasons,
                teams: sim.teams,
                days: sim.days,
                season: sim.season,
                to,
                runId: run.runId,
                log: ctx.log,
                candidateMinSimilarity: ctx.config.identity.candidateMinSimilarity,
              });
              run.counts = {
                games: s.games,
                box_scores: s.box_scores,
                prop_lines: s.prop_lines,
                injuries: s.injuries,
                payloads: s.payloads,
                read: s.counts.read,
                inserted: s.counts.inserted,
                updated: s.counts.updated,
                unchanged: s.counts.unchanged,
                rejected: s.counts.rejected,
                skipped: s.counts.skipped,
                rejected_by_reason: s.counts.rejected_by_reason,
                digest: s.digest,
              };
              return s;
            },
          );
          const out = {
            games: summary.games,
            box_scores: summary.box_scores,
            prop_lines: summary.prop_lines,
            injuries: summary.injuries,
            first_date: summary.first_date,
            last_date: summary.last_date,
            clock_date: summary.clock_date,
            calibration: summary.calibration,
            digest: summary.digest,
            seconds: Math.round((Date.now() - started) / 100) / 10,
          };
          if (opts.json) {
            printJson(out);
            return;
          }
          const c = summary.calibration;
          console.log(
            `simulated ${seasons} season(s), seed ${seed}: ${out.games} games, ${out.box_scores} box scores, ${out.prop_lines} prop lines, ${out.injuries} injury rows (${out.first_date} … ${out.last_date}); clock ${out.clock_date}`,
          );
          console.log(
            `calibration (${c.n} graded player-games): line MAE ${c.line_mae} (target 4.6–5.4), over rate ${(c.over_rate * 100).toFixed(1)}% (48–52%), overround ${(c.overround * 100).toFixed(2)}% (4.5–7%); DNP ${(c.dnp_rate * 100).toFixed(1)}%, ladder share ${(c.ladder_share * 100).toFixed(1)}%, postponements ${c.postponements}`,
          );
          const rej = summary.counts.rejected_by_reason;
          if (Object.keys(rej).length)
            console.log(
              `rejected: ${Object.entries(rej)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}`,
            );
          console.log(`digest ${out.digest} (${out.seconds}s)`);
        });
      }),
    );
}
