/**
 * Sportsbook keys (spec 01 §6, 00-decisions): source names are canonicalised at ingestion.
 * `williamhill_us`/Caesars → `caesars`, `betonlineag` → `betonline`, `hardrockbet` →
 * `hardrock`, `ballybet` → `bally`; the other Odds API keys keep their name. An unknown book
 * is kept as its lower-case slug and flagged so the caller can count an UNKNOWN_BOOK warning.
 */
const CANONICAL: Record<string, string> = {
  williamhill_us: 'caesars',
  williamhill: 'caesars',
  caesars: 'caesars',
  caesars_sportsbook: 'caesars',
  betonlineag: 'betonline',
  betonline: 'betonline',
  hardrockbet: 'hardrock',
  hardrock: 'hardrock',
  ballybet: 'bally',
  bally: 'bally',
  draftkings: 'draftkings',
  fanduel: 'fanduel',
  betmgm: 'betmgm',
  betrivers: 'betrivers',
  bovada: 'bovada',
  fanatics: 'fanatics',
  espnbet: 'espnbet',
  pointsbetus: 'pointsbetus',
  mybookieag: 'mybookieag',
  lowvig: 'lowvig',
  betus: 'betus',
  superbook: 'superbook',
  wynnbet: 'wynnbet',
  unibet_us: 'unibet_us',
  betparx: 'betparx',
  fliff: 'fliff',
  pinnacle: 'pinnacle',
};

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Canonical book key of a source's book name; `known` is false for an unknown book. */
export function canonicalBook(name: string): { book: string; known: boolean } {
  const s = slug(name);
  const c = CANONICAL[s] ?? CANONICAL[s.replace(/_/g, '')];
  return c ? { book: c, known: true } : { book: s, known: false };
}

/** Display names of the canonical books. */
export const BOOK_TITLES: Record<string, string> = {
  caesars: 'Caesars',
  betonline: 'BetOnline',
  hardrock: 'Hard Rock',
  bally: 'Bally Bet',
  draftkings: 'DraftKings',
  fanduel: 'FanDuel',
  betmgm: 'BetMGM',
  betrivers: 'BetRivers',
  bovada: 'Bovada',
  fanatics: 'Fanatics',
};
