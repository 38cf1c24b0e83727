/**
 * Field parsers for the file importers. Each returns {value} or {error} naming the problem, so
 * the importer can reject the row with BAD_VALUE and the field (never a throw, never NaN).
 */
export type Parsed<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

/** An integer, also written as a float with a zero fraction ("12.0"). Empty → error. */
export function parseIntField(name: string, s: string | undefined): Parsed<number> {
  const t = (s ?? '').trim();
  if (!/^[+-]?\d+(\.0+)?$/.test(t)) return { error: `${name} "${s ?? ''}" is not an integer` };
  return { value: Math.trunc(Number(t)) };
}

/** An integer or null when empty. */
export function parseOptInt(name: string, s: string | undefined): Parsed<number | null> {
  if ((s ?? '').trim() === '') return { value: null };
  return parseIntField(name, s);
}

/** A finite number. Empty → error. */
export function parseNumField(name: string, s: string | undefined): Parsed<number> {
  const t = (s ?? '').trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t))
    return { error: `${name} "${s ?? ''}" is not a number` };
  const v = Number(t);
  return Number.isFinite(v) ? { value: v } : { error: `${name} "${s}" is not finite` };
}

/**
 * An American price as text (00-decisions "Odds text"): "-115.0" → −115, "+120" → 120,
 * "EVEN" → +100, −100 → +100 (the same price); empty → null (a missing side); "+0", "0" and
 * anything strictly between −100 and +100 → error.
 */
export function parseAmerican(name: string, s: string | undefined): Parsed<number | null> {
  const t = (s ?? '').trim();
  if (t === '') return { value: null };
  if (/^even$/i.test(t)) return { value: 100 };
  const n = parseNumField(name, t);
  if (n.error !== undefined) return { error: `${name} "${t}" is not an American price` };
  const v = Math.round(n.value);
  if (Math.abs(v) < 100) return { error: `${name} "${t}" is not an American price (|price| < 100)` };
  return { value: v === -100 ? 100 : v };
}

const validDates = new Map<string, boolean>();

/** An ISO date 'YYYY-MM-DD' that exists. */
export function parseDateField(name: string, s: string | undefined): Parsed<string> {
  const t = (s ?? '').trim().slice(0, 10);
  const known = validDates.get(t);
  if (known === true) return { value: t };
  if (known === false) return { error: `${name} "${s ?? ''}" is not a date` };
  const out = checkDate(name, s, t);
  if (validDates.size < 100_000) validDates.set(t, out.error === undefined);
  return out;
}

function checkDate(name: string, s: string | undefined, t: string): Parsed<string> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return { error: `${name} "${s ?? ''}" is not a date` };
  const d = new Date(`${t}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t)
    return { error: `${name} "${s}" is not a date` };
  return { value: t };
}

/** An ISO 8601 instant with zone ("Z" or an offset) → ISO UTC string. */
export function parseInstant(name: string, s: string | undefined): Parsed<string> {
  const t = (s ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t))
    return { error: `${name} "${s ?? ''}" is not a UTC timestamp` };
  const ms = Date.parse(t.replace(' ', 'T'));
  if (Number.isNaN(ms)) return { error: `${name} "${s}" is not a timestamp` };
  return { value: new Date(ms).toISOString() };
}
