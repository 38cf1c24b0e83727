-- The point-in-time feature store (spec 02 §6). One row per (game, player, set version, cutoff kind).
-- "values" holds the set's features in contract order (NULL = missing); "sources" the tags.
CREATE TABLE IF NOT EXISTS features (
  game_id TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  feature_set TEXT NOT NULL,
  feature_set_version TEXT NOT NULL,
  cutoff_kind TEXT NOT NULL,
  game_date DATE NOT NULL,
  cutoff_at TIMESTAMPTZ NOT NULL,
  contract_hash TEXT NOT NULL,
  team TEXT,
  opponent TEXT,
  line_at_cutoff DOUBLE PRECISION,
  "values" DOUBLE PRECISION[] NOT NULL,
  sources TEXT[] NOT NULL,
  quality_score DOUBLE PRECISION NOT NULL,
  required_defaults INTEGER NOT NULL,
  missing_required TEXT[],
  is_quality_ready BOOLEAN NOT NULL,
  reason TEXT,
  run_id TEXT,
  computed_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (game_id, player_id, feature_set_version, cutoff_kind)
);

CREATE INDEX IF NOT EXISTS features_by_date ON features (game_date, cutoff_kind, feature_set);
