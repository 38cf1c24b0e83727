/** The shared, source-agnostic writer layer (see docs/notes/data.md). */
export {
  archivePayload,
  archivePayloads,
  type CallRecord,
  type PayloadRecord,
  recordCall,
  recordCalls,
  sha256,
} from './archive.ts';
export { boxProblem, boxSourceRank } from './box.ts';
export { GameIndex, loadGameIndex, tipRank } from './games.ts';
export {
  type IngestContext,
  ingestMapped,
  ingestPayload,
  type PayloadIngest,
  type PayloadResult,
  type RetryResult,
  retryRejects,
  writeRejects,
} from './ingest.ts';
export { INJURY_STATUSES } from './injuries.ts';
export { type ReparseResult, type Reparser, registerReparser, reparse, reparserSources } from './reparse.ts';
export * from './types.ts';
