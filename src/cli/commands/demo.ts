import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { runDemo } from '../../orchestrate/demo.ts';
import { runServedDemo } from '../../orchestrate/demo-served.ts';
import { startServer } from '../../server/index.ts';
import {
  action,
  type CliContext,
  CliError,
  cliContext,
  rootOptions,
  untilSignal,
  withApp,
} from '../context.ts';
import { printBacktestDemo, printServedDemo } from '../views/demo.ts';

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
        printBacktestDemo(r, !!opts.json);
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
  printServedDemo(r, !!opts.json);
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
