import type { RoiReport } from '../orchestrate/reports.ts';
/** Small text formats shared by the commands (human output only; --json prints raw values). */

/** A fraction as a percentage: 0.5286 → "52.9%"; null → "-". */
export const pct = (x: number | null | undefined, dp = 1): string =>
  x === null || x === undefined ? '-' : `${(x * 100).toFixed(dp)}%`;

/** An American price with its sign: 110 → "+110", -105 → "-105". */
export const priceText = (p: number): string => (p > 0 ? `+${p}` : `${p}`);

/** A line of `key n` pairs for the non-zero counts of a record: "edge_floor 42, blacklist 2". */
export const countsText = (counts: Record<string, number>, sep = ', '): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(sep);

/** The re-export line after a phase: "exported 32 files (run …)" or the publish failure. */
export const publishedText = (p: { files: number; run_id: string | null } | { error: string }): string =>
  'error' in p
    ? `export failed (see courtedge runs): ${p.error}`
    : `exported ${p.files} file(s) (run ${p.run_id})`;

const f = (x: number | null | undefined, dp: number, unit = ''): string =>
  x === null || x === undefined ? '-' : `${x.toFixed(dp)}${unit}`;

/** `report roi` as text: one line per figure, each with its N and 95% interval (percent). */
export function roiText(r: RoiReport): string[] {
  return [
    `bets ${r.bets} (${r.wins} W, ${r.losses} L, ${r.pushes} P; ${r.voids_excluded} void excluded)`,
    `hit rate ${f(r.hr, 1, '%')} [95% ${f(r.hr_ci_low, 1)}–${f(r.hr_ci_high, 1, '%')}] (N=${r.wins + r.losses}; break-even ${f(r.break_even_hr, 2, '%')})`,
    `units ${r.units.toFixed(2)} · ROI ${f(r.roi, 1, '%')} [95% ${f(r.roi_ci_low, 1)}–${f(r.roi_ci_high, 1, '%')}]`,
  ];
}

interface CalSummary {
  n: number;
  brier: number | null;
  log_loss: number | null;
  ece: number | null;
  bins: Array<{
    low: number;
    high: number;
    n: number;
    mean_p: number | null;
    observed: number | null;
    ci_low: number | null;
    ci_high: number | null;
  }>;
}

/** `report calibration` as text: the summary figures and the reliability table (percent). */
export function calibrationText(r: {
  model: CalSummary;
  market: (CalSummary & { model_on_same_rows: CalSummary }) | null;
  mae: number | null;
  line_mae: number | null;
}): string[] {
  const sum = (label: string, c: CalSummary) =>
    `${label.padEnd(22)} N=${c.n}  Brier ${f(c.brier, 4)}  log loss ${f(c.log_loss, 4)}  ECE ${f(c.ece === null ? null : c.ece * 100, 2, '%')}`;
  const out = [sum('model', r.model)];
  if (r.market)
    out.push(sum('market (same rows)', r.market), sum('model (same rows)', r.market.model_on_same_rows));
  out.push(`MAE ${f(r.mae, 2)} points (the line's MAE ${f(r.line_mae, 2)})`);
  out.push('p_over bin        N   mean p   observed  [95% interval]');
  for (const b of r.model.bins)
    out.push(
      `${`${(b.low * 100).toFixed(0)}–${(b.high * 100).toFixed(0)}%`.padEnd(12)} ${String(b.n).padStart(6)}  ${pct(b.mean_p).padStart(7)}  ${pct(b.observed).padStart(8)}  [${pct(b.ci_low)}–${pct(b.ci_high)}]`,
    );
  return out;
}
