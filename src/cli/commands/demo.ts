import type { Command } from 'commander';
import { BREAK_EVEN_110 } from '../../domain/odds.ts';
import { renderReport } from '../../orchestrate/backtest.ts';
import { runDemo } from '../../orchestrate/demo.ts';
import { action, CliError, cliContext, printJson, rootOptions } from '../context.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('simulate a league and walk the last weeks of its second season through every phase')
    .option('--no-serve', 'print the report and exit (the dashboard is not built yet: required for now)')
    .option('--weeks <n>', 'weeks walked forward', '4')
    .option('--seed <s>', 'simulator seed (default simulator.seed)')
    .option('--json', 'print one JSON summary line instead of the report')
    .action(
      action(async (opts: { serve: boolean; weeks: string; seed?: string; json?: boolean }, cmd: Command) => {
        if (opts.serve)
          throw new CliError('the dashboard is not built yet: run `courtedge demo --no-serve`', 2);
        const weeks = Number(opts.weeks);
        if (!Number.isInteger(weeks) || weeks < 1 || weeks > 20)
          throw new CliError('--weeks must be an integer in [1, 20]', 2);
        const ctx = cliContext(cmd);
        // Step lines say what happens; per-date info logs would drown them unless asked for.
        if (ctx.loaded.origins.logLevel === 'default') ctx.log.level = 'warn';
        // The demo writes its own store unless one is named explicitly.
        const storePath =
          rootOptions(cmd).store ??
          (ctx.loaded.origins.store === 'default' ? './data/demo.duckdb' : ctx.config.store);
        const r = await runDemo({
          storePath,
          config: ctx.config,
          configHash: ctx.loaded.hash,
          log: ctx.log,
          weeks,
          seed: opts.seed === undefined ? undefined : Number(opts.seed),
          progress: (l) => process.stderr.write(`${l}\n`),
        });
        if (opts.json) {
          const fam = Object.fromEntries(
            Object.entries(r.backtest.families).map(([k, f]) => [
              k,
              {
                n: f.n,
                mae: f.mae_lined,
                line_mae: f.line_mae,
                hr3: f.hr3,
                roi_actual: f.roi_actual,
                roi_110: f.roi_110,
              },
            ]),
          );
          printJson({
            store: r.store,
            from: r.from,
            to: r.to,
            simulated: r.simulated,
            families: fam,
            best_bets: r.backtest.best_bets,
            graded: r.graded,
            seconds: r.seconds,
          });
          return;
        }
        process.stdout.write(renderReport(r.backtest));
        const p = r.graded.picks;
        const hr = p.wins + p.losses ? (100 * p.wins) / (p.wins + p.losses) : null;
        process.stdout.write(
          `\n## Grading (the same grading code as live, on the backtest's store)\n\n` +
            `${r.graded.predictions} predictions graded over ${r.graded.dates} dates: ${r.graded.wins} W, ${r.graded.losses} L, ${r.graded.pushes} P, ${r.graded.voids} void.\n` +
            `Best-bets picks: ${p.wins}-${p.losses}${p.pushes ? `-${p.pushes}` : ''} (${p.voids} void)${hr === null ? '' : `, hit rate ${hr.toFixed(1)}% vs ${(100 * BREAK_EVEN_110).toFixed(2)}% break-even`}, ${p.units >= 0 ? '+' : ''}${p.units.toFixed(2)} units at the recorded prices.\n\n` +
            `Store: ${r.store} · simulate ${r.seconds.simulate} s · backtest ${r.seconds.backtest} s · grade ${r.seconds.grade} s · total ${r.seconds.total} s\n`,
        );
      }),
    );
}
