/**
 * US Eastern game dates (spec 01 §7). Conversions go through Intl with the
 * America/New_York zone, so daylight saving is handled, never a fixed offset.
 */
const ET = 'America/New_York';

const dateFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: ET,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const partsFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: ET,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The America/New_York calendar date of an instant: a 01:30 UTC tip is the previous ET day. */
export function etDate(instant: Date | string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a timestamp: ${String(instant)}`);
  return dateFmt.format(d);
}

/** Offset of America/New_York from UTC at an instant, in minutes (−240 EDT, −300 EST). */
function etOffsetMinutes(instant: Date): number {
  const p = Object.fromEntries(partsFmt.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The UTC instant of an Eastern wall-clock time ("2025-11-02", "19:00"). In the repeated
 * hour of the autumn change the earlier instant is chosen; a time in the skipped spring hour
 * maps forward by an hour.
 */
export function etWallTimeToUtc(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  const guess = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), h, m);
  // Try both candidate offsets; keep the one that reads back as the requested wall time.
  for (const off of [-240, -300]) {
    const t = new Date(guess - off * 60000);
    if (etOffsetMinutes(t) === off) return t;
  }
  return new Date(guess + 300 * 60000);
}

/** "Today" in America/New_York for an instant (default: now). */
export function todayEt(now: Date = new Date()): string {
  return etDate(now);
}

/** Adds whole days to an ISO date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Every date from `from` to `to`, both included. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Season start year of a game date: month ≥ 10 → that year, else the year before. */
export function seasonOf(gameDate: string): number {
  const y = +gameDate.slice(0, 4);
  return +gameDate.slice(5, 7) >= 10 ? y : y - 1;
}

/** Season label: 2025 → "2025-26". */
export function seasonLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** Season start year from an NBA game id "00SYYNNNNN" (YY = 25 → 2025), or null. */
export function seasonFromNbaGameId(gameId: string): number | null {
  const m = /^00(\d)(\d{2})\d{5}$/.exec(gameId);
  return m ? 2000 + Number(m[2]) : null;
}

/** "YYYYMMDD" compact form of an ISO date (game ids, system ids use MMDD of it). */
export function compactDate(date: string): string {
  return date.replaceAll('-', '');
}
