/**
 * system_id (spec 03 §4.4): `gbdt_{feature_set}[_{id_tag}][_q{alpha×100}]_train{MMDD}_{MMDD}`
 * from the window's first and last game day; `_{YYYY}` of train_end when the id already
 * belongs to another year's window; `_r2`, `_r3`, … under --force.
 */

export interface ExistingModel {
  system_id: string;
  family: string;
  train_start: string;
  train_end: string;
}

const mmdd = (d: string) => d.slice(5, 7) + d.slice(8, 10);

export function baseSystemId(prefix: string, start: string, end: string): string {
  return `${prefix}_train${mmdd(start)}_${mmdd(end)}`;
}

export type NameDecision =
  | { kind: 'new'; systemId: string; duplicateOf: null }
  | { kind: 'duplicate'; systemId: null; duplicateOf: string }
  | { kind: 'forced'; systemId: string; duplicateOf: string };

/**
 * Decides the id of a family's model for a window against the registry: a family + window
 * already registered (any status) is a duplicate unless forced.
 */
export function decideSystemId(
  family: string,
  prefix: string,
  start: string,
  end: string,
  existing: readonly ExistingModel[],
  force: boolean,
): NameDecision {
  const ids = new Set(existing.map((m) => m.system_id));
  const dup = existing
    .filter((m) => m.family === family && m.train_start === start && m.train_end === end)
    .sort((a, b) => (a.system_id < b.system_id ? -1 : 1))[0];
  let id = baseSystemId(prefix, start, end);
  const holder = existing.find((m) => m.system_id === id);
  if (holder && (holder.train_start !== start || holder.train_end !== end)) id = `${id}_${end.slice(0, 4)}`;
  if (!dup) {
    if (!ids.has(id)) return { kind: 'new', systemId: id, duplicateOf: null };
  } else if (!force) return { kind: 'duplicate', systemId: null, duplicateOf: dup.system_id };
  for (let r = 2; ; r++) {
    const cand = `${id}_r${r}`;
    if (!ids.has(cand)) return { kind: 'forced', systemId: cand, duplicateOf: dup?.system_id ?? id };
  }
}
