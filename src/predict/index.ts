/**
 * Public API of src/predict for the use cases: the batch runtime, starting and following a
 * batch, the batch views and the request rules. Everything else is internal.
 */
export {
  type BatchRow,
  type BatchSupervisor,
  enqueueBatch,
  getBatch,
  linkBatchRun,
  listBatches,
  type StartRequest,
  type StartResult,
  startBatch,
  TERMINAL,
  waitForBatch,
} from './batches.ts';
export { defaultFeatureProvider, type FeatureProvider } from './deps.ts';
export { BadRequestError, resolveRequest } from './modes.ts';
export { PredictRuntime, type PredictRuntimeOptions } from './runtime.ts';
export { type BatchSummary, batchList, batchSummary } from './summary.ts';
export { MODES, type Mode } from './types.ts';
