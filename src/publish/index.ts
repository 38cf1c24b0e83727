/**
 * Publishing (spec 07 §1–2): exporters with strict zod schemas, the directory and S3 sinks,
 * the manifest and the publish shell. The schemas are exported for the server and web tests.
 */
export type { PublishData } from './data.ts';
export { CACHE, type Exporter, type FileKind, type FileParams } from './exporter.ts';
export { adminDashboard, dashboardSchema } from './exporters/admin-dashboard.ts';
export { adminPicks, adminPicksSchema } from './exporters/admin-picks.ts';
export {
  bestBetsAll,
  bestBetsAllSchema,
  NO_EDGE_MESSAGE,
  NOT_RUN_MESSAGE,
} from './exporters/best-bets-all.ts';
export { ALL_KINDS, EXPORTERS } from './exporters/index.ts';
export { modelsHealth, modelsHealthSchema } from './exporters/models-health.ts';
export { LOOKUP_RE, playerFile, playerSchema } from './exporters/players.ts';
export { predictionsFile, predictionsSchema } from './exporters/predictions.ts';
export { resultsFile, resultsSchema } from './exporters/results.ts';
export { signalBestBets, signalBestBetsLatest, signalBestBetsSchema } from './exporters/signal-best-bets.ts';
export { instant, seasonLabelOf, serialize } from './format.ts';
export { loadPublishData } from './load.ts';
export { MANIFEST_PATH, type Manifest, manifestSchema } from './manifest.ts';
export {
  type BuiltFile,
  buildFiles,
  type FileSelection,
  filesFor,
  type PublishReason,
  type PublishResult,
  PublishValidationError,
  publish,
  sha256Hex,
  sinksFromConfig,
} from './run.ts';
export * as schemas from './schemas.ts';
export { DirectorySink } from './sinks/directory.ts';
export { S3Sink } from './sinks/s3.ts';
export type { Sink, SinkFile } from './sinks/sink.ts';

import type { z } from 'zod';
import { adminDashboard } from './exporters/admin-dashboard.ts';
import { adminPicks } from './exporters/admin-picks.ts';
import { bestBetsAll } from './exporters/best-bets-all.ts';
import { modelsHealth } from './exporters/models-health.ts';
import { playerFile } from './exporters/players.ts';
import { predictionsFile } from './exporters/predictions.ts';
import { resultsFile } from './exporters/results.ts';
import { signalBestBets } from './exporters/signal-best-bets.ts';
import { manifestSchema } from './manifest.ts';

/**
 * The schema of a served path (`v1/...`), or null when the path is not an export. The server's
 * allow-list and the web tests use it to validate what they read.
 */
export function schemaForPath(path: string): z.ZodType | null {
  const p = path.replace(/^\/+/, '');
  if (p === 'v1/best-bets/all.json') return bestBetsAll.schema;
  if (/^v1\/signal-best-bets\/(\d{4}-\d{2}-\d{2}|latest)\.json$/.test(p)) return signalBestBets.schema;
  if (p === 'v1/admin/dashboard.json') return adminDashboard.schema;
  if (/^v1\/admin\/picks\/\d{4}-\d{2}-\d{2}\.json$/.test(p)) return adminPicks.schema;
  if (p === 'v1/models/health.json') return modelsHealth.schema;
  if (/^v1\/predictions\/\d{4}-\d{2}-\d{2}\.json$/.test(p)) return predictionsFile.schema;
  if (/^v1\/results\/\d{4}-\d{2}-\d{2}\.json$/.test(p)) return resultsFile.schema;
  if (/^v1\/players\/[a-z0-9]{1,64}\.json$/.test(p)) return playerFile.schema;
  if (p === 'v1/manifest.json') return manifestSchema;
  return null;
}
