/** A numeric column read back from either engine (DECIMAL/BIGINT may arrive as text); null stays null. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
