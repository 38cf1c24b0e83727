import type { z } from 'zod';
import type { PublishData } from './data.ts';

/**
 * One exporter per file of spec 07 §2: `{path(params), schema, cacheControl(params, data),
 * build(data, ctx)}`. `select` is the pure slice of the run's loaded data the file reads, so
 * `build` sees plain rows only; the shell (run.ts) validates, serializes and writes.
 */

export interface ExportCtx {
  generated_at: string;
  algorithm_version: string;
}

export interface FileParams {
  date: string;
  lookup?: string;
}

export type FileKind =
  | 'best-bets/all'
  | 'signal-best-bets/date'
  | 'signal-best-bets/latest'
  | 'admin/dashboard'
  | 'admin/picks'
  | 'models/health'
  | 'predictions'
  | 'results'
  | 'players';

export interface Exporter<D = any> {
  kind: FileKind;
  schemaVersion: number;
  path(p: FileParams): string;
  schema: z.ZodType;
  cacheControl(p: FileParams, data: D): string;
  /** The date whose best-bets run supplies algorithm_version and the exports row's date. */
  dateOf(p: FileParams, all: PublishData): string | null;
  select(all: PublishData, p: FileParams): D;
  build(data: D, ctx: ExportCtx): unknown;
}

export const CACHE = {
  short: 'public, max-age=60',
  medium: 'public, max-age=300',
  day: 'public, max-age=86400',
  hour: 'public, max-age=3600',
  admin: 'private, no-store',
} as const;

/** Every game of D Final (or postponed) and every active prediction of a Final game graded. */
export function dateFullyGraded(all: PublishData, date: string): boolean {
  if (date !== all.date || !all.games.length) return false;
  const final = new Set(all.games.filter((g) => g.status === 3 && !g.postponed).map((g) => g.game_id));
  if (!all.games.every((g) => g.status === 3 || g.postponed)) return false;
  return all.predictions.every((p) => !final.has(p.game_id) || p.result !== null);
}
