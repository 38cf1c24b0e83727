import type { BacktestResult } from './backtest.ts';
import { renderCalibrationTable, renderProbabilitySection } from './calibration/report.ts';
import type { HrJson } from './evaluation.ts';

/**
 * The Markdown backtest report (spec 03 §9). Pure and deterministic: the same result gives
 * the same bytes (no wall-clock values).
 */

const pct = (x: number | null | undefined, dp = 1) =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(dp)}%`;
const num = (x: number | null | undefined, dp = 2) => (x === null || x === undefined ? '–' : x.toFixed(dp));
const signedPct = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const hrCell = (h: HrJson) => (h.n ? `${pct(h.hr)} [${pct(h.ci_low)}, ${pct(h.ci_high)}] N=${h.n}` : 'N=0');

export function renderReport(r: BacktestResult): string {
  const out: string[] = [];
  out.push(`# Backtest ${r.from} … ${r.to}`, '');
  out.push(
    `Walk-forward: retrain every ${r.settings.cadence_days} days on the last ${r.settings.window_game_days} game days ` +
      `(season types ${r.settings.season_types.join(', ')}), gates on the twin basis, features and consensus lines as of tip-off, ` +
      'rows a FIRST batch would predict.',
    '',
  );
  out.push(
    r.view === 'all_models'
      ? '**View: all models (research).** Every trained model fed best bets, whatever its gates; live operation would not have run the models whose gates failed.'
      : '**View: as live.** Best bets saw only the models live operation would have enabled at each retrain: a model with no failed gate (95% interval wholly on the wrong side of its bar; advisory gates, `models.registry.advisoryGates`, default log_loss, do not count) becomes shadow; a family whose new model failed keeps its earlier enabled model, or sits out. `--all-models` gives the research view.',
    'The family figures below cover every trained model in both views (what each would have done); the per-block tables say which models fed best bets and why the others sat out.',
    '',
  );
  out.push(
    `Market baseline: the consensus line's own MAE (\`line MAE\`). Break-even at −110: ${pct(r.break_even_110, 2)}. ` +
      'HR = wins / (wins + losses) over lined predictions with |edge| ≥ k, direction = sign(edge); 95% Wilson intervals. ' +
      'ROI is over the HR@3 population, at the recorded price of the highest-priority book quoting the consensus line, and at −110.',
    '',
  );
  out.push('## Families', '');
  out.push(
    '| family | N | N lined | MAE | line MAE | bias vs line | HR@3 | HR@5 | ROI actual | ROI −110 | Brier | log loss (market) |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, f] of Object.entries(r.families)) {
    out.push(
      `| ${name} | ${f.n} | ${f.n_lined} | ${num(f.mae_lined)} | ${num(f.line_mae)} | ${num(f.bias_vs_line)} | ${hrCell(f.hr3)} | ${hrCell(f.hr5)} | ${signedPct(f.roi_actual)} (N=${f.hr3.n_priced}) | ${signedPct(f.roi_110)} | ${num(f.brier, 4)} | ${num(f.log_loss, 4)} (${num(f.market_log_loss, 4)}) |`,
    );
  }
  out.push(
    '',
    'MAE is over lined rows (`mae_lined`), the same rows as the line MAE. HR@1 and direction split:',
    '',
  );
  out.push('| family | HR@1 | OVER HR@3 | UNDER HR@3 | MAE all rows | blocks sat out |');
  out.push('|---|---|---|---|---|---|');
  for (const [name, f] of Object.entries(r.families)) {
    out.push(
      `| ${name} | ${hrCell(f.hr1)} | ${hrCell(f.by_side.over)} | ${hrCell(f.by_side.under)} | ${num(f.mae)} (N=${f.n}) | ${f.blocks_sat_out} |`,
    );
  }
  out.push('', '## By ISO week (HR@3)', '');
  const weeks = [...new Set(Object.values(r.families).flatMap((f) => Object.keys(f.by_week)))].sort();
  out.push(`| family | ${weeks.map((w) => `week of ${w}`).join(' | ')} |`);
  out.push(`|---|${weeks.map(() => '---').join('|')}|`);
  for (const [name, f] of Object.entries(r.families)) {
    out.push(
      `| ${name} | ${weeks.map((w) => (f.by_week[w] ? `${hrCell(f.by_week[w].hr3)}; MAE ${num(f.by_week[w].mae)} vs ${num(f.by_week[w].line_mae)}` : '–')).join(' | ')} |`,
    );
  }
  out.push('', '## Calibration (reliability of p_over, lined non-push rows)', '');
  for (const [name, f] of Object.entries(r.families)) {
    const bins = f.reliability
      .filter((b) => b.n > 0)
      .map(
        (b) =>
          `${(b.bin / 10).toFixed(1)}–${((b.bin + 1) / 10).toFixed(1)}: n ${b.n}, p ${num(b.mean_p, 3)}, obs ${num(b.observed, 3)}`,
      );
    out.push(
      `- **${name}**: Brier ${num(f.brier, 4)}, log loss ${num(f.log_loss, 4)} (no-vig market ${num(f.market_log_loss, 4)}), ECE ${num(f.ece, 4)}. ${bins.join('; ')}`,
    );
  }
  out.push(...renderProbabilitySection(r.families));
  out.push('', `## Best bets (${r.view === 'all_models' ? 'all models' : 'as live'})`, '');
  if (r.data.fed_hr3)
    out.push(
      `The ${r.data.fed_predictions} predictions best bets saw (the fed models'): HR@3 ${hrCell(r.data.fed_hr3)}, ROI −110 ${signedPct(r.data.fed_hr3.roi_110)}; HR@5 ${hrCell(r.data.fed_hr5)}.`,
      '',
    );
  if (!r.best_bets)
    out.push('Not run (the best-bets module was not available to this backtest, or --no-best-bets).');
  else {
    const b = r.best_bets;
    out.push(
      `Picks graded: ${b.n} (W-L-P ${b.wins}-${b.losses}-${b.pushes}, ${b.voids} void). HR ${pct(b.hr)} [${pct(b.ci_low)}, ${pct(b.ci_high)}], ROI actual ${signedPct(b.roi_actual)}, ROI −110 ${signedPct(b.roi_110)}.`,
      '',
      '| real_signal_count | HR | N |',
      '|---|---|---|',
      ...Object.entries(b.by_real_signal_count).map(
        ([k, v]) => `| ${k} | ${pct(v.hr)} [${pct(v.ci_low)}, ${pct(v.ci_high)}] | ${v.n} |`,
      ),
    );
  }
  out.push('', '## CLV', '', `Unavailable: ${r.clv.reason}.`, '');
  out.push('## Retrains and gates', '');
  for (const b of r.blocks) {
    out.push(
      `### Block ${b.start} … ${b.end} (train_end ${b.train_end ?? '–'}, ${b.game_days} game days)`,
      '',
    );
    out.push(`Fed best bets: ${b.fed?.length ? b.fed.join(', ') : 'none'}.`, '');
    out.push(
      '| family | system_id | rows | best iter | predictions | best bets | gates (figure [95% interval], N) |',
    );
    out.push('|---|---|---|---|---|---|---|');
    for (const [name, m] of Object.entries(b.models)) {
      const gates = m.gates
        ? Object.entries(m.gates)
            .map(
              ([g, v]) =>
                `${g} ${v.outcome}${v.figure !== null ? ` (${v.figure}${v.interval ? ` [${v.interval.low}, ${v.interval.high}]` : ''}, n ${v.n})` : ''}`,
            )
            .join('; ')
        : (m.error ?? '');
      out.push(
        `| ${name} | ${m.system_id ?? '–'} | ${m.rows ?? '–'} | ${m.best_iteration ?? '–'} | ${m.predictions} | ${m.why ?? '–'} | ${gates} |`,
      );
    }
    out.push('');
    out.push(...renderCalibrationTable(b.models));
  }
  out.push('## Data', '');
  out.push(
    `- game days scored: ${r.data.game_days}; predictions ${r.data.predictions} (${r.data.lined_predictions} with a line); models trained ${r.data.models_trained}`,
  );
  out.push(
    `- quality-ready tip-off feature rows read: ${Object.entries(r.data.feature_rows)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const other = Object.entries(r.data.other_contract_rows).filter(([, v]) => v > 0);
  if (other.length)
    out.push(`- rows skipped for another contract_hash: ${other.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push(
    '- v12_noveg drops the four direct vegas features only; #50–53 still use the line (a model can partly recover it).',
  );
  return `${out.join('\n')}\n`;
}
