import type { Command } from 'commander';
import { runWorker } from '../../orchestrate/worker.ts';
import { action, CliError, cliContext, printJson, withApp } from '../context.ts';

/**
 * `courtedge worker [--concurrency N]`: take prediction jobs from the PostgreSQL queue until
 * SIGTERM/SIGINT, which finish (or release) the current jobs before exiting.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take jobs from the PostgreSQL queue (COURTEDGE_DATABASE_URL); SIGTERM stops it gracefully')
    .option('--concurrency <n>', 'threads computing chunks (default config.threads or the cores)')
    .option(
      '--heartbeat <s>',
      'seconds between heartbeats (status lists workers seen in the last minutes)',
      '15',
    )
    .option('--json', 'print one JSON line when ready and one when stopped')
    .action(
      action(async (opts: { concurrency?: string; heartbeat: string; json?: boolean }, cmd: Command) => {
        const concurrency = opts.concurrency === undefined ? undefined : Number(opts.concurrency);
        if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1))
          throw new CliError('--concurrency must be a positive integer', 2);
        const heartbeatS = Number(opts.heartbeat);
        if (!(heartbeatS >= 1 && heartbeatS <= 600))
          throw new CliError('--heartbeat must be 1 to 600 seconds', 2);
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        // A worker never migrates: one started before the migrations ran refuses with one line.
        const r = await withApp(
          cliContext(cmd),
          (app) =>
            runWorker(app, {
              concurrency,
              heartbeatS,
              signal: ac.signal,
              onReady: (w) =>
                opts.json
                  ? printJson({ ready: w.worker_id, host: w.host, pid: w.pid })
                  : process.stderr.write(
                      `courtedge worker ${w.worker_id} on ${w.host} (pid ${w.pid}) taking jobs\n`,
                    ),
            }),
          { migrate: false },
        );
        if (opts.json) printJson({ stopped: r.worker_id, seconds: r.seconds });
        else process.stderr.write(`courtedge worker ${r.worker_id} stopped after ${r.seconds} s\n`);
      }),
    );
}
