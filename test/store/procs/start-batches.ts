// Starts N batches for one (date, mode) at once, as N concurrent requests of one process, and
// prints their outcomes as one JSON line (the double-trigger fault test runs two of these). It
// prints 'ready' first and fires when a line arrives on stdin, so two processes start together.
import { loadConfig } from '../../../src/config/load.ts';
import { createLogger } from '../../../src/config/log.ts';
import { withApp } from '../../../src/orchestrate/app.ts';
import { predictRuntime, startBatch } from '../../../src/orchestrate/predict.ts';
import { waitForBatch } from '../../../src/predict/index.ts';
import { PgBossQueue } from '../../../src/predict/queue/pg-boss.ts';
import { resolveClock } from '../../../src/store/clock.ts';

const [date, mode, n] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 5)];
const loaded = loadConfig({ env: process.env });
const log = createLogger(loaded.config.logLevel);
await withApp(
  loaded,
  log,
  async (app) => {
    // Send-only: this process starts batches; the workers run them.
    const queue = await PgBossQueue.open({ connectionString: app.config.databaseUrl!, consume: false, log });
    // The store's clock, as the workers keep it (a batch stamped by another clock looks stalled).
    const clock = await resolveClock(app.store, { configToday: app.config.today });
    const rt = predictRuntime(app, { queue, watchdog: false, now: clock.now });
    try {
      // Barrier: both processes fire together once the test has seen both ready lines.
      process.stdout.write('ready\n');
      await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
      const out = await Promise.all(
        Array.from({ length: n }, () =>
          startBatch(rt, {
            date,
            mode: mode as never,
            force: false,
            skipCompleteness: true,
            requestedBy: 'test',
          }),
        ),
      );
      process.stdout.write(
        `${JSON.stringify(out.map((o) => ({ outcome: o.outcome, batch_id: o.batch_id })))}\n`,
      );
      // The process that started a batch supervises its run row: it waits for the workers.
      for (const o of out) if (o.outcome === 'started') await waitForBatch(rt, o.batch_id);
    } finally {
      await rt.close();
      await queue.stop();
    }
  },
  { migrate: false },
);
process.exit(0);
