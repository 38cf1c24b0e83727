import type { Command } from 'commander';
import { clearHalt, setHalt, showHalt } from '../../orchestrate/halt.ts';
import { remoteHaltClear, remoteHaltSet, serverFor } from '../../orchestrate/lock.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';

export function registerHalt(program: Command): void {
  const halt = program.command('halt').description('halt or resume best-bets publication');
  const who = process.env.USER ?? 'cli';

  halt
    .command('set')
    .description('halt publication; the reason is published as entered')
    .requiredOption('--reason <text>', 'why (shown to readers)')
    .option('--by <name>', 'who sets it', who)
    .option('--json', 'print the Halt object')
    .action(
      action(async (opts: { reason: string; by: string; json?: boolean }, cmd: Command) => {
        if (!opts.reason.trim()) throw new CliError('--reason must not be empty', 2);
        const ctx = cliContext(cmd);
        const server = serverFor(ctx.config); // a running `courtedge serve` holds the store: go through it
        const h = server
          ? await remoteHaltSet(server, ctx.config.adminToken, opts.reason)
          : await withApp(ctx, (app) => setHalt(app, { reason: opts.reason, by: opts.by }));
        if (opts.json) printJson(h);
        else console.log(`halted (manual) since ${h.since}: ${h.reason}`);
      }),
    );

  halt
    .command('clear')
    .description('clear the manual halt')
    .option('--by <name>', 'who clears it', who)
    .option('--json', 'print {cleared, halt}')
    .action(
      action(async (opts: { by: string; json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        const server = serverFor(ctx.config); // a running `courtedge serve` holds the store: go through it
        const r = server
          ? { cleared: null, halt: await remoteHaltClear(server, ctx.config.adminToken) }
          : await withApp(ctx, (app) => clearHalt(app, { by: opts.by }));
        if (opts.json) printJson(r);
        else console.log(r.cleared === false ? 'no manual halt was set' : 'manual halt cleared');
      }),
    );

  halt
    .command('show')
    .description('the halt in force for a date (manual, off_season, fleet_blocked) and the manual halt')
    .option('--date <date>', 'game date (default: today)')
    .option('--json', 'print {date, halt, manual}')
    .action(
      action(async (opts: { date?: string; json?: boolean }, cmd: Command) => {
        const date = opts.date === undefined ? undefined : requireDate(opts.date);
        const { date: d, halt: h, manual } = await withApp(cliContext(cmd), (app) => showHalt(app, { date }));
        if (opts.json) return printJson({ date: d, halt: h, manual });
        console.log(
          h.active ? `${d}: HALTED (${h.state}) since ${h.since}: ${h.reason}` : `${d}: not halted`,
        );
        if (manual) console.log(`manual halt set by ${manual.set_by} at ${manual.since}: ${manual.reason}`);
      }),
    );
}
