import { randomBytes } from 'node:crypto';

/** The ids this process issued in the current second, per prefix: never the same one twice. */
let issued = { stamp: '', used: new Set<string>() };

/**
 * Time-ordered ids: `${prefix}_YYYYMMDD_HHMMSS_xxxx` in UTC (00-decisions: batches `pb_…`,
 * phase runs `run_…`). Four random hex digits keep ids of the same second apart; within one
 * process a drawn suffix is never reused in its second (a grading pass opens dozens of runs a
 * second, and 4 hex digits alone collide about once in a few hundred such bursts).
 */
export function timeId(prefix: string, now: Date = new Date()): string {
  const s = now.toISOString();
  const stamp = `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}_${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}`;
  if (issued.stamp !== stamp) issued = { stamp, used: new Set() };
  for (;;) {
    const id = `${prefix}_${stamp}_${randomBytes(2).toString('hex')}`;
    if (!issued.used.has(id)) {
      issued.used.add(id);
      return id;
    }
  }
}
