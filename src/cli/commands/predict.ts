import type { Command } from 'commander';
import { remoteStartBatch, serverFor } from '../../orchestrate/lock.ts';
import { type BatchRow, type BatchSummary, predict } from '../../orchestrate/predict.ts';
import { action, CliError, cliContext, printJson, withApp } from '../context.ts';

interface PredictOptions {
  date: string;
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

function printHuman(b: BatchRow, s: BatchSummary): void {
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
  for (const sys of s.systems)
    console.log(
      `  ${sys.status === 'ok' ? '✓' : '✗'} ${sys.system_id} ${sys.n_predictions}${sys.reason ? ` ${sys.reason}` : ''}`,
    );
  if (s.missing.length)
    console.log(
      `  missing ${s.missing.length}: ${s.missing
        .slice(0, 10)
        .map((m) => `${m.player_id}@${m.game_id} ${m.reason}`)
        .join(', ')}`,
    );
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('run a prediction batch for a date: coordinator, quality gate, workers')
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
        // A running `courtedge serve` holds the store: the batch starts there, through its admin API.
        const server = serverFor(ctx.config);
        if (server) {
          const r = await remoteStartBatch(server, ctx.config.adminToken, opts);
          if (opts.json) printJson({ ...r, via: server.url });
          else
            process.stderr.write(
              r.outcome === 'started'
                ? `courtedge: batch ${r.batch_id} started in courtedge serve (pid ${server.pid}, ${server.url})\n`
                : `courtedge: batch ${r.batch_id} is already ${r.status} in courtedge serve (pid ${server.pid}, ${server.url})\n`,
            );
          process.exitCode = r.outcome === 'started' ? 0 : 3;
          return;
        }
        const t0 = performance.now();
        const tty = process.stderr.isTTY && !opts.json;
        const out = await withApp(ctx, (app) =>
          predict(app, {
            ...opts,
            onProgress: tty ? (b) => process.stderr.write(`\r${bar(b, t0)}`) : undefined,
          }),
        ).catch((e: Error) => {
          // Embedded: a running `courtedge serve` owns the DuckDB file; batches go through it.
          if (/held by another process/.test(e.message))
            throw new CliError(
              `${e.message}; start the batch through its admin API: POST /api/admin/batches`,
            );
          throw e;
        });
        if (tty) process.stderr.write('\n');
        if (out.conflict) {
          if (opts.json) printJson({ batch_id: out.batch_id, status: out.status, error: 'already_running' });
          else
            process.stderr.write(
              `courtedge: batch ${out.batch_id} for ${out.date} ${out.mode} is already ${out.status}; --wait follows it, --force supersedes it\n`,
            );
          process.exitCode = 3;
          return;
        }
        if (opts.json) printJson(out.summary);
        else printHuman(out.batch, out.summary);
        process.exitCode = EXIT[out.batch.status] ?? 1;
      }),
    );
}
