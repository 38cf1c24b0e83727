// A `courtedge worker` process for the distributed tests (until the CLI command exists it is
// this entry; it calls the same use case the command will). Prints one JSON line when ready;
// SIGTERM/SIGINT stop it gracefully; a refusal prints one line on stderr and exits 1.
import { loadConfig } from '../../../src/config/load.ts';
import { createLogger } from '../../../src/config/log.ts';
import { withApp } from '../../../src/orchestrate/app.ts';
import { runWorker } from '../../../src/orchestrate/worker.ts';

const ac = new AbortController();
process.on('SIGTERM', () => ac.abort());
process.on('SIGINT', () => ac.abort());
try {
  const loaded = loadConfig({ env: process.env });
  const log = createLogger(loaded.config.logLevel);
  const concurrency = Number(process.argv[2] ?? 1);
  await withApp(
    loaded,
    log,
    (app) =>
      runWorker(app, {
        concurrency,
        signal: ac.signal,
        heartbeatS: 2,
        onReady: (w) => process.stdout.write(`${JSON.stringify({ ready: w.worker_id })}\n`),
      }),
    { migrate: false },
  );
  process.exit(0);
} catch (e) {
  process.stderr.write(`courtedge worker: ${(e as Error).message}\n`);
  process.exit((e as { exitCode?: number }).exitCode ?? 1);
}
