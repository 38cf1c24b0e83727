-- Honest probabilities (the probabilities issue): every prediction keeps the model's own
-- probability (p_model, player-dependent spread) beside the market-aware, calibrated one
-- (p_final). p_over stays the published probability and equals p_final for calibrated models.
ALTER TABLE predictions ADD COLUMN IF NOT EXISTS p_model DOUBLE PRECISION;
ALTER TABLE predictions ADD COLUMN IF NOT EXISTS p_final DOUBLE PRECISION;

-- Model health for probabilities: per model and date, the 14-day log loss of its published
-- probability against the no-vig market's on the same graded rows (src/grading/probability-health.ts).
CREATE TABLE IF NOT EXISTS model_probability_health (
  date DATE NOT NULL,
  system_id TEXT NOT NULL,
  n_14d INTEGER NOT NULL,
  log_loss_14d DOUBLE PRECISION NOT NULL,
  market_log_loss_14d DOUBLE PRECISION NOT NULL,
  excess_14d DOUBLE PRECISION NOT NULL,
  computed_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (date, system_id)
);
