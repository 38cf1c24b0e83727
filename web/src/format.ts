// Display helpers. They format the JSON's numbers as given (no rounding beyond what the export
// did, no recomputed records): 64.6 → "64.6%", -105 → "-105", 120 → "+120".
import type { Hr, Rec } from './types.ts';

export const num = (x: number | null | undefined, suffix = ''): string =>
  x === null || x === undefined ? '—' : `${x}${suffix}`;

/** One decimal, as exported (JSON drops a trailing .0: 30.0 arrives as 30). */
export const dec1 = (x: number | null | undefined, suffix = ''): string =>
  x === null || x === undefined ? '—' : `${x.toFixed(1)}${suffix}`;

export const pct = (x: number | null | undefined): string => dec1(x, '%');

export const signed = (x: number | null | undefined, suffix = ''): string =>
  x === null || x === undefined ? '—' : `${x > 0 ? '+' : ''}${x}${suffix}`;

export const signed1 = (x: number | null | undefined, suffix = ''): string =>
  x === null || x === undefined ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(1)}${suffix}`;

/** American odds: -105, +120 (an integer; no decimals). */
export const price = (p: number | null | undefined): string => signed(p);

export const wlp = (r: Rec): string => `${r.wins}-${r.losses}-${r.pushes}`;

export const interval = (lo: number | null, hi: number | null): string =>
  lo === null || hi === null ? '' : `95% CI ${lo.toFixed(1)}–${hi.toFixed(1)}`;

export const hrText = (h: Hr): string => (h.hr === null ? `— (N ${h.n})` : `${h.hr.toFixed(1)}% (N ${h.n})`);

const ET = 'America/New_York';

/** "7:30 PM ET"; the viewer's own time is added when their zone differs. */
export function tipTime(iso: string | null): string {
  if (!iso) return 'tip TBD';
  const d = new Date(iso);
  const et = d.toLocaleTimeString('en-US', { timeZone: ET, hour: 'numeric', minute: '2-digit' });
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const etDay = d.toLocaleDateString('en-US', { timeZone: ET, weekday: 'short' });
  if (!local || local === ET) return `${etDay} ${et} ET`;
  const mine = d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return `${etDay} ${et} ET · ${mine}`;
}

/** 2025-11-20 → "Thu Nov 20" (a game date is a calendar date, not an instant). */
export function day(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  });
}

export function instant(iso: string | null): string {
  if (!iso) return '—';
  return `${new Date(iso).toLocaleString('en-US', {
    timeZone: ET,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  })} ET`;
}

export const VOID_WORDS: Record<string, string> = {
  dnp: 'did not play',
  postponed: 'game postponed',
  inactive: 'ruled inactive',
};

export const STATUS_WORDS: Record<string, string> = {
  pending: 'pending',
  sweep: 'sweep',
  split: 'split',
  miss: 'miss',
  void: 'void',
  no_picks: 'no picks',
  not_run: 'not run',
};
