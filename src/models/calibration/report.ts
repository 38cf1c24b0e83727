import type { ProbabilityCalibration } from '../../domain/model-bundle.ts';
import type { ProbabilityReport, ProbabilityStats } from './measure.ts';

/**
 * The backtest report's probability sections (probabilities issue): p_model, p_final and the
 * market (p = no-vig) scored on the same rows, with reliability tables and the fitted
 * coefficients per retrain. Pure and deterministic, like the rest of the report.
 */

const f = (x: number | null | undefined, dp = 4) => (x === null || x === undefined ? '–' : x.toFixed(dp));
const signed = (x: number | null | undefined, dp = 4) =>
  x === null || x === undefined ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(dp)}`;
const pc = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`;

function reliability(s: ProbabilityStats): string {
  return s.reliability
    .map(
      (b) =>
        `${(b.bin / 10).toFixed(1)}–${((b.bin + 1) / 10).toFixed(1)}: n ${b.n}, p ${f(b.mean_p, 3)}, obs ${f(b.observed, 3)} [${pc(b.ci_low)}, ${pc(b.ci_high)}]`,
    )
    .join('; ');
}

export function renderProbabilitySection(
  families: Record<string, { probability?: ProbabilityReport }>,
): string[] {
  const rows = Object.entries(families).filter(([, v]) => v.probability);
  if (!rows.length) return [];
  const out: string[] = ['', '## Probabilities: p_model, p_final and the market on the same rows', ''];
  out.push(
    'Rows: lined, played, non-push, with both prices of the priced book (the market row is p = its no-vig probability). ' +
      'p_model = the model alone (player-dependent spread); p_final = σ(a + b·logit(p_market) + c·logit(p_model)) ' +
      'fitted on the twin window up to each train_end. Everything downstream (EV, Kelly, ranking, picks) uses p_final.',
    '',
  );
  out.push(
    '| family | N | market log loss | p_model log loss | p_model ECE | p_final log loss | p_final ECE | p_final − market | market ECE |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|');
  for (const [name, v] of rows) {
    const p = v.probability!;
    const d =
      p.p_final.log_loss !== null && p.market_log_loss !== null
        ? p.p_final.log_loss - p.market_log_loss
        : null;
    out.push(
      `| ${name} | ${p.n}${p.n_unpriced ? ` (+${p.n_unpriced} unpriced)` : ''} | ${f(p.market_log_loss)} | ${f(p.p_model.log_loss)} | ${f(p.p_model.ece)} | ${f(p.p_final.log_loss)} | ${f(p.p_final.ece)} | ${signed(d)} | ${f(p.market.ece)} |`,
    );
  }
  out.push('', 'Reliability (bin: n, mean p, observed over rate [95% Wilson]):', '');
  for (const [name, v] of rows) {
    const p = v.probability!;
    out.push(`- **${name}** p_model: ${reliability(p.p_model)}`);
    out.push(`- **${name}** p_final: ${reliability(p.p_final)}`);
  }
  out.push(`- **market**: ${reliability(rows[0][1].probability!.market)}`);
  return out;
}

/** One table of a retrain's fitted combinations (family, a, b, c, N, model-only a, c, N). */
export function renderCalibrationTable(
  models: Record<string, { calibration?: ProbabilityCalibration }>,
): string[] {
  const rows = Object.entries(models).filter(([, m]) => m.calibration);
  if (!rows.length) return [];
  const out = [
    "p_final coefficients (fitted on the twin's rows up to train_end; (0, 1, 0) = the market):",
    '',
    '| family | a | b | c | N priced | model-only a | model-only c | N | rows through |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, m] of rows) {
    const c = m.calibration!;
    out.push(
      `| ${name} | ${f(c.market.a, 3)} | ${f(c.market.b, 3)} | ${f(c.market.c, 3)} | ${c.market.n} | ${f(c.model.a, 3)} | ${f(c.model.c, 3)} | ${c.model.n} | ${c.fitted_through ?? '–'} |`,
    );
  }
  out.push('');
  return out;
}
