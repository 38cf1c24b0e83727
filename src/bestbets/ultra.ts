import type { BestBetsConfig } from '../config/groups/bestbets.ts';
import type { Direction, UltraHistoryRow } from './types.ts';

export interface UltraCriterionMatch {
  id: string;
  description: string;
  hr: number | null;
  n: number;
}

export interface UltraGate {
  met: boolean;
  n: number;
  hr: number | null;
  target_n: number;
  target_hr: number;
}

type Criterion = BestBetsConfig['ultra']['criteria'][number];
const hrPct = (w: number, n: number) => (n ? Math.round((1000 * w) / n) / 10 : null);

function matches(k: Criterion, family: string, direction: Direction, edge: number): boolean {
  return (
    family.startsWith(k.familyPrefix) &&
    (k.direction === 'ANY' || k.direction === direction) &&
    Math.abs(edge) >= k.minEdge
  );
}

/** Graded WIN/LOSS history rows dated < D (and ≥ ultra.since). */
function graded(history: UltraHistoryRow[], date: string, since: string | null) {
  return history.filter(
    (h) =>
      h.date < date && (since === null || h.date >= since) && (h.result === 'WIN' || h.result === 'LOSS'),
  );
}

/** Ultra criteria a pick matches, each with its WIN/LOSS record over earlier published picks (05 §9). */
export function ultraCriteria(
  pick: { family: string; direction: Direction; edge: number },
  history: UltraHistoryRow[],
  date: string,
  cfg: BestBetsConfig['ultra'],
): UltraCriterionMatch[] {
  const past = graded(history, date, cfg.since);
  const out: UltraCriterionMatch[] = [];
  for (const k of cfg.criteria) {
    if (!matches(k, pick.family, pick.direction, pick.edge)) continue;
    const rows = past.filter((h) => matches(k, h.family, h.direction, h.edge));
    const w = rows.filter((h) => h.result === 'WIN').length;
    out.push({ id: k.id, description: k.description, hr: hrPct(w, rows.length), n: rows.length });
  }
  return out;
}

/** The gate over published ultra OVER picks graded before D: n ≥ gateMinN and hr ≥ gateMinHr. */
export function ultraGate(history: UltraHistoryRow[], date: string, cfg: BestBetsConfig['ultra']): UltraGate {
  const rows = graded(history, date, cfg.since).filter((h) => h.ultra_tier && h.direction === 'OVER');
  const w = rows.filter((h) => h.result === 'WIN').length;
  const hr = hrPct(w, rows.length);
  return {
    met: rows.length >= cfg.gateMinN && hr !== null && hr >= cfg.gateMinHr,
    n: rows.length,
    hr,
    target_n: cfg.gateMinN,
    target_hr: cfg.gateMinHr,
  };
}
