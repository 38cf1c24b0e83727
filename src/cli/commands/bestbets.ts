import type { Command } from 'commander';
import { priceText } from '../../bestbets/angles.ts';
import { NOT_HALTED } from '../../bestbets/halt.ts';
import { bottleneckText, runBestBets, toJsonPick } from '../../bestbets/index.ts';
import { resolveClock } from '../../store/clock.ts';
import { action, cliContext, printJson, requireDate, withStore } from '../context.ts';

const pct = (x: number | null, dp = 1) => (x === null ? '-' : `${(x * 100).toFixed(dp)}%`);

export function registerBestBets(program: Command): void {
  program
    .command('bestbets')
    .description('select the best bets of a date: candidates, filters, signals, pricing, angles (spec 05)')
    .option('--date <date>', 'game date YYYY-MM-DD (default: today)')
    .option('--dry-run', 'compute and print; write nothing')
    .option('--json', 'print one JSON object')
    .action(
      action(async (opts: { date?: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
        const ctx = cliContext(cmd);
        await withStore(ctx, async (store) => {
          const clock = await resolveClock(store, { configToday: ctx.config.today });
          const date = opts.date ? requireDate(opts.date) : clock.today;
          const out = await runBestBets(store, {
            date,
            config: ctx.config,
            configHash: ctx.loaded.hash,
            now: clock.now(),
            dryRun: opts.dryRun,
            log: ctx.log,
          });
          const r = out.result.run;
          const halt =
            r.status === 'halted'
              ? { active: true, state: r.halt_state, reason: r.halt_reason, since: r.halt_since }
              : NOT_HALTED;
          const active = opts.dryRun ? out.result.picks : out.stored.filter((p) => p.status === 'active');
          const message = bottleneckText(r.pipeline_summary, ctx.config.bestbets.edgeFloor, r.halt_reason);
          if (opts.json) {
            printJson({
              date,
              run_id: out.run_id,
              dry_run: !!opts.dryRun,
              algorithm_version: r.algorithm_version,
              config_hash: r.config_hash,
              halt,
              message,
              picks: active.map(toJsonPick),
              withdrawn: out.stored
                .filter((p) => p.status === 'withdrawn')
                .map((p) => ({
                  ...toJsonPick(p),
                  withdrawn_at: p.withdrawn_at,
                  withdraw_reason: p.withdraw_reason,
                })),
              filter_summary: r.filter_summary,
              pipeline_summary: r.pipeline_summary,
              exposure: r.exposure,
              ultra_gate: r.ultra_gate,
            });
            return;
          }
          const c = r.pipeline_summary.counts;
          console.log(
            `best bets ${date}${opts.dryRun ? ' (dry run)' : ''}: ${active.length} pick(s) from ${c.candidates} candidates ` +
              `(${c.edge_floor_passed} past the ${ctx.config.bestbets.edgeFloor.toFixed(1)} edge floor, ${c.filters_passed} passed the filters)`,
          );
          if (halt.active) console.log(`HALTED (${halt.state}): ${halt.reason}`);
          if (message) console.log(`no picks: ${message}`);
          for (const p of active) {
            const abs = Math.abs(p.edge).toFixed(1);
            const price = p.best_book
              ? `${priceText(p.best_price)} at ${p.best_book}`
              : `${priceText(p.best_price)} assumed`;
            console.log(
              `${String(p.rank).padStart(2)}. ${p.player_name} (${p.team ?? '?'} vs ${p.opponent ?? '?'}) ${p.direction} ${p.line.toFixed(1)}` +
                ` · ${abs} pts edge · ${price} · EV ${pct(p.ev)} · stake ${pct(p.stake_pct, 2)}${p.ultra_tier ? ' · ULTRA' : ''}`,
            );
            for (const a of p.angles) console.log(`      - ${a}`);
          }
          const rej = Object.entries(r.filter_summary.rejected).filter(([, n]) => n > 0);
          if (rej.length) console.log(`rejected: ${rej.map(([k, n]) => `${k} ${n}`).join(', ')}`);
          const w = out.stored.filter((p) => p.status === 'withdrawn');
          for (const p of w)
            console.log(
              `withdrawn: ${p.player_name} ${p.direction} ${p.line.toFixed(1)} (${p.withdraw_reason})`,
            );
        });
      }),
    );
}
