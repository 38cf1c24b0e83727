-- Publishing (spec 07 §1): every written export file is an `exports` row. The core migration
-- created the table with (path, date, sha256, written_at); the publish run adds its size and
-- the pipeline_runs row that wrote it.
ALTER TABLE exports ADD COLUMN IF NOT EXISTS bytes BIGINT;
ALTER TABLE exports ADD COLUMN IF NOT EXISTS run_id TEXT
