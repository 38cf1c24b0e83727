import type { Command } from 'commander';
import { addDays } from '../../domain/dates.ts';
import { type BatchRow, startBatch, waitForBatch } from '../../predict/batches.ts';
import { BadRequestError, resolveRequest } from '../../predict/modes.ts';
import { PredictRuntime } from '../../predict/runtime.ts';
import { batchSummary } from '../../predict/summary.ts';
import { resolveClock } from '../../store/clock.ts';
import type { Store } from '../../store/store.ts';
import { action, type CliContext, CliError, cliContext, printJson, withStore } from '../context.ts';

interface PredictOptions {
  date?: string;
  mode?: string;
  force?: boolean;
  skipCompleteness?: boolean;
  wait?: boolean;
  json?: boolean;
}

const EXIT: Record<string, number> = { complete: 0, partial: 2, failed: 1 };

function bar(b: BatchRow, t0: number): string {
  const total = Math.max(1, b.n_chunks);
  const done = b.chunks_done + b.chunks_failed;
  const filled = b.n_chunks ? Math.round((10 * done) / total) : 0;
  const what = b.n_chunks ? `${done}/${b.n_chunks} chunks` : (b.current_step ?? b.status);
  return `${b.mode} ${b.game_date} [${'█'.repeat(filled)}${'░'.repeat(10 - filled)}] ${what} · ${b.n_predictions.toLocaleString('en-US')} predictions · ${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

function printHuman(b: BatchRow): void {
  const s = batchSummary(b);
  console.log(
    `batch ${s.batch_id} ${s.mode} ${s.date}: ${s.status}${s.failure_reason ? ` (${s.failure_reason})` : ''}`,
  );
  if (s.error) console.log(`  error: ${s.error}`);
  for (const [name, step] of Object.entries(b.steps)) {
    const { started_at: _s, ms, samples: _x, ...counts } = step as Record<string, unknown>;
    console.log(`  ${name.padEnd(13)} ${String(ms ?? '').padStart(6)} ms  ${JSON.stringify(counts)}`);
  }
  console.log(
    `  requested ${s.requested}, viable ${s.viable}, predicted ${s.predicted_players} players, ${s.predictions} predictions in ${s.seconds} s`,
  );
  for (const sys of s.systems) {
    console.log(
      `  ${sys.status === 'ok' ? '✓' : '✗'} ${sys.system_id} ${sys.n_predictions}${sys.reason ? ` ${sys.reason}` : ''}`,
    );
  }
  if (s.missing.length) {
    console.log(
      `  missing ${s.missing.length}: ${s.missing
        .slice(0, 10)
        .map((m) => `${m.player_id}@${m.game_id} ${m.reason}`)
        .join(', ')}`,
    );
  }
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('run a prediction batch for a date (spec 04): coordinator, quality gate, workers')
    .requiredOption('--date <date>', 'YYYY-MM-DD, today or tomorrow')
    .option(
      '--mode <mode>',
      'FIRST, RETRY, FINAL_RETRY, LAST_CALL, LINE_UPDATE or BACKFILL (default FIRST; BACKFILL for a past date)',
    )
    .option(
      '--force',
      'predict players already predicted; supersede a running batch of the same date and mode',
    )
    .option('--skip-completeness', 'run even when recent box scores are incomplete (recorded on the batch)')
    .option('--wait', 'follow a batch of the same date and mode that is already running')
    .option('--json', 'print one JSON summary line')
    .action(
      action(async (opts: PredictOptions, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, (store) => runPredict(ctx, store, opts)).catch((e: Error) => {
          // Embedded: a running `courtedge serve` owns the DuckDB file; batches go through it.
          if (/held by another process/.test(e.message)) {
            throw new CliError(
              `${e.message}; start the batch through its admin API: POST /api/admin/batches`,
            );
          }
          throw e;
        });
      }),
    );
}

async function runPredict(ctx: CliContext, store: Store, opts: PredictOptions): Promise<void> {
  const { today, now } = await resolveClock(store, { configToday: ctx.config.today });
  const raw =
    opts.date === 'today' ? today : opts.date === 'tomorrow' ? addDays(today, 1) : (opts.date ?? '');
  let req: ReturnType<typeof resolveRequest>;
  try {
    req = resolveRequest({ date: raw, mode: opts.mode }, today, ctx.config.predict.maxDaysAhead);
  } catch (e) {
    if (e instanceof BadRequestError) throw new CliError(e.message, 2);
    throw e;
  }
  const rt = new PredictRuntime({
    store,
    config: ctx.config,
    configHash: ctx.loaded.hash,
    log: ctx.log,
    now,
  });
  try {
    const t0 = performance.now();
    const started = await startBatch(rt, {
      date: req.date,
      mode: req.mode,
      force: !!opts.force,
      skipCompleteness: !!opts.skipCompleteness,
      requestedBy: 'cli',
    });
    if (started.outcome === 'conflict' && !opts.wait) {
      if (opts.json)
        printJson({ batch_id: started.batch_id, status: started.status, error: 'already_running' });
      else
        process.stderr.write(
          `courtedge: batch ${started.batch_id} for ${req.date} ${req.mode} is already ${started.status}; --wait follows it, --force supersedes it\n`,
        );
      process.exitCode = 3;
      return;
    }
    const tty = process.stderr.isTTY && !opts.json;
    const final = await waitForBatch(
      rt,
      started.batch_id,
      tty ? (b) => process.stderr.write(`\r${bar(b, t0)}`) : undefined,
    );
    if (tty) process.stderr.write('\n');
    if (opts.json) printJson(batchSummary(final));
    else printHuman(final);
    process.exitCode = EXIT[final.status] ?? 1;
  } finally {
    await rt.close();
  }
}
