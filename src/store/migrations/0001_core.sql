-- Core tables of DESIGN.md with the additions of spec 01 §2.
-- Only SQL that DuckDB and PostgreSQL both accept. game_date columns are US Eastern dates.

CREATE TABLE IF NOT EXISTS store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS teams (
  tricode TEXT PRIMARY KEY,
  team_id BIGINT,
  city TEXT NOT NULL,
  name TEXT NOT NULL,
  name_aliases TEXT[]
);

CREATE TABLE IF NOT EXISTS players (
  player_id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  player_lookup TEXT NOT NULL,
  team TEXT,
  birth_date DATE,
  first_seen DATE,
  last_seen DATE
);

CREATE TABLE IF NOT EXISTS player_aliases (
  source TEXT NOT NULL,
  raw_name TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  created_by TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (source, raw_name)
);

CREATE TABLE IF NOT EXISTS games (
  game_id TEXT PRIMARY KEY,
  nba_game_id TEXT,
  game_date DATE NOT NULL,
  start_utc TIMESTAMPTZ,
  start_source TEXT,
  season INTEGER NOT NULL,
  season_type TEXT NOT NULL DEFAULT 'regular',
  home TEXT NOT NULL,
  away TEXT NOT NULL,
  status INTEGER NOT NULL DEFAULT 1,
  status_text TEXT,
  postponed_to DATE,
  home_score INTEGER,
  away_score INTEGER,
  source TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS game_postponements (
  game_id TEXT NOT NULL,
  original_date DATE NOT NULL,
  new_date DATE,
  detected_at TIMESTAMPTZ NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (game_id, original_date)
);

CREATE TABLE IF NOT EXISTS box_scores (
  game_id TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  game_date DATE NOT NULL,
  team TEXT NOT NULL,
  minutes DOUBLE PRECISION NOT NULL,
  points INTEGER NOT NULL,
  fgm INTEGER, fga INTEGER, fg3m INTEGER, fg3a INTEGER, ftm INTEGER, fta INTEGER,
  oreb INTEGER, dreb INTEGER, reb INTEGER, ast INTEGER, stl INTEGER, blk INTEGER,
  tov INTEGER, pf INTEGER, plus_minus INTEGER,
  starter BOOLEAN,
  dnp BOOLEAN NOT NULL DEFAULT FALSE,
  dnp_reason TEXT,
  dnp_detail TEXT,
  fga_paint INTEGER, fgm_paint INTEGER, fga_mid INTEGER, fgm_mid INTEGER,
  source TEXT NOT NULL,
  PRIMARY KEY (game_id, player_id)
);

CREATE TABLE IF NOT EXISTS team_box_scores (
  game_id TEXT NOT NULL,
  team TEXT NOT NULL,
  game_date DATE NOT NULL,
  minutes DOUBLE PRECISION,
  points INTEGER,
  fgm INTEGER, fga INTEGER, fg3m INTEGER, fg3a INTEGER, ftm INTEGER, fta INTEGER,
  oreb INTEGER, dreb INTEGER, tov INTEGER, pf INTEGER,
  win BOOLEAN,
  source TEXT NOT NULL,
  PRIMARY KEY (game_id, team)
);

CREATE TABLE IF NOT EXISTS injury_reports (
  report_time TIMESTAMPTZ NOT NULL,
  game_id TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  team TEXT,
  raw_name TEXT,
  status TEXT NOT NULL,
  reason TEXT,
  reason_category TEXT,
  source TEXT NOT NULL,
  payload_sha256 TEXT,
  PRIMARY KEY (report_time, game_id, player_id)
);

-- Append-only snapshots; a row counts only when captured_at < games.start_utc (checked on read).
CREATE TABLE IF NOT EXISTS prop_lines (
  captured_at TIMESTAMPTZ NOT NULL,
  game_id TEXT NOT NULL,
  player_id BIGINT NOT NULL,
  book TEXT NOT NULL,
  line DOUBLE PRECISION NOT NULL,
  over_price INTEGER,
  under_price INTEGER,
  source TEXT NOT NULL,
  event_id TEXT,
  market TEXT NOT NULL DEFAULT 'player_points',
  is_main BOOLEAN NOT NULL DEFAULT FALSE,
  book_updated_at TIMESTAMPTZ,
  payload_sha256 TEXT,
  PRIMARY KEY (game_id, player_id, book, captured_at, line)
);

CREATE TABLE IF NOT EXISTS game_lines (
  captured_at TIMESTAMPTZ NOT NULL,
  game_id TEXT NOT NULL,
  book TEXT NOT NULL,
  market TEXT NOT NULL,
  line DOUBLE PRECISION,
  price_a INTEGER,
  price_b INTEGER,
  source TEXT NOT NULL,
  payload_sha256 TEXT,
  PRIMARY KEY (game_id, book, market, captured_at)
);

CREATE TABLE IF NOT EXISTS raw_payloads (
  sha256 TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  key TEXT NOT NULL,
  fetched_at TIMESTAMPTZ NOT NULL,
  content_type TEXT,
  body TEXT,
  status TEXT NOT NULL,
  error TEXT
);

CREATE TABLE IF NOT EXISTS source_calls (
  call_id TEXT PRIMARY KEY,
  run_id TEXT,
  source TEXT NOT NULL,
  key TEXT,
  url TEXT,
  started_at TIMESTAMPTZ NOT NULL,
  duration_ms INTEGER,
  attempt INTEGER NOT NULL DEFAULT 1,
  http_status INTEGER,
  payload_sha256 TEXT,
  quota_remaining INTEGER,
  quota_used INTEGER,
  quota_last INTEGER,
  error TEXT
);

CREATE TABLE IF NOT EXISTS rejected_rows (
  source TEXT NOT NULL,
  payload_sha256 TEXT NOT NULL,
  row_ref TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT,
  row_data JSON,
  run_id TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  resolved_at TIMESTAMPTZ,
  PRIMARY KEY (source, payload_sha256, row_ref, reason)
);

CREATE TABLE IF NOT EXISTS pipeline_runs (
  run_id TEXT PRIMARY KEY,
  phase TEXT NOT NULL,
  date DATE,
  status TEXT NOT NULL,
  counts JSON,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  duration_ms INTEGER,
  error TEXT,
  config_hash TEXT,
  pid INTEGER
);

CREATE TABLE IF NOT EXISTS exports (
  path TEXT PRIMARY KEY,
  date DATE,
  sha256 TEXT NOT NULL,
  written_at TIMESTAMPTZ NOT NULL
);
