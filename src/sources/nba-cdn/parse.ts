/** Shared by the pure parse modules of nba-cdn and odds-api (spec 01 §1). */

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

interface SafeParser<T> {
  safeParse(
    v: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

/**
 * JSON.parse (when given text) then the zod schema. The error names the first failing field
 * ("leagueSchedule.gameDates.0.games.3.gameId: gameId must be 10 digits"); the caller archives
 * the body as `invalid` with it.
 */
export function parseWith<T>(schema: SafeParser<T>, body: string | unknown): ParseResult<T> {
  let raw: unknown = body;
  if (typeof body === 'string') {
    try {
      raw = JSON.parse(body);
    } catch (e) {
      return { ok: false, error: `not JSON: ${(e as Error).message}` };
    }
  }
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const first = r.error.issues[0];
  const more = r.error.issues.length > 1 ? ` (+${r.error.issues.length - 1} more)` : '';
  return { ok: false, error: `${first.path.map(String).join('.') || '(root)'}: ${first.message}${more}` };
}

/** parse then map, throwing the parse error (for ingestPayload's `map`, which archives it as invalid). */
export function parseOrThrow<T>(r: ParseResult<T>): T {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
