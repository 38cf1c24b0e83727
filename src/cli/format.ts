/** Small text formats shared by the commands (human output only; --json prints raw values). */

/** A fraction as a percentage: 0.5286 → "52.9%"; null → "-". */
export const pct = (x: number | null | undefined, dp = 1): string =>
  x === null || x === undefined ? '-' : `${(x * 100).toFixed(dp)}%`;

/** An American price with its sign: 110 → "+110", -105 → "-105". */
export const priceText = (p: number): string => (p > 0 ? `+${p}` : `${p}`);

/** A line of `key n` pairs for the non-zero counts of a record: "edge_floor 42, blacklist 2". */
export const countsText = (counts: Record<string, number>, sep = ', '): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(sep);

/** The re-export line after a phase: "exported 32 files (run …)" or the publish failure. */
export const publishedText = (p: { files: number; run_id: string | null } | { error: string }): string =>
  'error' in p
    ? `export failed (see courtedge runs): ${p.error}`
    : `exported ${p.files} file(s) (run ${p.run_id})`;
