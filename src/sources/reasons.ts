/** The one list of reject reason codes (spec 01 §1). Every rejected_rows.reason is one of these. */
export const REASONS = [
  'LINE_SANITY_REJECT',
  'PRICE_SANITY_REJECT',
  'UNKNOWN_PLAYER',
  'AMBIGUOUS_PLAYER',
  'UNKNOWN_GAME',
  'UNKNOWN_TEAM',
  'BOX_INCONSISTENT',
  'BAD_VALUE',
  'BAD_TIMESTAMP',
  'BAD_STATUS',
  'DUPLICATE_CONFLICT',
  'MALFORMED_OUTCOME',
] as const;

export type Reason = (typeof REASONS)[number];

/** Reasons a later import (or a new alias) can fix: the row is retried from rejected_rows. */
export const RETRYABLE_REASONS: readonly Reason[] = ['UNKNOWN_PLAYER', 'UNKNOWN_GAME', 'AMBIGUOUS_PLAYER'];
