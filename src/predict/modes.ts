import { addDays, isIsoDate } from '../domain/dates.ts';
import { MODES, type Mode } from './types.ts';

/** A request error naming its field (HTTP 400 / CLI exit 2). */
export class BadRequestError extends Error {
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'BadRequestError';
  }
}

/**
 * Checks a start request (spec 04 §2): an unknown mode, a live mode outside today …
 * today + maxDaysAhead, or BACKFILL for today or later is refused, naming the field.
 * The mode defaults to FIRST, or BACKFILL for a past date.
 */
export function resolveRequest(
  req: { date: string; mode?: string | null },
  today: string,
  maxDaysAhead: number,
): { date: string; mode: Mode } {
  const issues: Array<{ path: string; message: string }> = [];
  if (!isIsoDate(req.date))
    issues.push({ path: 'date', message: `expected YYYY-MM-DD, got ${JSON.stringify(req.date)}` });
  const raw = req.mode ?? (isIsoDate(req.date) && req.date < today ? 'BACKFILL' : 'FIRST');
  const mode = String(raw).toUpperCase();
  if (!(MODES as readonly string[]).includes(mode)) {
    issues.push({ path: 'mode', message: `unknown mode ${JSON.stringify(raw)}; one of ${MODES.join(', ')}` });
  }
  if (!issues.length) {
    if (mode === 'BACKFILL' && req.date >= today) {
      issues.push({
        path: 'date',
        message: `BACKFILL needs a date before today (${today}), got ${req.date}`,
      });
    }
    if (mode !== 'BACKFILL' && (req.date < today || req.date > addDays(today, maxDaysAhead))) {
      issues.push({
        path: 'date',
        message: `${mode} accepts ${today} … ${addDays(today, maxDaysAhead)}, got ${req.date} (use BACKFILL for past dates)`,
      });
    }
  }
  if (issues.length) throw new BadRequestError(issues);
  return { date: req.date, mode: mode as Mode };
}

export function cutoffKindOf(mode: Mode): 'asof' | 'tipoff' {
  return mode === 'BACKFILL' ? 'tipoff' : 'asof';
}
