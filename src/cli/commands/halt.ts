import type { Command } from 'commander';
import { clearManualHalt, getManualHalt, setManualHalt } from '../../bestbets/halt.ts';
import { loadHalt } from '../../bestbets/load.ts';
import { resolveToday } from '../../store/clock.ts';
import { action, CliError, cliContext, printJson, requireDate, withStore } from '../context.ts';

export function registerHalt(program: Command): void {
  const halt = program.command('halt').description('halt or resume best-bets publication (spec 05 §2, 08)');

  halt
    .command('set')
    .description('halt publication; the reason is published as entered')
    .requiredOption('--reason <text>', 'why (shown to readers)')
    .option('--by <name>', 'who sets it', process.env.USER ?? 'cli')
    .option('--json', 'print the Halt object')
    .action(
      action(async (opts: { reason: string; by: string; json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          if (!opts.reason.trim()) throw new CliError('--reason must not be empty', 2);
          const h = await setManualHalt(store, opts.reason, opts.by, new Date());
          if (opts.json) printJson(h);
          else console.log(`halted (manual) since ${h.since}: ${h.reason}`);
        });
      }),
    );

  halt
    .command('clear')
    .description('clear the manual halt')
    .option('--by <name>', 'who clears it', process.env.USER ?? 'cli')
    .option('--json', 'print {cleared, halt}')
    .action(
      action(async (opts: { by: string; json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          const cleared = await clearManualHalt(store, opts.by, new Date());
          if (opts.json)
            printJson({ cleared, halt: { active: false, state: null, reason: null, since: null } });
          else console.log(cleared ? 'manual halt cleared' : 'no manual halt was set');
        });
      }),
    );

  halt
    .command('show')
    .description('the halt in force for a date (manual, off_season, fleet_blocked) and the manual halt')
    .option('--date <date>', 'game date (default: today)')
    .option('--json', 'print {date, halt, manual}')
    .action(
      action(async (opts: { date?: string; json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          const date = opts.date
            ? requireDate(opts.date)
            : (await resolveToday(store, { configToday: ctx.config.today })).date;
          const h = await loadHalt(store, date, ctx.config.bestbets.offSeasonDays);
          const manual = await getManualHalt(store);
          if (opts.json) printJson({ date, halt: h, manual });
          else {
            console.log(
              h.active ? `${date}: HALTED (${h.state}) since ${h.since}: ${h.reason}` : `${date}: not halted`,
            );
            if (manual)
              console.log(`manual halt set by ${manual.set_by} at ${manual.since}: ${manual.reason}`);
          }
        });
      }),
    );
}
