/**
 * player_lookup (DESIGN conventions): NFKD-fold accents, lower-case, "junior"/"jr." → "jr",
 * keep only [a-z0-9]. Suffixes are handled only as whole trailing words.
 */
const SUFFIX_WORDS = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v']);

/** Letters that NFKD does not decompose into an ASCII base. */
const EXTRA_FOLDS: Record<string, string> = {
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ł: 'l',
  Ł: 'l',
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  ı: 'i',
  œ: 'oe',
  Œ: 'oe',
  þ: 'th',
};

function words(name: string): string[] {
  const folded = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[øØđĐłŁßæÆıœŒþ]/g, (c) => EXTRA_FOLDS[c] ?? c)
    .toLowerCase();
  // Apostrophes and periods join ("Ja'Kobe", "P.J."); other separators split words.
  return folded
    .replace(/['’.]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w, i, all) => (i === all.length - 1 && (w === 'junior' || w === 'jr') ? 'jr' : w));
}

export function playerLookup(name: string): string {
  return words(name).join('');
}

/** The lookup without trailing jr/sr/ii/iii/iv/v words ("Jaren Jackson Jr." → "jarenjackson"). */
export function suffixFreeLookup(name: string): string {
  const w = words(name);
  while (w.length > 1 && SUFFIX_WORDS.has(w[w.length - 1])) w.pop();
  return w.join('');
}

/** The words of a name as player_lookup sees them, suffix-free (for last-name rules). */
export function nameWords(name: string): string[] {
  const w = words(name);
  while (w.length > 1 && SUFFIX_WORDS.has(w[w.length - 1])) w.pop();
  return w;
}

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatch = new Array<boolean>(a.length).fill(false);
  const bMatch = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (bMatch[j] || a[i] !== b[j]) continue;
      aMatch[i] = bMatch[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let t = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[j]) j++;
    if (a[i] !== b[j]) t++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
