import { randomBytes } from 'node:crypto';

/**
 * Time-ordered ids: `${prefix}_YYYYMMDD_HHMMSS_xxxx` in UTC (00-decisions: batches `pb_…`,
 * phase runs `run_…`). Four random hex digits keep ids of the same second apart.
 */
export function timeId(prefix: string, now: Date = new Date()): string {
  const s = now.toISOString();
  const stamp = `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}_${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}`;
  return `${prefix}_${stamp}_${randomBytes(2).toString('hex')}`;
}
