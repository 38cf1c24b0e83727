/**
 * Public API of src/features for the use cases and other phases: the one point-in-time
 * builder, the feature contract, and the stored rows. Everything else is internal.
 */
export { type BuildRequest, buildFeatures, type FeatureBuild, type FeatureSummary } from './builder.ts';
export {
  ALL_FEATURES,
  contractHash,
  describeContract,
  FEATURE_SETS,
  type FeatureSetName,
  featureNames,
  featureSetVersion,
  isFeatureSetName,
  SET_INDICES,
} from './contract.ts';
export { readFeatureMatrix, readFeatureRows } from './store.ts';
