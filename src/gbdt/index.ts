/**
 * courtedge GBDT engine (spec 03-models.md §2): histogram gradient-boosted regression trees in
 * pure TypeScript. No I/O; imports nothing else of ours. See docs/notes/gbdt.md.
 */
export { NAN_BIN } from './binning.ts';
export { contributions } from './contributions.ts';
export { importance } from './importance.ts';
export { LOSS_NAMES } from './losses.ts';
export {
  GBDT_DEFAULTS,
  GbdtInputError,
  type GbdtParams,
  type GbdtParamsInput,
  gbdtParamsSchema,
  resolveParams,
} from './params.ts';
export { predict } from './predictor.ts';
export { deserialize, MODEL_FORMAT, MODEL_VERSION, serialize } from './serialization.ts';
export { type TrainOptions, train } from './trainer.ts';
export type {
  ContributionMethod,
  Dataset,
  FeatureImportance,
  History,
  LossName,
  Model,
  Tree,
} from './types.ts';
