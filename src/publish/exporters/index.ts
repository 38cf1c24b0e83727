import type { Exporter, FileKind } from '../exporter.ts';
import { adminDashboard } from './admin-dashboard.ts';
import { adminPicks } from './admin-picks.ts';
import { bestBetsAll } from './best-bets-all.ts';
import { modelsHealth } from './models-health.ts';
import { playerFile } from './players.ts';
import { predictionsFile } from './predictions.ts';
import { resultsFile } from './results.ts';
import { signalBestBets, signalBestBetsLatest } from './signal-best-bets.ts';

/** Every exporter of spec 07 §2, by kind. */
export const EXPORTERS: Record<FileKind, Exporter> = {
  'best-bets/all': bestBetsAll,
  'signal-best-bets/date': signalBestBets,
  'signal-best-bets/latest': signalBestBetsLatest,
  'admin/dashboard': adminDashboard,
  'admin/picks': adminPicks,
  'models/health': modelsHealth,
  predictions: predictionsFile,
  results: resultsFile,
  players: playerFile,
};

export const ALL_KINDS = Object.keys(EXPORTERS) as FileKind[];
