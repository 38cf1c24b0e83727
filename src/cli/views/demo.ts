import { BREAK_EVEN_110 } from '../../domain/odds.ts';
import { renderReport } from '../../orchestrate/backtest.ts';
import type { runDemo } from '../../orchestrate/demo.ts';
import type { runServedDemo } from '../../orchestrate/demo-served.ts';
import { printJson } from '../context.ts';

/** Human and --json views of `courtedge demo` (the served demo and the --backtest report). */

export function printBacktestDemo(r: Awaited<ReturnType<typeof runDemo>>, json: boolean): void {
  if (json) {
    const fam = Object.fromEntries(
      Object.entries(r.backtest.families).map(([k, f]) => [
        k,
        {
          n: f.n,
          mae: f.mae_lined,
          line_mae: f.line_mae,
          hr3: f.hr3,
          roi_actual: f.roi_actual,
          roi_110: f.roi_110,
        },
      ]),
    );
    printJson({
      store: r.store,
      from: r.from,
      to: r.to,
      simulated: r.simulated,
      families: fam,
      best_bets: r.backtest.best_bets,
      graded: r.graded,
      seconds: r.seconds,
    });
    return;
  }
  process.stdout.write(renderReport(r.backtest));
  const p = r.graded.picks;
  const hr = p.wins + p.losses ? (100 * p.wins) / (p.wins + p.losses) : null;
  process.stdout.write(
    `\n## Grading (the same grading code as live, on the backtest's store)\n\n` +
      `${r.graded.predictions} predictions graded over ${r.graded.dates} dates: ${r.graded.wins} W, ${r.graded.losses} L, ${r.graded.pushes} P, ${r.graded.voids} void, ${r.graded.no_bets} no bet (|edge| below the bet threshold).\n` +
      `Best-bets picks: ${p.wins}-${p.losses}${p.pushes ? `-${p.pushes}` : ''} (${p.voids} void)${hr === null ? '' : `, hit rate ${hr.toFixed(1)}% vs ${(100 * BREAK_EVEN_110).toFixed(2)}% break-even`}, ${p.units >= 0 ? '+' : ''}${p.units.toFixed(2)} units at the recorded prices.\n\n` +
      `Store: ${r.store} · simulate ${r.seconds.simulate} s · backtest ${r.seconds.backtest} s · grade ${r.seconds.grade} s · total ${r.seconds.total} s\n`,
  );
}

export function printServedDemo(r: Awaited<ReturnType<typeof runServedDemo>>, json: boolean): void {
  if (json) printJson(r);
  else {
    const p = r.picks;
    const hr =
      p.hit_rate === null
        ? 'n/a'
        : `${(100 * p.hit_rate).toFixed(1)}% (95% ${(100 * (p.ci_low ?? 0)).toFixed(1)}–${(100 * (p.ci_high ?? 0)).toFixed(1)}%)`;
    console.log(
      `demo ${r.from} … ${r.to} on ${r.store}: ${r.models.enabled}/${r.models.trained} models enabled, ${r.predictions} predictions, picks ${p.wins}-${p.losses}-${p.pushes} (${p.voids} void), hit rate ${hr} vs ${(100 * BREAK_EVEN_110).toFixed(2)}% break-even, ${p.units >= 0 ? '+' : ''}${p.units} units; ${r.exports} export files; status ${r.status.ok ? 'nothing missing' : `${r.status.missing.length} missing`}; ${r.seconds.total} s`,
    );
    // As live: which models fed best bets after each retrain, and why the others sat out.
    for (const b of r.blocks)
      console.log(
        `  retrain ${b.train_end}: ${b.fed.length} fed best bets${b.sat_out.length ? `; sat out: ${b.sat_out.map((m) => `${m.system_id} (${m.why})`).join(', ')}` : ''}`,
      );
  }
}
