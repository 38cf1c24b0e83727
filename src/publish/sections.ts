import { daysBetween } from '../domain/dates.ts';
import type { CandidateRow, ModelInfo, PerfRow, PickRow, PublishData, RunRow } from './data.ts';
import { hrFromWins, hrOf, r1, recordFromCounts } from './format.ts';
import { FILTER_KEY_LIST, type HrT, type ModelRowT } from './schemas.ts';

/** Sections shared by signal-best-bets, the dashboard and admin picks (spec 07 §2.2–2.4). */

export function filterSummary(run: RunRow | undefined) {
  if (!run) return null;
  const fs = run.filter_summary ?? {};
  return {
    total_candidates: Number(fs.total_candidates ?? 0),
    passed: Number(fs.passed ?? 0),
    rejected: Object.fromEntries(FILTER_KEY_LIST.map((k) => [k, Number(fs.rejected?.[k] ?? 0)])),
  };
}

export function edgeDistribution(run: RunRow | undefined) {
  if (!run) return null;
  const e = run.edge_distribution ?? {};
  return {
    candidates: Number(e.candidates ?? 0),
    edge_3_plus: Number(e.edge_3_plus ?? 0),
    edge_5_plus: Number(e.edge_5_plus ?? 0),
    edge_7_plus: Number(e.edge_7_plus ?? 0),
    max_edge: r1(e.max_edge ?? null),
  };
}

export function pipelineSummary(run: RunRow | undefined) {
  if (!run) return null;
  const s = run.pipeline_summary ?? {};
  const c = s.counts ?? {};
  const k = (key: string) => Number(c[key] ?? 0);
  return {
    bottleneck: s.bottleneck ?? null,
    counts: {
      models_enabled: k('models_enabled'),
      models_predicted: k('models_predicted'),
      predictions: k('predictions'),
      candidates: k('candidates'),
      edge_floor_passed: k('edge_floor_passed'),
      filters_passed: k('filters_passed'),
      capped: k('capped'),
      picks: k('picks'),
      ultra: k('ultra'),
      max_edge: r1(c.max_edge ?? null),
    },
  };
}

export function exposure(run: RunRow | undefined) {
  const e = run?.exposure ?? {};
  return {
    total_stake_pct: Number(e.total_stake_pct ?? 0),
    cap_pct: Number(e.cap_pct ?? 0),
    scale: Number(e.scale ?? 1),
  };
}

export function ultraGate(run: RunRow | undefined, targets: { n: number; hr: number }) {
  const g = run?.ultra_gate;
  return {
    met: !!g?.met,
    n: Number(g?.n ?? 0),
    hr: r1(g?.hr ?? null),
    target_n: Number(g?.target_n ?? targets.n),
    target_hr: r1(g?.target_hr ?? targets.hr) as number,
  };
}

export function directionHealth(d: PublishData) {
  const row = (dir: 'OVER' | 'UNDER') => {
    const r = d.directionHealth.find((x) => x.direction === dir);
    return r ? recordFromCounts(r.wins, r.losses, r.pushes, r.voided) : recordFromCounts(0, 0, 0, 0);
  };
  return { window_days: d.settings.directionWindowDays, over: row('OVER'), under: row('UNDER') };
}

export function playerBlacklist(d: PublishData) {
  const listed = d.blacklist
    .filter((b) => b.blacklisted)
    .sort((a, b) => a.hr - b.hr || String(a.player_lookup).localeCompare(String(b.player_lookup)));
  return {
    count: listed.length,
    evaluated: d.blacklist.length,
    hr_threshold: d.settings.blacklistHrBelow,
    min_n: d.settings.blacklistMinN,
    players: listed.slice(0, 10).map((b) => b.player_lookup ?? ''),
  };
}

export function signalsEvaluated(d: PublishData, cands: readonly CandidateRow[], picks: readonly PickRow[]) {
  return d.settings.signals.map((s) => {
    const h = d.signalHealth.find((x) => x.tag === s.tag);
    return {
      tag: s.tag,
      description: s.description,
      fired: cands.filter((c) => c.signals.some((x) => x.tag === s.tag)).length,
      in_picks: picks.filter((p) => p.signals.some((x) => x.tag === s.tag)).length,
      season: h
        ? hrOf(h.hr_season, h.n_season, h.ci_low_season, h.ci_high_season)
        : hrOf(null, 0, null, null),
      regime: h?.regime ?? 'NORMAL',
    };
  });
}

/** Each model's newest performance row dated ≤ D. */
export function latestPerf(perf: readonly PerfRow[]): Map<string, PerfRow> {
  const out = new Map<string, PerfRow>();
  for (const p of perf) {
    const cur = out.get(p.system_id);
    if (!cur || p.date > cur.date) out.set(p.system_id, p);
  }
  return out;
}

/** Models shown: every enabled model plus any with a performance row in the window. */
export function shownModels(d: PublishData): ModelInfo[] {
  const withPerf = new Set(d.perf.map((p) => p.system_id));
  return d.models.filter((m) => m.enabled || withPerf.has(m.system_id));
}

const hr = (h: number | null, n: number, lo: number | null, hi: number | null): HrT => hrOf(h, n, lo, hi);

export function modelRow(m: ModelInfo, p: PerfRow | undefined, date: string): ModelRowT {
  return {
    system_id: m.system_id,
    family: m.family,
    status: m.status,
    enabled: m.enabled,
    state: p?.state ?? 'INSUFFICIENT_DATA',
    state_since: p?.state_since ?? date,
    consecutive_days: p?.consecutive_days_in_state ?? 0,
    w7d: p ? hr(p.hr_7d, p.n_7d, p.ci_low_7d, p.ci_high_7d) : hrFromWins(0, 0),
    w14d: p ? hr(p.hr_14d, p.n_14d, p.ci_low_14d, p.ci_high_14d) : hrFromWins(0, 0),
    w30d: p ? hr(p.hr_30d, p.n_30d, p.ci_low_30d, p.ci_high_30d) : hrFromWins(0, 0),
    // Error metrics keep 0.01 as in the spec's example (4.71); points elsewhere are 0.1.
    mae_30d: p ? round2(p.mae_30d) : null,
    line_mae_30d: p ? round2(p.line_mae_30d) : null,
    bias_30d: p ? round2(p.bias_30d) : null,
    days_since_training:
      p?.days_since_training ?? (m.train_end ? Math.max(0, daysBetween(m.train_end, date)) : null),
  };
}

function round2(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const v = Math.round(x * 100) / 100;
  return v === 0 ? 0 : v;
}

/** The algorithm version of a date: its run's, else the current constant. */
export function algorithmVersionOf(d: PublishData, date: string | null): string {
  const run = date ? d.runs.find((r) => r.date === date) : undefined;
  return run?.algorithm_version ?? d.settings.algorithmVersion;
}

export const runOf = (d: PublishData, date: string | null) =>
  date ? d.runs.find((r) => r.date === date) : undefined;
