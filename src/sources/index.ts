/**
 * Public API of src/sources for the use cases: file imports, live fetches, the simulator,
 * identity and the retry of rejects. Everything else is internal.
 */
export { parseCsv } from './files/csv.ts';
export { type ImportOptions, type ImportSummary, importFiles, type KindSummary } from './files/import.ts';
export { FILE_KINDS, type FileKind, isFileKind } from './files/kinds.ts';
export { seedIdentity } from './identity.ts';
export { reparse, retryRejects } from './ingest/index.ts';
export { fetchLive, type LiveFetchOptions, type LiveFetchSummary, type LiveWhat } from './live-fetch.ts';
export { REASONS, RETRYABLE_REASONS } from './reasons.ts';
export { type SimulateOptions, type SimulateSummary, simulateInto } from './simulator/run.ts';
