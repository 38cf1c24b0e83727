/**
 * Public API of src/models for other areas (grading, reports, orchestrate): the shared
 * evaluation formulas and gates (spec 03 §7, §8). Everything else in src/models is internal.
 */
export * from './evaluation.ts';
export { mulberry32, tQuantile975 } from './evidence.ts';
export * from './gates.ts';
export {
  blockModel,
  disableModel,
  enableModel,
  getModel,
  listModels,
  type ModelRow,
  type ModelStatus,
  promoteModel,
  RegistryError,
  retireModel,
} from './registry.ts';
