import type { Command } from 'commander';
import { resolveToday, setClockDate } from '../../store/clock.ts';
import { getStoreKind } from '../../store/meta.ts';
import { action, cliContext, printJson, requireDate, withStore } from '../context.ts';

export function registerClock(program: Command): void {
  const clock = program.command('clock').description('the simulated store\'s "today" (00-decisions)');

  clock
    .command('show')
    .description('print the date "today" resolves to and where it comes from')
    .option('--json', 'print {date, source, store_kind}')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          const today = await resolveToday(store, { configToday: ctx.config.today });
          const kind = await getStoreKind(store);
          if (opts.json) printJson({ ...today, store_kind: kind });
          else console.log(`today ${today.date} (from ${today.source}; store ${kind ?? 'empty'})`);
        });
      }),
    );

  clock
    .command('set <date>')
    .description("move a simulated store's clock to DATE")
    .action(
      action(async (date: string, _opts: unknown, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          await setClockDate(store, requireDate(date, 'DATE'));
          console.log(`clock set to ${date}`);
        });
      }),
    );
}
