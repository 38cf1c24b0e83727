import type { Command } from 'commander';
import { daily, PHASES, type Phase, type PhaseOutcome } from '../../orchestrate/daily.ts';
import { MODES, type Mode } from '../../orchestrate/predict.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';

const line = (o: PhaseOutcome) =>
  `${o.phase.padEnd(9)} ${o.status.padEnd(9)} ${`${(o.ms / 1000).toFixed(1)} s`.padStart(7)}  ${o.detail}`;

/** `courtedge daily [--date D] [--mode M] [--phases …] [--json]` (spec 08): phases 1→7 with their gates. */
export function registerDaily(program: Command): void {
  program
    .command('daily')
    .description(
      'the daily run: ingest, grade earlier dates, features, train when due, predict, best bets, publish',
    )
    .option('--date <date>', 'game date (default: today, the store clock)')
    .option('--mode <mode>', `batch mode (${MODES.join(', ')}; default FIRST, BACKFILL for a past date)`)
    .option('--phases <list>', `only these phases, in order (${PHASES.join(',')})`)
    .option('--json', 'print {date, mode, ok, failed, phases:[…], seconds}')
    .action(
      action(
        async (opts: { date?: string; mode?: string; phases?: string; json?: boolean }, cmd: Command) => {
          const date = opts.date ? requireDate(opts.date) : undefined;
          if (opts.mode && !MODES.includes(opts.mode as Mode))
            throw new CliError(
              `--mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(opts.mode)}`,
              2,
            );
          const phases = opts.phases?.split(',').map((p) => p.trim()) as Phase[] | undefined;
          const bad = phases?.filter((p) => !PHASES.includes(p));
          if (bad?.length) throw new CliError(`unknown phase(s) ${bad.join(', ')} (${PHASES.join(', ')})`, 2);
          const r = await withApp(cliContext(cmd), (app) =>
            daily(app, {
              date,
              mode: opts.mode as Mode | undefined,
              phases,
              onPhase: opts.json ? undefined : (o) => console.log(line(o)),
            }),
          );
          if (opts.json) printJson(r);
          else
            console.log(
              `daily ${r.date} (${r.mode}): ${r.ok ? 'ok' : `failed at ${r.failed?.phase}`} in ${r.seconds} s`,
            );
          if (r.failed) {
            // One line naming the failed phase (spec 08), on stderr whatever the output mode.
            process.stderr.write(
              `courtedge: daily ${r.date} failed at ${r.failed.phase}: ${r.failed.error}\n`,
            );
            process.exitCode = 1;
          }
        },
      ),
    );
}
