-- Honest probabilities (the probabilities issue): every prediction keeps the model's own
-- probability (p_model, player-dependent spread) beside the market-aware, calibrated one
-- (p_final). p_over stays the published probability and equals p_final for calibrated models.
ALTER TABLE predictions ADD COLUMN IF NOT EXISTS p_model DOUBLE PRECISION;
ALTER TABLE predictions ADD COLUMN IF NOT EXISTS p_final DOUBLE PRECISION;
