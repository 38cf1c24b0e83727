import type { Command } from 'commander';
import { simulate } from '../../orchestrate/simulate.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';
import { countsText } from '../format.ts';

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
    .description('generate the seeded synthetic league and ingest it through the real source path')
    .option('--seasons <n>', 'seasons to simulate (default simulator.seasons)')
    .option('--seed <s>', 'seed (default simulator.seed)')
    .option('--to <date>', 'stop the simulated clock on this day (its morning lines are in)')
    .option('--json', 'print one JSON summary')
    .action(
      action(async (opts: { seasons?: string; seed?: string; to?: string; json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        const seasons = intOption(opts.seasons, '--seasons', 1, 10) ?? ctx.config.simulator.seasons;
        const seed = intOption(opts.seed, '--seed', -2147483648, 4294967295) ?? ctx.config.simulator.seed;
        const to = opts.to === undefined ? null : requireDate(opts.to, '--to');
        // simulate is one of the three commands that create a store (with init and demo).
        const { rejected_by_reason, ...out } = await withApp(
          ctx,
          (app) => simulate(app, { seasons, seed, to }),
          {
            create: true,
          },
        );
        if (opts.json) return printJson(out);
        const c = out.calibration;
        console.log(
          `simulated ${seasons} season(s), seed ${seed}: ${out.games} games, ${out.box_scores} box scores, ${out.prop_lines} prop lines, ${out.injuries} injury rows (${out.first_date} … ${out.last_date}); clock ${out.clock_date}`,
        );
        console.log(
          `calibration (${c.n} graded player-games): line MAE ${c.line_mae} (target 4.6–5.4), over rate ${(c.over_rate * 100).toFixed(1)}% (48–52%), overround ${(c.overround * 100).toFixed(2)}% (4.5–7%); DNP ${(c.dnp_rate * 100).toFixed(1)}%, ladder share ${(c.ladder_share * 100).toFixed(1)}%, postponements ${c.postponements}`,
        );
        const rej = countsText(rejected_by_reason);
        if (rej) console.log(`rejected: ${rej}`);
        console.log(`digest ${out.digest} (${out.seconds}s)`);
      }),
    );
}
