import type { Command } from 'commander';
import { dateRange } from '../../domain/dates.ts';
import { type ReportKind, runReport } from '../../grading/report-run.ts';
import { gradeDates } from '../../grading/run.ts';
import { action, CliError, cliContext, printJson, requireDate, withStore } from '../context.ts';

/**
 * `courtedge grade --date D | --from D1 --to D2 [--json]` (spec 06 §1) and
 * `courtedge report calibration|roi|clv --from D1 --to D2 [--model ID | --picks] [--json]` (§7).
 */
export function registerGrade(program: Command): void {
  registerReport(program);
  program
    .command('grade')
    .description('grade predictions and picks of Final games against box scores; recompute model health')
    .option('--date <date>', 'grade one date (YYYY-MM-DD)')
    .option('--from <date>', 'first date of a range')
    .option('--to <date>', 'last date of a range')
    .option('--no-rollups', 'grade only; skip the rollups and alerts')
    .option('--json', 'print {dates, graded, wins, losses, pushes, voids, no_bets, picks:{…}}')
    .action(
      action(
        async (
          opts: { date?: string; from?: string; to?: string; rollups?: boolean; json?: boolean },
          cmd: Command,
        ) => {
          let dates: string[];
          if (opts.date) {
            if (opts.from || opts.to) throw new CliError('give --date or --from/--to, not both', 2);
            dates = [requireDate(opts.date)];
          } else if (opts.from || opts.to) {
            const from = requireDate(opts.from, '--from');
            const to = requireDate(opts.to, '--to');
            if (to < from) throw new CliError('--to is before --from', 2);
            dates = dateRange(from, to);
          } else {
            throw new CliError('--date or --from/--to is required', 2);
          }
          const ctx = cliContext(cmd);
          await withStore(ctx, async (store) => {
            const s = await gradeDates(store, dates, {
              config: ctx.config,
              configHash: ctx.loaded.hash,
              log: ctx.log,
              rollups: opts.rollups !== false,
            });
            const out = {
              dates: s.dates,
              graded: s.graded,
              wins: s.wins,
              losses: s.losses,
              pushes: s.pushes,
              voids: s.voids,
              no_bets: s.no_bets,
              picks: {
                wins: s.picks.wins,
                losses: s.picks.losses,
                pushes: s.picks.pushes,
                voids: s.picks.voids,
                units: s.picks.units,
              },
              games_graded: s.games_graded,
              games_pending: s.games_pending,
              games_missing_box: s.games_missing_box,
              rows_changed: s.rows_changed,
              rollup_dates: s.rollups?.dates.length ?? 0,
              alerts: s.rollups?.alerts.length ?? 0,
            };
            if (opts.json) {
              printJson(out);
              return;
            }
            const hr = s.wins + s.losses ? ((100 * s.wins) / (s.wins + s.losses)).toFixed(1) : 'n/a';
            const phr =
              s.picks.wins + s.picks.losses
                ? ((100 * s.picks.wins) / (s.picks.wins + s.picks.losses)).toFixed(1)
                : 'n/a';
            console.log(
              `graded ${s.dates} date(s): ${s.graded} predictions ${s.wins}-${s.losses}-${s.pushes} (HR ${hr}%), ${s.voids} void, ${s.no_bets} no-bet; games graded ${s.games_graded}, pending ${s.games_pending}, missing box ${s.games_missing_box}`,
            );
            console.log(
              `picks ${s.picks.wins}-${s.picks.losses}-${s.picks.pushes} (HR ${phr}%), ${s.picks.voids} void, units ${s.picks.units >= 0 ? '+' : ''}${s.picks.units.toFixed(2)}`,
            );
            if (s.rollups) {
              console.log(
                `rollups for ${s.rollups.dates.length} date(s): ${s.rollups.model_rows} model rows, ${s.rollups.signal_rows} signal rows, ${s.rollups.blacklist_rows} blacklist rows; ${s.rollups.alerts.length} alert(s)`,
              );
            }
          });
        },
      ),
    );
}

function registerReport(program: Command): void {
  program
    .command('report <kind>')
    .description('calibration | roi | clv report over graded rows, each figure with N and a 95% interval')
    .option('--from <date>', 'first game date')
    .option('--to <date>', 'last game date')
    .option('--model <id>', "one model's predictions (roi, calibration)")
    .option('--picks', 'best-bets picks (the default for roi and clv)')
    .option('--min-edge <n>', 'roi --model: |edge| floor (default grading.health.minEdge)')
    .option('--json', 'print the report as one JSON line')
    .action(
      action(
        async (
          kind: string,
          opts: {
            from?: string;
            to?: string;
            model?: string;
            picks?: boolean;
            minEdge?: string;
            json?: boolean;
          },
          cmd: Command,
        ) => {
          if (!['calibration', 'roi', 'clv'].includes(kind)) {
            throw new CliError(`unknown report ${JSON.stringify(kind)}: calibration, roi or clv`, 2);
          }
          if (opts.model && opts.picks) throw new CliError('give --model or --picks, not both', 2);
          const from = requireDate(opts.from, '--from');
          const to = requireDate(opts.to, '--to');
          const minEdge = opts.minEdge === undefined ? undefined : Number(opts.minEdge);
          if (minEdge !== undefined && !Number.isFinite(minEdge))
            throw new CliError('--min-edge must be a number', 2);
          const ctx = cliContext(cmd);
          await withStore(ctx, async (store) => {
            const out = await runReport(
              store,
              kind as ReportKind,
              { from, to, model: opts.model ?? null, minEdge },
              ctx.config,
            );
            if (opts.json) printJson(out);
            else {
              console.log(`${kind} report ${from} … ${to}: ${out.population}`);
              console.log(JSON.stringify(out.report, null, 2));
            }
          });
        },
      ),
    );
}
