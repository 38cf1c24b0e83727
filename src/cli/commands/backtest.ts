import { join } from 'node:path';
import type { Command } from 'commander';
import { backtest, backtestJson, writeBacktestReport } from '../../orchestrate/backtest.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';
import { pct } from '../format.ts';
import { progressPrinter } from '../progress.ts';

/** ROI as the report prints it: a signed percentage. */
const roiPct = (x: number | null | undefined) =>
  x === null || x === undefined ? '-' : `${x >= 0 ? '+' : ''}${pct(x)}`;

const int = (v: string | undefined, flag: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a positive integer`, 2);
  return n;
};

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('walk-forward backtest: weekly retrains, tip-off features, evaluation per family')
    .option('--from <date>', 'first game day (D1)')
    .option('--to <date>', 'last game day (D2)')
    .option('--families <names...>', 'families (default: every enabled family)')
    .option('--window <n>', 'window in game days')
    .option('--cadence-days <n>', 'days between retrains')
    .option('--all-models', 'research view: every trained model feeds best bets, gates or not')
    .option('--no-best-bets', 'families only')
    .option('--report <file>', 'Markdown report path (a .json twin is written beside it)')
    .option('--dump-predictions', 'include every scored prediction in the .json report')
    .option('--json', 'print one JSON line {from, to, families, best_bets}')
    .action(
      action(async (opts: Record<string, string | string[] | boolean | undefined>, cmd: Command) => {
        const ctx = cliContext(cmd);
        const from = requireDate(opts.from as string | undefined, '--from');
        const to = requireDate(opts.to as string | undefined, '--to');
        if (from > to) throw new CliError('--from must not be after --to', 2);
        const families = ((opts.families as string[] | undefined) ?? [])
          .flatMap((s) => s.split(','))
          .filter(Boolean);
        const { result } = await withApp(ctx, (app) =>
          backtest(app, {
            from,
            to,
            families,
            windowGameDays: int(opts.window as string | undefined, '--window'),
            cadenceDays: int(opts.cadenceDays as string | undefined, '--cadence-days'),
            allModels: !!opts.allModels,
            bestBets: opts.bestBets !== false,
            keepPredictions: !!opts.dumpPredictions,
            onDay: progressPrinter('backtest', !!process.stderr.isTTY && !opts.json),
          }),
        );
        if (process.stderr.isTTY && !opts.json) process.stderr.write('\n');
        const path =
          (opts.report as string | undefined) ??
          join(ctx.config.models.backtest.reportDir, `backtest_${from}_${to}.md`);
        writeBacktestReport(path, result);
        if (opts.json) return printJson({ ...backtestJson(result), report: path });
        for (const [name, f] of Object.entries(result.families)) {
          const h = f.hr3;
          console.log(
            `${name.padEnd(16)} N ${f.n} MAE ${f.mae_lined} vs line ${f.line_mae}  HR@3 ${pct(h.hr)} [${pct(h.ci_low)}, ${pct(h.ci_high)}] N=${h.n}  ROI ${roiPct(f.roi_actual)} / −110 ${roiPct(f.roi_110)}`,
          );
        }
        console.log(`report ${path}`);
      }),
    );
}
