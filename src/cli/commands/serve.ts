import type { Command } from 'commander';
import { startServer } from '../../server/index.ts';
import { schedulerHooks } from '../../server/scheduler.ts';
import { action, CliError, cliContext, untilSignal, withApp } from '../context.ts';

interface ServeOptions {
  port?: string;
  host?: string;
  schedule: boolean;
}

/**
 * `courtedge serve [--port P] [--host H] [--no-schedule]`: the HTTP API and the web app
 * (spec 07 §3). The process holds the store for its lifetime and records itself in the lock
 * file beside it, so other commands act through its admin API instead of opening the file
 * (DESIGN "One writer per embedded store"). Stops on SIGINT/SIGTERM: stops listening, lets
 * running work finish, removes the lock, closes the store.
 *
 * The serve command is the one CLI file that imports src/server (cli and server sit side by
 * side above src/orchestrate).
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the JSON API, the admin API and the web app; holds the store while it runs')
    .option('--port <port>', 'TCP port (default: server.port, 8787; 0 picks a free one)')
    .option('--host <address>', 'address to bind (default: server.host, 127.0.0.1)')
    .option('--no-schedule', 'do not run the in-process scheduler')
    .action(
      action(async (opts: ServeOptions, cmd: Command) => {
        const ctx = cliContext(cmd);
        const port = opts.port === undefined ? undefined : Number(opts.port);
        if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
          throw new CliError(`--port must be an integer 0-65535, got ${JSON.stringify(opts.port)}`, 2);
        }
        const schedule = opts.schedule && ctx.config.schedule.enabled;
        await withApp(ctx, async (app) => {
          const server = await startServer({
            app,
            port,
            host: opts.host,
            storePath: ctx.config.databaseUrl ? null : ctx.config.store,
            // The scheduler starts once the server listens and stops before the store is let go.
            hooks: schedule ? schedulerHooks(app) : undefined,
          });
          process.stderr.write(
            `courtedge serve: ${server.url} (pid ${process.pid}; admin API ${ctx.config.adminToken ? 'on' : 'off: no adminToken'}; scheduler ${schedule ? 'on' : 'off'})\n`,
          );
          await untilSignal();
          await server.close();
        });
      }),
    );
}
