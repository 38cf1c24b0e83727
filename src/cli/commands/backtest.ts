import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { buildFeatures } from '../../features/builder.ts';
import { backtestJson, runBacktest } from '../../models/backtest.ts';
import { createBacktestStore } from '../../models/backtest-store.ts';
import { renderReport } from '../../models/report.ts';
import { backtestDays } from '../../orchestrate/backtest-days.ts';
import { withRun } from '../../store/runs.ts';
import { action, CliError, cliContext, printJson, requireDate, withStore } from '../context.ts';

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description(
      'walk-forward backtest: weekly retrains, tip-off features, evaluation per family (spec 03 §9)',
    )
    .option('--from <date>', 'first game day (D1)')
    .option('--to <date>', 'last game day (D2)')
    .option('--families <names...>', 'families (default: every enabled family)')
    .option('--window <n>', 'window in game days')
    .option('--cadence-days <n>', 'days between retrains')
    .option('--respect-gates', 'families whose model failed a gate sit the block out')
    .option('--no-best-bets', 'families only')
    .option('--report <file>', 'Markdown report path (a .json twin is written beside it)')
    .option('--dump-predictions', 'include every scored prediction in the .json report')
    .option('--json', 'print one JSON line {from, to, families, best_bets}')
    .action(
      action(async (opts: any, cmd: Command) => {
        const ctx = cliContext(cmd);
        const from = requireDate(opts.from, '--from');
        const to = requireDate(opts.to, '--to');
        if (from > to) throw new CliError('--from must not be after --to', 2);
        const int = (v: string | undefined, flag: string) => {
          if (v === undefined) return undefined;
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a positive integer`, 2);
          return n;
        };
        const families: string[] = (opts.families ?? []).flatMap((s: string) => s.split(',')).filter(Boolean);
        await withStore(ctx, async (store) => {
          const bt = opts.bestBets === false ? null : await createBacktestStore(store, from, to);
          const days = bt
            ? backtestDays(bt, { config: ctx.config, configHash: ctx.loaded.hash, log: ctx.log })
            : null;
          const result = await withRun(
            store,
            { phase: 'backtest', date: to, configHash: ctx.loaded.hash },
            async (run) => {
              const r = await runBacktest(store, ctx.config, {
                from,
                to,
                families,
                windowGameDays: int(opts.window, '--window'),
                cadenceDays: int(opts.cadenceDays, '--cadence-days'),
                respectGates: !!opts.respectGates,
                bestBets: days?.bestBets ?? null,
                keepPredictions: !!opts.dumpPredictions,
                log: ctx.log,
                buildFeatures: async (f, t, sets) => {
                  await buildFeatures(store, {
                    from: f,
                    to: t,
                    cutoff: 'tipoff',
                    sets,
                    config: ctx.config,
                    log: ctx.log,
                  });
                },
              });
              run.counts = {
                ...r.data,
                families: Object.keys(r.families).length,
                copied: bt?.copied ?? null,
              };
              return r;
            },
          ).finally(() => bt?.close());
          const path = opts.report ?? join(ctx.config.models.backtest.reportDir, `backtest_${from}_${to}.md`);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, renderReport(result));
          writeFileSync(path.replace(/\.md$/, '') + '.json', `${JSON.stringify(result, null, 2)}\n`);
          if (opts.json) printJson({ ...backtestJson(result), report: path });
          else {
            for (const [name, f] of Object.entries(result.families)) {
              const h = f.hr3;
              console.log(
                `${name.padEnd(16)} N ${f.n} MAE ${f.mae_lined} vs line ${f.line_mae}  HR@3 ${h.hr ?? '-'} [${h.ci_low ?? '-'}, ${h.ci_high ?? '-'}] N=${h.n}  ROI ${f.roi_actual ?? '-'} / −110 ${f.roi_110 ?? '-'}`,
              );
            }
            console.log(`report ${path}`);
          }
        });
      }),
    );
}
