import type { Command } from 'commander';
import { bestBets } from '../../orchestrate/bestbets.ts';
import { action, cliContext, printJson, requireDate, withApp } from '../context.ts';
import { pct, priceText, publishedText } from '../format.ts';

export function registerBestBets(program: Command): void {
  program
    .command('bestbets')
    .description('select the best bets of a date: candidates, filters, signals, pricing, angles')
    .option('--date <date>', 'game date YYYY-MM-DD (default: today)')
    .option('--dry-run', 'compute and print; write nothing')
    .option('--json', 'print one JSON object')
    .action(
      action(async (opts: { date?: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
        const date = opts.date === undefined ? undefined : requireDate(opts.date);
        const r = await withApp(cliContext(cmd), (app) =>
          bestBets(app, { date, dryRun: opts.dryRun, publish: true }),
        );
        if (opts.json) {
          const { edge_floor: _e, ...out } = r;
          return printJson(out);
        }
        const c = r.pipeline_summary.counts;
        console.log(
          `best bets ${r.date}${r.dry_run ? ' (dry run)' : ''}: ${r.picks.length} pick(s) from ${c.candidates} candidates ` +
            `(${c.edge_floor_passed} past the ${r.edge_floor.toFixed(1)} edge floor, ${c.filters_passed} passed the filters)`,
        );
        if (r.halt.active) console.log(`HALTED (${r.halt.state}): ${r.halt.reason}`);
        if (r.message) console.log(`no picks: ${r.message}`);
        for (const p of r.picks) {
          const price = p.best_book
            ? `${priceText(p.best_price)} at ${p.best_book}`
            : `${priceText(p.best_price)} assumed`;
          console.log(
            `${String(p.rank).padStart(2)}. ${p.player} (${p.team ?? '?'} vs ${p.opponent ?? '?'}) ${p.direction} ${p.line.toFixed(1)}` +
              ` · ${p.abs_edge.toFixed(1)} pts edge · ${price} · EV ${pct(p.ev)} · stake ${pct(p.stake_pct, 2)}${p.ultra_tier ? ' · ULTRA' : ''}`,
          );
          for (const a of p.angles) console.log(`      - ${a}`);
        }
        const rej = Object.entries(r.filter_summary.rejected).filter(([, n]) => n > 0);
        if (rej.length) console.log(`rejected: ${rej.map(([k, n]) => `${k} ${n}`).join(', ')}`);
        for (const p of r.withdrawn)
          console.log(`withdrawn: ${p.player} ${p.direction} ${p.line.toFixed(1)} (${p.withdraw_reason})`);
        if (r.published) console.log(publishedText(r.published));
      }),
    );
}
