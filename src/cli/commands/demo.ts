import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { BREAK_EVEN_110 } from '../../domain/odds.ts';
import { renderReport } from '../../orchestrate/backtest.ts';
import { runDemo } from '../../orchestrate/demo.ts';
import { runServedDemo } from '../../orchestrate/demo-served.ts';
import { startServer } from '../../server/index.ts';
import {
  action,
  type CliContext,
  CliError,
  cliContext,
  printJson,
  rootOptions,
  untilSignal,
  withApp,
} from '../context.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'simulate a league, backfill the last weeks of its second season through every phase, serve the dashboard',
    )
    .option('--no-serve', 'print the summary and exit')
    .option('--backtest', 'the walk-forward backtest report on its own store instead (implies --no-serve)')
    .option('--weeks <n>', 'weeks walked forward', '4')
    .option('--seed <s>', 'simulator seed (default simulator.seed)')
    .option('--json', 'print one JSON summary line instead of the report')
    .action(
      action(async (opts: DemoFlags, cmd: Command) => {
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
        if (!opts.backtest) return served(ctx, cmd, storePath, weeks, opts);
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
            `${r.graded.predictions} predictions graded over ${r.graded.dates} dates: ${r.graded.wins} W, ${r.graded.losses} L, ${r.graded.pushes} P, ${r.graded.voids} void, ${r.graded.no_bets} no bet (|edge| below the bet threshold).\n` +
            `Best-bets picks: ${p.wins}-${p.losses}${p.pushes ? `-${p.pushes}` : ''} (${p.voids} void)${hr === null ? '' : `, hit rate ${hr.toFixed(1)}% vs ${(100 * BREAK_EVEN_110).toFixed(2)}% break-even`}, ${p.units >= 0 ? '+' : ''}${p.units.toFixed(2)} units at the recorded prices.\n\n` +
            `Store: ${r.store} · simulate ${r.seconds.simulate} s · backtest ${r.seconds.backtest} s · grade ${r.seconds.grade} s · total ${r.seconds.total} s\n`,
        );
      }),
    );
}

interface DemoFlags {
  serve: boolean;
  backtest?: boolean;
  weeks: string;
  seed?: string;
  json?: boolean;
}

/**
 * The demo on the operations code (orchestrate/demo-served.ts): simulate, backfill the last
 * weeks through every phase, check status, then serve the dashboard on the demo store until
 * Ctrl-C (issue 17). Exits 1 without serving when a phase failed or something is missing.
 */
async function served(ctx: CliContext, cmd: Command, storePath: string, weeks: number, opts: DemoFlags) {
  let last = '';
  const r = await runServedDemo({
    storePath,
    config: ctx.config,
    configHash: ctx.loaded.hash,
    log: ctx.log,
    weeks,
    seed: opts.seed === undefined ? undefined : Number(opts.seed),
    progress: (l) => process.stderr.write(`${l}\n`),
    onBackfill: (p) => {
      const l = `      ${p.phase} ${p.date} · ${p.done}/${p.total} dates · ETA ${p.eta_s ?? '…'} s`;
      if (l !== last) process.stderr.write(process.stderr.isTTY ? `\r${l}   ` : `${l}\n`);
      last = l;
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (opts.json) printJson(r);
  else {
    const p = r.picks;
    const hr =
      p.hit_rate === null
        ? 'n/a'
        : `${(100 * p.hit_rate).toFixed(1)}% (95% ${(100 * (p.ci_low ?? 0)).toFixed(1)}–${(100 * (p.ci_high ?? 0)).toFixed(1)}%)`;
    console.log(
      `demo ${r.from} … ${r.to} on ${r.store}: ${r.models.enabled}/${r.models.trained} models enabled, ${r.predictions} predictions, picks ${p.wins}-${p.losses}-${p.pushes} (${p.voids} void), hit rate ${hr} vs ${(100 * BREAK_EVEN_110).toFixed(2)}% break-even, ${p.units >= 0 ? '+' : ''}${p.units} units; ${r.exports} export files; status ${r.status.ok ? 'nothing missing' : `${r.status.missing.length} missing`}; ${r.seconds.total} s`,
    );
    // As live: which models fed best bets after each retrain, and why the others sat out.
    for (const b of r.blocks)
      console.log(
        `  retrain ${b.train_end}: ${b.fed.length} fed best bets${b.sat_out.length ? `; sat out: ${b.sat_out.map((m) => `${m.system_id} (${m.why})`).join(', ')}` : ''}`,
      );
  }
  const bad = r.backfill.failures[0];
  if (bad || !r.status.ok) {
    process.stderr.write(
      `courtedge: demo incomplete: ${bad ? `${bad.date} ${bad.phase}: ${bad.error}` : r.status.missing[0]} (see courtedge --store ${storePath} status --from ${r.from} --to ${r.to})\n`,
    );
    process.exitCode = 1;
    return;
  }
  if (!opts.serve) return;
  const loaded = loadConfig({ file: rootOptions(cmd).config, overrides: { store: storePath } });
  await withApp({ ...ctx, loaded, config: loaded.config }, async (app) => {
    const server = await startServer({ app, storePath });
    process.stderr.write(`courtedge demo: the dashboard is on ${server.url} (Ctrl-C stops)\n`);
    await untilSignal();
    await server.close();
  });
}
