import type { Command } from 'commander';
import { train } from '../../orchestrate/train.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';

type Entry = Awaited<ReturnType<typeof train>>['models'][number];

function line(e: Entry): string {
  if (e.skipped) return `${e.family.padEnd(16)} skipped ${e.skipped} (existing ${e.existing})`;
  if (e.error) return `${e.family.padEnd(16)} FAILED ${e.error}`;
  const gates = Object.entries(e.gates ?? {})
    .map(([k, v]) => `${k}:${v.outcome}`)
    .join(' ');
  const mae = (e.metrics as { mae?: number } | null)?.mae;
  return `${(e.system_id ?? '').padEnd(40)} rows ${e.rows} best_iter ${e.best_iteration} val_mae ${mae} ${e.status} [${gates}]`;
}

/**
 * When every trained model failed a gate, the one line that says which gates, for how many
 * models, and what to do (issue 20: predict then said only "no enabled model").
 */
export function gateBlockedLine(models: Entry[]): string | null {
  const trained = models.filter((e) => !e.skipped && !e.error);
  const failed = trained.map((e) => Object.entries(e.gates ?? {}).filter(([, g]) => g.outcome === 'fail'));
  if (!trained.length || failed.some((f) => !f.length)) return null;
  const by = new Map<string, number>();
  for (const f of failed) for (const [gate] of f) by.set(gate, (by.get(gate) ?? 0) + 1);
  const list = [...by].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return `every model failed a gate (${list.map(([g, n]) => `${g} ${n}`).join(', ')} of ${trained.length}): train on more data or a later --end, or enable them anyway with \`courtedge models enable --all-trained --force --reason "…"\``;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train model families on a rolling window of game days')
    .option('--family <names...>', 'families to train (space or comma separated)')
    .option('--all', 'every enabled family')
    .option('--end <date>', 'train_end (default: the last game day before today)')
    .option('--window <n>', 'window in game days (default models.training.windowGameDays)')
    .option('--force', 'train a family + window that is already registered (id gets _r2, _r3, …)')
    .option('--enable', 'make the models with no failed gate shadows')
    .option('--json', 'print one JSON line {models:[…]}')
    .action(
      action(async (opts: Record<string, string | string[] | boolean | undefined>, cmd: Command) => {
        const families = ((opts.family as string[] | undefined) ?? [])
          .flatMap((s) => s.split(','))
          .filter(Boolean);
        if (!opts.all && !families.length) throw new CliError('name --family F… or --all', 2);
        if (opts.all && families.length) throw new CliError('--family and --all exclude each other', 2);
        const window = opts.window !== undefined ? Number(opts.window) : undefined;
        if (window !== undefined && !(Number.isInteger(window) && window > 1))
          throw new CliError('--window must be an integer > 1', 2);
        const s = await withApp(cliContext(cmd), (app) =>
          train(app, {
            families,
            all: !!opts.all,
            end: opts.end === undefined ? undefined : requireDate(opts.end as string, '--end'),
            windowGameDays: window,
            force: !!opts.force,
            enable: !!opts.enable,
          }),
        );
        if (opts.json) return printJson(s);
        if (s.window)
          console.log(`window ${s.window.start} … ${s.window.end} (${s.window.game_days} game days)`);
        for (const e of s.models) console.log(line(e));
        const blocked = gateBlockedLine(s.models);
        if (blocked) console.log(blocked);
      }),
    );
}
