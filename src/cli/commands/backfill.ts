import type { Command } from 'commander';
import { BACKFILL_PHASES, type BackfillPhase, backfill } from '../../orchestrate/backfill.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';
import { progressPrinter } from '../progress.ts';

/** `courtedge backfill --from D1 --to D2 [--phases …] [--dry-run] [--json]` (spec 08 "Backfill"). */
export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description(
      'run the pipeline over past dates, phase by phase (weekly retrains, BACKFILL batches, full best bets)',
    )
    .requiredOption('--from <date>', 'first date')
    .requiredOption('--to <date>', 'last date')
    .option('--phases <list>', `comma-separated subset of ${BACKFILL_PHASES.join(',')} (default all)`)
    .option('--dry-run', 'rehearse on a copy of the store and print what would change per table and date')
    .option('--json', 'print one JSON summary line')
    .action(
      action(
        async (
          opts: { from: string; to: string; phases?: string; dryRun?: boolean; json?: boolean },
          cmd,
        ) => {
          const from = requireDate(opts.from, '--from');
          const to = requireDate(opts.to, '--to');
          if (to < from) throw new CliError('--to is before --from', 2);
          const phases = opts.phases?.split(',').map((p) => p.trim()) as BackfillPhase[] | undefined;
          const bad = phases?.filter((p) => !BACKFILL_PHASES.includes(p));
          if (bad?.length)
            throw new CliError(`unknown phase(s) ${bad.join(', ')} (${BACKFILL_PHASES.join(', ')})`, 2);
          const tty = !!process.stderr.isTTY;
          const r = await withApp(cliContext(cmd), (app) =>
            backfill(app, {
              from,
              to,
              phases,
              dryRun: !!opts.dryRun,
              onProgress: progressPrinter('backfill', tty),
            }),
          );
          if (tty) process.stderr.write('\n');
          if (opts.json) printJson(r);
          else {
            console.log(
              `backfill ${r.from} … ${r.to} (${r.phases.join(', ')}${r.dry_run ? ', dry run' : ''}): ${r.dates} dates in ${r.seconds} s, ${r.failures.length} failure(s)`,
            );
            for (const f of r.failures) console.log(`failed   ${f.date} ${f.phase}: ${f.error}`);
            if (r.changes) {
              console.log(r.changes.length ? 'would change (rows before → after):' : 'would change nothing');
              for (const c of r.changes)
                console.log(`  ${c.table.padEnd(26)} ${(c.date ?? '').padEnd(11)} ${c.before} → ${c.after}`);
            }
          }
          if (!r.ok) {
            const f = r.failures[0];
            process.stderr.write(
              `courtedge: backfill failed: ${f.date} ${f.phase}: ${f.error}${r.failures.length > 1 ? ` (+${r.failures.length - 1} more)` : ''}\n`,
            );
            process.exitCode = 1;
          }
        },
      ),
    );
}
