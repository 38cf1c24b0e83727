import type { FeatureImportance, Model } from './types.ts';

/** Per feature: Σ raw split gain and split count over the kept trees, with shares (spec 03 §2.9). */
export function importance(model: Model): FeatureImportance[] {
  const nCols = model.featureNames.length;
  const gain = new Float64Array(nCols);
  const split = new Float64Array(nCols);
  for (const t of model.trees)
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i];
      if (f < 0) continue;
      gain[f] += t.gain[i];
      split[f] += 1;
    }
  let tg = 0;
  let ts = 0;
  for (let f = 0; f < nCols; f++) {
    tg += gain[f];
    ts += split[f];
  }
  return model.featureNames.map((feature, f) => ({
    feature,
    gain: gain[f],
    split: split[f],
    gainShare: tg > 0 ? gain[f] / tg : 0,
    splitShare: ts > 0 ? split[f] / ts : 0,
  }));
}
