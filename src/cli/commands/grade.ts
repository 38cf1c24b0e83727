import type { Command } from 'commander';
import { dateRange } from '../../domain/dates.ts';
import { grade } from '../../orchestrate/grade.ts';
import { REPORT_KINDS, type ReportKind, report } from '../../orchestrate/reports.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';
import { calibrationText, publishedText, roiText } from '../format.ts';

const hrText = (w: number, l: number) => (w + l ? `${((100 * w) / (w + l)).toFixed(1)}%` : 'n/a');

/** --date D, or --from D1 --to D2, as the list of dates. */
export function datesOption(opts: { date?: string; from?: string; to?: string }): string[] {
  if (opts.date) {
    if (opts.from || opts.to) throw new CliError('give --date or --from/--to, not both', 2);
    return [requireDate(opts.date)];
  }
  if (!opts.from && !opts.to) throw new CliError('--date or --from/--to is required', 2);
  const from = requireDate(opts.from, '--from');
  const to = requireDate(opts.to, '--to');
  if (to < from) throw new CliError('--to is before --from', 2);
  return dateRange(from, to);
}

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
          cmd,
        ) => {
          const dates = datesOption(opts);
          const s = await withApp(cliContext(cmd), (app) =>
            grade(app, { dates, rollups: opts.rollups, publish: true }),
          );
          const { rollups, ...out } = s;
          if (opts.json) return printJson(out);
          console.log(
            `graded ${s.dates} date(s): ${s.graded} predictions ${s.wins}-${s.losses}-${s.pushes} (HR ${hrText(s.wins, s.losses)}), ${s.voids} void, ${s.no_bets} no-bet; games graded ${s.games_graded}, pending ${s.games_pending}, missing box ${s.games_missing_box}`,
          );
          const p = s.picks;
          console.log(
            `picks ${p.wins}-${p.losses}-${p.pushes} (HR ${hrText(p.wins, p.losses)}), ${p.voids} void, units ${p.units >= 0 ? '+' : ''}${p.units.toFixed(2)}`,
          );
          if (s.published) console.log(publishedText(s.published));
          if (rollups)
            console.log(
              `rollups for ${s.rollup_dates} date(s): ${rollups.model_rows} model rows, ${rollups.signal_rows} signal rows, ${rollups.blacklist_rows} blacklist rows; ${s.alerts} alert(s)`,
            );
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
      action(async (kind: string, opts: Record<string, string | boolean | undefined>, cmd: Command) => {
        if (!REPORT_KINDS.includes(kind as ReportKind))
          throw new CliError(`unknown report ${JSON.stringify(kind)}: calibration, roi or clv`, 2);
        if (opts.model && opts.picks) throw new CliError('give --model or --picks, not both', 2);
        const from = requireDate(opts.from as string | undefined, '--from');
        const to = requireDate(opts.to as string | undefined, '--to');
        const minEdge = opts.minEdge === undefined ? undefined : Number(opts.minEdge);
        if (minEdge !== undefined && !Number.isFinite(minEdge))
          throw new CliError('--min-edge must be a number', 2);
        const model = (opts.model as string | undefined) ?? null;
        const out = await withApp(cliContext(cmd), (app) =>
          report(app, kind as ReportKind, { from, to, model, minEdge }),
        );
        if (opts.json) return printJson(out);
        console.log(`${kind} report ${from} … ${to}: ${out.population}`);
        const text =
          kind === 'roi'
            ? roiText(out.report as Parameters<typeof roiText>[0])
            : kind === 'calibration'
              ? calibrationText(out.report as Parameters<typeof calibrationText>[0])
              : null;
        // clv keeps its indented object until it has a table of its own.
        console.log(text ? text.join('\n') : JSON.stringify(out.report, null, 2));
      }),
    );
}
