import type { Direction, GameInput, ModelInput, PredictionInput } from './types.ts';

/** One deduped candidate per (game, player) before supplements and signals (spec 05 §3). */
export interface BaseCandidate {
  game_id: string;
  player_id: number;
  winner: PredictionInput;
  system_id: string;
  family: string;
  direction: Direction;
  line: number;
  book: string;
  predicted: number;
  edge: number;
  confidence: number;
  p_over: number;
  quality_score: number;
  n_models_eligible: number;
  n_over_eligible: number;
  n_under_eligible: number;
  direction_conflict: boolean;
  majority_direction: Direction | null;
  model_agreement_count: number;
  agreeing_model_ids: string[];
  avg_edge_agreeing: number;
  models_predicting: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Bad input fails loudly (05 §1): our own outputs on a wrong scale are bugs, never guessed
 * around. Checks every active prediction of the date.
 */
export function validatePredictions(preds: PredictionInput[], models: Map<string, ModelInput>): void {
  for (const p of preds) {
    const where = `system_id ${p.system_id}, game_id ${p.game_id}, player_id ${p.player_id}`;
    if (!models.has(p.system_id))
      throw new Error(`prediction of unknown model (${where}): not in the models registry`);
    if (!Number.isFinite(p.predicted)) throw new Error(`bad prediction (${where}): predicted is not finite`);
    if (p.line !== null && !Number.isFinite(p.line))
      throw new Error(`bad prediction (${where}): line is not finite`);
    for (const f of ['p_over', 'confidence'] as const) {
      const v = p[f];
      if (v === null) {
        if (p.line !== null && (p.recommendation === 'OVER' || p.recommendation === 'UNDER'))
          throw new Error(`bad prediction (${where}): ${f} is missing`);
        continue;
      }
      if (!Number.isFinite(v) || v < 0 || v > 1)
        throw new Error(`bad prediction (${where}): ${f} ${v} is outside [0, 1]`);
    }
  }
}

function isEligible(
  p: PredictionInput,
  date: string,
  models: Map<string, ModelInput>,
  games: Map<string, GameInput>,
) {
  if (p.game_date !== date || !p.is_active) return false;
  if (!models.get(p.system_id)?.enabled) return false;
  if (p.recommendation !== 'OVER' && p.recommendation !== 'UNDER') return false;
  if (p.line === null || p.book === null || p.edge === null) return false;
  const g = games.get(p.game_id);
  return !!g && !g.postponed;
}

/** Winner ordering: larger |edge|, then larger confidence, then the smaller system_id. */
function better(a: PredictionInput, b: PredictionInput): boolean {
  const ea = Math.abs(a.edge as number);
  const eb = Math.abs(b.edge as number);
  if (ea !== eb) return ea > eb;
  const ca = a.confidence ?? 0;
  const cb = b.confidence ?? 0;
  if (ca !== cb) return ca > cb;
  return a.system_id < b.system_id;
}

export function buildCandidates(
  date: string,
  preds: PredictionInput[],
  models: Map<string, ModelInput>,
  games: Map<string, GameInput>,
  cfg: { edgeFloor: number; agreementMinEdge: number },
): BaseCandidate[] {
  const groups = new Map<string, PredictionInput[]>();
  for (const p of preds) {
    if (!isEligible(p, date, models, games)) continue;
    const k = `${p.game_id}|${p.player_id}`;
    const arr = groups.get(k) ?? [];
    arr.push(p);
    groups.set(k, arr);
  }
  const out: BaseCandidate[] = [];
  for (const group of groups.values()) {
    let w = group[0];
    for (const p of group) if (better(p, w)) w = p;
    const dirOf = (p: PredictionInput) => p.recommendation as Direction;
    const elig = group.filter((p) => Math.abs(p.edge as number) >= cfg.edgeFloor);
    const nOver = elig.filter((p) => dirOf(p) === 'OVER').length;
    const nUnder = elig.length - nOver;
    const voters = group.filter((p) => Math.abs(p.edge as number) >= cfg.agreementMinEdge);
    const vOver = voters.filter((p) => dirOf(p) === 'OVER');
    const vUnder = voters.filter((p) => dirOf(p) === 'UNDER');
    let majority: Direction | null = null;
    if (voters.length)
      majority = vOver.length > vUnder.length ? 'OVER' : vUnder.length > vOver.length ? 'UNDER' : dirOf(w);
    const agreeing = majority === 'OVER' ? vOver : majority === 'UNDER' ? vUnder : [];
    const avg = agreeing.length
      ? agreeing.reduce((s, p) => s + Math.abs(p.edge as number), 0) / agreeing.length
      : 0;
    out.push({
      game_id: w.game_id,
      player_id: w.player_id,
      winner: w,
      system_id: w.system_id,
      family: models.get(w.system_id)!.family,
      direction: dirOf(w),
      line: w.line as number,
      book: w.book as string,
      predicted: w.predicted,
      edge: w.edge as number,
      confidence: w.confidence as number,
      p_over: w.p_over as number,
      quality_score: w.quality_score ?? 0,
      n_models_eligible: elig.length,
      n_over_eligible: nOver,
      n_under_eligible: nUnder,
      direction_conflict: nOver > 0 && nUnder > 0,
      majority_direction: majority,
      model_agreement_count: agreeing.length,
      agreeing_model_ids: agreeing.map((p) => p.system_id).sort(),
      avg_edge_agreeing: round2(avg),
      models_predicting: new Set(group.map((p) => p.system_id)).size,
    });
  }
  return out.sort((a, b) =>
    a.game_id < b.game_id ? -1 : a.game_id > b.game_id ? 1 : a.player_id - b.player_id,
  );
}
