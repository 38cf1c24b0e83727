/** Run summaries (spec 05 §11). */

export type Bottleneck =
  | 'halted'
  | 'no_models'
  | 'no_candidates'
  | 'edge_floor'
  | 'filters_rejected_all'
  | null;

export interface PipelineCounts {
  models_enabled: number;
  models_predicted: number;
  predictions: number;
  candidates: number;
  edge_floor_passed: number;
  filters_passed: number;
  capped: number;
  picks: number;
  ultra: number;
  max_edge: number | null;
}

export interface PipelineSummary {
  bottleneck: Bottleneck;
  counts: PipelineCounts;
}

export interface EdgeDistribution {
  candidates: number;
  edge_3_plus: number;
  edge_5_plus: number;
  edge_7_plus: number;
  max_edge: number | null;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export function edgeDistribution(edges: number[]): EdgeDistribution {
  const abs = edges.map(Math.abs);
  return {
    candidates: abs.length,
    edge_3_plus: abs.filter((e) => e >= 3).length,
    edge_5_plus: abs.filter((e) => e >= 5).length,
    edge_7_plus: abs.filter((e) => e >= 7).length,
    max_edge: abs.length ? r1(Math.max(...abs)) : null,
  };
}

/** The first bottleneck that holds: halted → no_models → no_candidates → edge_floor → filters_rejected_all → null. */
export function bottleneck(halted: boolean, c: PipelineCounts): Bottleneck {
  if (halted) return 'halted';
  if (c.models_predicted === 0) return 'no_models';
  if (c.candidates === 0) return 'no_candidates';
  if (c.edge_floor_passed === 0) return 'edge_floor';
  if (c.picks === 0) return 'filters_rejected_all';
  return null;
}

/** Plain-words reason for a day without picks ("edge_floor: max edge 4.9 < 5.0"). */
export function bottleneckText(
  s: PipelineSummary,
  edgeFloor: number,
  haltReason: string | null,
): string | null {
  const c = s.counts;
  switch (s.bottleneck) {
    case 'halted':
      return `halted: ${haltReason ?? 'no reason given'}`;
    case 'no_models':
      return `no_models: none of ${c.models_enabled} enabled models has an active prediction for the date`;
    case 'no_candidates':
      return `no_candidates: ${c.predictions} active predictions, none OVER/UNDER with a real line`;
    case 'edge_floor':
      return `edge_floor: max edge ${c.max_edge === null ? '-' : c.max_edge.toFixed(1)} < ${edgeFloor.toFixed(1)}`;
    case 'filters_rejected_all':
      return `filters_rejected_all: ${c.edge_floor_passed} candidates past the edge floor, none passed the filters`;
    default:
      return null;
  }
}
