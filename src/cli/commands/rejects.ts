import type { Command } from 'commander';
import { rejectsReport } from '../../orchestrate/rejects.ts';
import { action, cliContext, printJson, requireDate, withApp } from '../context.ts';

/** `courtedge rejects`: what was refused at ingestion, by source and reason, and what to do. */
export function registerRejects(program: Command): void {
  program
    .command('rejects')
    .description('open rejected rows by source and reason, examples, and the command that retries them')
    .option('--source <source>', 'only this source (e.g. files:odds-snapshots)')
    .option('--reason <reason>', 'only this reason (e.g. UNKNOWN_PLAYER)')
    .option('--since <date>', 'only rows rejected on or after this date')
    .option('--json', 'print one JSON line')
    .action(
      action(
        async (opts: { source?: string; reason?: string; since?: string; json?: boolean }, cmd: Command) => {
          const since = opts.since === undefined ? null : requireDate(opts.since, '--since');
          const r = await withApp(cliContext(cmd), (app) =>
            rejectsReport(app, { source: opts.source, reason: opts.reason, since }),
          );
          if (opts.json) return printJson(r);
          if (!r.open) return console.log('no open rejected rows');
          console.log(`${r.open} open rejected row(s)`);
          for (const b of r.by)
            console.log(
              `  ${String(b.n).padStart(7)}  ${b.reason.padEnd(20)} ${b.source}${b.retryable ? '  (retryable)' : ''}`,
            );
          console.log('examples:');
          for (const e of r.examples) console.log(`  ${e.reason.padEnd(20)} ${e.row_ref}: ${e.detail ?? ''}`);
          for (const t of r.retry) console.log(`to retry: ${t}`);
        },
      ),
    );
}
