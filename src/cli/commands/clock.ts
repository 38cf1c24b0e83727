import type { Command } from 'commander';
import { setClock, showClock } from '../../orchestrate/clock.ts';
import { action, cliContext, printJson, requireDate, withApp } from '../context.ts';

export function registerClock(program: Command): void {
  const clock = program.command('clock').description('the simulated store\'s "today"');

  clock
    .command('show')
    .description('print the date "today" resolves to and where it comes from')
    .option('--json', 'print {date, source, store_kind}')
    .action(
      action(async (opts: { json?: boolean }, cmd: Command) => {
        const t = await withApp(cliContext(cmd), showClock);
        if (opts.json) printJson(t);
        else console.log(`today ${t.date} (from ${t.source}; store ${t.store_kind ?? 'empty'})`);
      }),
    );

  clock
    .command('set <date>')
    .description("move a simulated store's clock to DATE")
    .action(
      action(async (date: string, _opts: unknown, cmd: Command) => {
        await withApp(cliContext(cmd), (app) => setClock(app, requireDate(date, 'DATE')));
        console.log(`clock set to ${date}`);
      }),
    );
}
