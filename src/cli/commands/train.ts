import type { Command } from 'commander';
import { buildFeatures } from '../../features/builder.ts';
import { runTraining, type TrainEntry } from '../../models/train.ts';
import { resolveToday } from '../../store/clock.ts';
import { action, CliError, cliContext, printJson, withStore } from '../context.ts';

function line(e: TrainEntry): string {
  if (e.skipped) return `${e.family.padEnd(16)} skipped ${e.skipped} (existing ${e.existing})`;
  if (e.error) return `${e.family.padEnd(16)} FAILED ${e.error}`;
  const gates = Object.entries(e.gates ?? {})
    .map(([k, v]) => `${k}:${v.outcome}`)
    .join(' ');
  return `${(e.system_id ?? '').padEnd(40)} rows ${e.rows} best_iter ${e.best_iteration} val_mae ${(e.metrics as any)?.mae} ${e.status} [${gates}]`;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train model families on a rolling window of game days (spec 03 §4)')
    .option('--family <names...>', 'families to train (space or comma separated)')
    .option('--all', 'every enabled family')
    .option('--end <date>', 'train_end (default: the last game day before today)')
    .option('--window <n>', 'window in game days (default models.training.windowGameDays)')
    .option('--force', 'train a family + window that is already registered (id gets _r2, _r3, …)')
    .option('--enable', 'make the models with no failed gate shadows')
    .option('--json', 'print one JSON line {models:[…]}')
    .action(
      action(async (opts: any, cmd: Command) => {
        const ctx = cliContext(cmd);
        const families: string[] = (opts.family ?? []).flatMap((s: string) => s.split(',')).filter(Boolean);
        if (!opts.all && !families.length) throw new CliError('name --family F… or --all', 2);
        if (opts.all && families.length) throw new CliError('--family and --all exclude each other', 2);
        const window = opts.window !== undefined ? Number(opts.window) : undefined;
        if (window !== undefined && !(Number.isInteger(window) && window > 1))
          throw new CliError('--window must be an integer > 1', 2);
        await withStore(ctx, async (store) => {
          const today = await resolveToday(store, { configToday: ctx.config.today });
          const summary = await runTraining(store, ctx.config, ctx.loaded.hash, {
            families,
            all: !!opts.all,
            end: opts.end,
            today: today.date,
            windowGameDays: window,
            force: !!opts.force,
            enable: !!opts.enable,
            log: ctx.log,
            buildFeatures: async (from, to, sets) => {
              await buildFeatures(store, {
                from,
                to,
                cutoff: 'tipoff',
                sets,
                config: ctx.config,
                log: ctx.log,
              });
            },
          });
          if (opts.json)
            printJson({
              run_id: summary.run_id,
              train_end: summary.train_end,
              window: summary.window,
              models: summary.models,
            });
          else {
            if (summary.window)
              console.log(
                `window ${summary.window.start} … ${summary.window.end} (${summary.window.game_days} game days)`,
              );
            for (const e of summary.models) console.log(line(e));
          }
        });
      }),
    );
}
