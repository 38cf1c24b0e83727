import { z } from 'zod';

/** Run modes (spec 04 §2). */
export const MODES = ['FIRST', 'RETRY', 'FINAL_RETRY', 'LAST_CALL', 'BACKFILL', 'LINE_UPDATE'] as const;
export type Mode = (typeof MODES)[number];

export type CutoffKind = 'asof' | 'tipoff';

/** Who asked for a batch (prediction_batches.requested_by). */
export type RequestedBy = 'cli' | 'api' | 'schedule' | 'test' | 'bench';

export type ChunkStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Why a worker could not use a model for a chunk (spec 04 §5 step 2). */
export type SystemFailure =
  | 'ARTIFACT_MISSING'
  | 'HASH_MISMATCH'
  | 'PARSE_ERROR'
  | 'FEATURE_CONTRACT_MISMATCH'
  | 'PREDICT_ERROR';

export type FailureReason =
  | 'DATA_INCOMPLETE'
  | 'NO_FEATURES'
  | 'NO_ENABLED_MODELS'
  | 'COORDINATOR_ERROR'
  | 'CHUNK_FAILED'
  | 'ALL_SYSTEMS_FAILED'
  | 'STALLED'
  | 'SUPERSEDED'
  | 'ORPHANED';

/** An enabled model as the coordinator sees it (registry row, spec 03 §6). */
export interface EnabledModel {
  system_id: string;
  family: string;
  feature_set: string;
  contract_hash: string;
  artifact_hash: string;
  min_edge: number;
}

/** One feature row as read for a batch (spec 02 §6 columns; feature_set = name before '@'). */
export interface FeatureRow {
  game_id: string;
  player_id: number;
  feature_set: string;
  feature_set_version: string;
  contract_hash: string;
  quality_score: number;
  required_defaults: number;
  is_quality_ready: boolean;
  reason: string | null;
  line_at_cutoff: number | null;
  values: Array<number | null>;
  computed_at: string;
  cutoff_at: string;
}

/** A slate game of the batch with its cutoff (min(as_of, tip) live, tip for BACKFILL). */
export interface SlateGame {
  game_id: string;
  home: string;
  away: string;
  tip: string;
  cutoff: string;
}

export const modelRefSchema = z.object({
  system_id: z.string(),
  artifact_hash: z.string(),
  family: z.string(),
  feature_set: z.string(),
  contract_hash: z.string(),
  min_edge: z.number(),
});
export type ModelRef = z.infer<typeof modelRefSchema>;

export const playerFeaturesSchema = z.object({
  feature_set_version: z.string(),
  contract_hash: z.string(),
  quality: z.number(),
  ready: z.boolean(),
  computed_at: z.string(),
  values: z.array(z.number().nullable()),
});

export const playerRequestSchema = z.object({
  player_id: z.number(),
  game_id: z.string(),
  line: z.number().nullable(),
  book: z.string().nullable(),
  n_books: z.number().int(),
  odds_captured_at: z.string().nullable(),
  /** No-vig over probability of the priced book at the consensus line (p_final's market input). */
  p_market: z.number().nullable().optional(),
  systems: z.array(z.string()),
  features: z.record(z.string(), playerFeaturesSchema),
});
export type PlayerRequest = z.infer<typeof playerRequestSchema>;

/** Everything a stateless worker needs for one chunk (spec 04 §4.4); JSON-serialisable. */
export const chunkPayloadSchema = z.object({
  batch_id: z.string(),
  chunk_no: z.number().int().min(0),
  game_date: z.string(),
  mode: z.enum(MODES),
  as_of: z.string(),
  models: z.array(modelRefSchema),
  players: z.array(playerRequestSchema),
});
export type ChunkPayload = z.infer<typeof chunkPayloadSchema>;

/** Job payloads of the queues (identical in every Queue implementation, spec 04 §7). */
export const coordinateJobSchema = z.object({ batch_id: z.string() });
export const chunkJobSchema = z.object({ batch_id: z.string(), chunk_no: z.number().int().min(0) });

/** One predictions row as computed by a worker, before commit. */
export interface PredictionRow {
  game_id: string;
  player_id: number;
  system_id: string;
  family: string;
  line: number | null;
  book: string | null;
  n_books: number;
  predicted: number;
  edge: number | null;
  p_over: number | null;
  confidence: number | null;
  recommendation: 'OVER' | 'UNDER' | 'PASS' | 'NO_LINE';
  /** Probabilities issue: the model's own probability and p_final (older writers may leave them out). */
  p_model?: number | null;
  p_final?: number | null;
  feature_set_version: string;
  feature_quality: number;
  features_computed_at: string;
  odds_captured_at: string | null;
}

export interface ChunkResult {
  rows: PredictionRow[];
  failed_systems: Array<{ system_id: string; reason: SystemFailure; detail?: string }>;
  /** Players refused again by the worker (not ready: zero tolerance). */
  refused: number;
}

export interface MissingPlayer {
  player_id: number;
  game_id: string;
  reason: string;
}
