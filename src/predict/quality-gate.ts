import type { EnabledModel, FeatureRow, Mode } from './types.ts';

/**
 * The quality gate (spec 04 §4.3), pure. Per candidate and feature set the first matching
 * rule blocks; then per system on that set: contract mismatch, predict-once, LINE_UPDATE.
 */

export type SetBlock =
  | 'no_features'
  | 'required_defaults'
  | 'not_quality_ready'
  | 'below_mode_quality'
  | 'line_changed_since_features';
export type SystemBlock = 'contract_mismatch' | 'already_predicted' | 'line_unchanged';

export interface GateCandidate {
  game_id: string;
  player_id: number;
  /** Consensus line at the batch cutoff; null = NO_PROP_LINE. */
  line: number | null;
}

/** An active prediction of the same date (predict once). */
export interface ActivePrediction {
  system_id: string;
  game_id: string;
  player_id: number;
  line: number | null;
}

export interface GateInput {
  mode: Mode;
  minQuality: number;
  force: boolean;
  candidates: GateCandidate[];
  models: EnabledModel[];
  /** Rows of the features step (any set; only the models' sets are looked at). */
  rows: FeatureRow[];
  active: ActivePrediction[];
}

export interface GateSample {
  player_id: number;
  game_id: string;
  feature_set?: string;
  system_id?: string;
  reason: string;
}

export interface ViablePlayer {
  game_id: string;
  player_id: number;
  line: number | null;
  systems: string[];
  /** The feature row per set used by its systems. */
  features: Record<string, FeatureRow>;
}

export interface GateResult {
  viable: ViablePlayer[];
  by_set: Record<string, Record<string, number>>;
  by_system: Record<string, Record<string, number>>;
  /** Every block, summed over sets and systems (the CLI's blocked_by_reason). */
  blocked_by_reason: Record<string, number>;
  samples: GateSample[];
}

const key = (gameId: string, playerId: number) => `${gameId}|${playerId}`;
const MAX_SAMPLES = 20;

/** Lines compare equal when both are NULL or the same number. */
export function sameLine(a: number | null | undefined, b: number | null | undefined): boolean {
  const an = a ?? null;
  const bn = b ?? null;
  if (an === null || bn === null) return an === bn;
  return Math.abs(an - bn) < 1e-9;
}

/** The first set rule that blocks a row, or null when it passes (spec 04 §4.3 table). */
export function setBlock(
  row: FeatureRow | undefined,
  minQuality: number,
  line: number | null,
): SetBlock | null {
  if (!row) return 'no_features';
  if (row.required_defaults > 0) return 'required_defaults';
  if (!row.is_quality_ready) return 'not_quality_ready';
  // quality_score has one decimal; compare on it so 85.0 passes and 84.9 does not.
  if (Math.round(row.quality_score * 10) < Math.round(minQuality * 10)) return 'below_mode_quality';
  if (!sameLine(row.line_at_cutoff, line)) return 'line_changed_since_features';
  return null;
}

function bump(m: Record<string, Record<string, number>>, k: string, reason: string): void {
  const inner = m[k] ?? {};
  m[k] = inner;
  inner[reason] = (inner[reason] ?? 0) + 1;
}

export function qualityGate(input: GateInput): GateResult {
  const sets = [...new Set(input.models.map((m) => m.feature_set))].sort();
  const rowsBySet = new Map<string, Map<string, FeatureRow>>();
  for (const s of sets) rowsBySet.set(s, new Map());
  for (const r of input.rows) rowsBySet.get(r.feature_set)?.set(key(r.game_id, r.player_id), r);
  const active = new Map<string, ActivePrediction>();
  for (const a of input.active) active.set(`${a.system_id}|${key(a.game_id, a.player_id)}`, a);

  const out: GateResult = { viable: [], by_set: {}, by_system: {}, blocked_by_reason: {}, samples: [] };
  for (const s of sets) out.by_set[s] = {};
  for (const m of input.models) out.by_system[m.system_id] = {};
  const block = (reason: string, sample: GateSample) => {
    out.blocked_by_reason[reason] = (out.blocked_by_reason[reason] ?? 0) + 1;
    if (out.samples.length < MAX_SAMPLES) out.samples.push(sample);
  };

  for (const c of input.candidates) {
    const k = key(c.game_id, c.player_id);
    const passed = new Map<string, FeatureRow>();
    for (const s of sets) {
      const row = rowsBySet.get(s)!.get(k);
      const b = setBlock(row, input.minQuality, c.line);
      if (b) {
        bump(out.by_set, s, b);
        block(b, { player_id: c.player_id, game_id: c.game_id, feature_set: s, reason: b });
      } else {
        bump(out.by_set, s, 'pass');
        passed.set(s, row!);
      }
    }
    const systems: string[] = [];
    const used: Record<string, FeatureRow> = {};
    for (const m of input.models) {
      const row = passed.get(m.feature_set);
      if (!row) continue;
      let b: SystemBlock | null = null;
      if (row.contract_hash !== m.contract_hash) b = 'contract_mismatch';
      else if (!input.force) {
        const prev = active.get(`${m.system_id}|${k}`);
        if (prev) {
          if (input.mode !== 'LINE_UPDATE') b = 'already_predicted';
          else if (sameLine(prev.line, c.line)) b = 'line_unchanged';
        }
      }
      if (b) {
        bump(out.by_system, m.system_id, b);
        block(b, { player_id: c.player_id, game_id: c.game_id, system_id: m.system_id, reason: b });
      } else {
        bump(out.by_system, m.system_id, 'run');
        systems.push(m.system_id);
        used[m.feature_set] = row;
      }
    }
    if (systems.length) {
      out.viable.push({ game_id: c.game_id, player_id: c.player_id, line: c.line, systems, features: used });
    }
  }
  return out;
}
