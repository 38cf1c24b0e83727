import type { Command } from 'commander';
import { runsList } from '../../orchestrate/runs.ts';
import { action, CliError, cliContext, printJson, requireDate, withApp } from '../context.ts';

const STATUSES = ['running', 'succeeded', 'failed'];

/** `courtedge runs`: the run log, failures first. */
export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('the run log (pipeline_runs): failures first, then the newest')
    .option('--phase <phase>', 'only this phase (import, train, predict, bestbets, grade, publish, …)')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`)
    .option('--since <date>', 'only runs started on or after this date')
    .option('--limit <n>', 'at most this many rows (default 50)')
    .option('--json', 'print one JSON line {runs:[…]}')
    .action(
      action(
        async (
          opts: { phase?: string; status?: string; since?: string; limit?: string; json?: boolean },
          cmd: Command,
        ) => {
          if (opts.status && !STATUSES.includes(opts.status))
            throw new CliError(
              `--status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(opts.status)}`,
              2,
            );
          const limit = opts.limit === undefined ? undefined : Number(opts.limit);
          if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
            throw new CliError('--limit must be a positive integer', 2);
          const since = opts.since === undefined ? null : requireDate(opts.since, '--since');
          const runs = await withApp(cliContext(cmd), (app) =>
            runsList(app, { phase: opts.phase, status: opts.status, since, limit }),
          );
          if (opts.json) return printJson({ runs });
          if (!runs.length) return console.log('no runs');
          for (const r of runs)
            console.log(
              `${r.status.padEnd(9)} ${r.phase.padEnd(10)} ${(r.date ?? '').padEnd(10)} ${r.started_at.slice(0, 19)} ${r.duration_ms === null ? '-' : `${(r.duration_ms / 1000).toFixed(1)}s`} ${r.run_id}${r.error ? `  ${r.error.split('\n')[0]}` : ''}`,
            );
        },
      ),
    );
}
