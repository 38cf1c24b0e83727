import { addDays } from '../../domain/dates.ts';
import { suffixFreeLookup } from '../../domain/names.ts';
import type { Rng } from './rng.ts';
import { SIM_TEAMS, type SimTeamInfo } from './teams.ts';

/**
 * Teams and players of the simulated league (spec 01 §10 "league" and "player"): roles with
 * their minutes and scoring rates, shooting profile, age, and the name each source spells.
 */
export type Role = 'star' | 'starter' | 'rotation' | 'bench';

export const ROLE_MINUTES: Record<Role, number> = { star: 34, starter: 30, rotation: 22, bench: 10 };
const ROLE_PPM: Record<Role, [number, number]> = {
  star: [0.75, 0.95],
  starter: [0.5, 0.7],
  rotation: [0.4, 0.55],
  bench: [0.3, 0.5],
};

export interface SimPlayer {
  id: number;
  first: string;
  last: string;
  suffix: string; // '', 'Jr.', 'II', 'III'
  /** NBA.com spelling (box scores). */
  name: string;
  /** The books' spelling (odds payloads). */
  oddsName: string;
  /** "Last, First" as the injury report writes it. */
  injuryName: string;
  /** Set when the books use a nickname the lookup cannot bridge (needs an alias). */
  nickname: string | null;
  birthDate: string;
  role: Role;
  minutesMean: number;
  /** Latent points per minute before the team/game environment. */
  ppm: number;
  share3: number;
  paintShare: number;
  ftRate: number;
  fgPct: number;
  rebRate: number;
  astRate: number;
  team: string;
  /** Two-way players sit out as INACTIVE_GLEAGUE_TWOWAY. */
  twoWay: boolean;
}

export interface SimTeam extends SimTeamInfo {
  /** Offensive environment (points per possession factor). */
  offense: number;
  /** Defensive strength: opponents score × (1 − defense). */
  defense: number;
  pace: number;
  roster: SimPlayer[];
}

const FIRST = [
  'Marcus',
  'Tyrese',
  'Jalen',
  'Devin',
  'Darius',
  'Isaiah',
  'Malik',
  'Andre',
  'Jordan',
  'Kevin',
  'Brandon',
  'Trey',
  'Caleb',
  'Elijah',
  'Miles',
  'Quentin',
  'Terrence',
  'Xavier',
  'Zion',
  'Amari',
  'Bennett',
  'Colby',
  'Dante',
  'Emeka',
  'Fletcher',
  'Garrison',
  'Hayes',
  'Ivan',
  'Jarrett',
  'Keegan',
  'Lonnie',
  'Mason',
  'Nolan',
  'Omari',
  'Preston',
  'Rashad',
  'Shane',
  'Tobias',
  'Ulysses',
  'Vernon',
  'Wendell',
  'Yusuf',
  'Aaron',
  'Bryce',
  'Cedric',
  'Desmond',
  'Ethan',
  'Felix',
  'Grant',
  'Harlan',
  'Jamal',
  'Kobe',
  'Lamar',
  'Moses',
  'Nate',
  'Orlando',
  'Pascal',
  'Reggie',
  'Santiago',
  'Theo',
  'Victor',
  'Walker',
  'Zeke',
  'Luka',
  'Nikola',
  'José',
  'Dário',
  'Théo',
  'Goran',
  'Bojan',
  'Jusuf',
  'Álvaro',
  'Ömer',
  'Dāvis',
  'Jonas',
];
/** Formal first names the books shorten; the lookup cannot bridge these (aliases needed). */
const NICKNAMES: Record<string, string> = {
  Herbert: 'Herb',
  Nicolas: 'Nic',
  Vincent: 'Vince',
  Cameron: 'Cam',
  Alexander: 'Alex',
  Joshua: 'Josh',
  Kenneth: 'Kenny',
  Matthew: 'Matt',
};
const LAST = [
  'Whitfield',
  'Okafor',
  'Brennan',
  'Castillo',
  'Dunmore',
  'Ellington',
  'Fairchild',
  'Galloway',
  'Hargrove',
  'Iverson',
  'Jefferies',
  'Kingsley',
  'Lockhart',
  'Merriweather',
  'Northcutt',
  'Oduya',
  'Pemberton',
  'Quarles',
  'Rutherford',
  'Stallworth',
  'Thibodeau',
  'Underwood',
  'Vanterpool',
  'Wainwright',
  'Yarbrough',
  'Abernathy',
  'Blackwood',
  'Crenshaw',
  'Delacroix',
  'Eastman',
  'Fontaine',
  'Gatewood',
  'Holloway',
  'Ingram',
  'Jessup',
  'Kearney',
  'Langford',
  'McCrary',
  'Nwosu',
  'Oakley',
  'Pettway',
  'Radcliffe',
  'Sandoval',
  'Tolliver',
  'Upshaw',
  'Villanueva',
  'Westbrooke',
  'Youngblood',
  'Zamora',
  'Ashworth',
  'Birchfield',
  'Calloway',
  'Drummond',
  'Everett',
  'Fitzgerald',
  'Greenlee',
  'Hightower',
  'Jernigan',
  'Kirkland',
  'Lattimore',
  'Mayweather',
  'Nettles',
  'Overstreet',
  'Prescott',
  'Rollins',
  'Satterfield',
  'Thornton',
  'Vickers',
  'Whitlock',
  'Yeager',
  'Bellamy',
  'Coleridge',
  'Dorsey',
  'Espinoza',
  'Ferrell',
  'Jović',
  'Marković',
  'Šarić',
  'Dončević',
  'Núñez',
  'Bogdanović',
  'Valančiūnas',
  'Kovačić',
  'Simões',
  'Østergaard',
  'Gärtner',
  'Hernández',
  'Peña',
  'Yılmaz',
  'Bertāns',
  'Sabonytė',
];

function stripAccents(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ı/g, 'i');
}

const ROLE_SLOTS: Role[] = [
  'star',
  'starter',
  'starter',
  'starter',
  'starter',
  'rotation',
  'rotation',
  'rotation',
  'rotation',
  'rotation',
  'bench',
  'bench',
  'bench',
  'bench',
  'bench',
  'bench',
  'bench',
];

export class PlayerFactory {
  private nextId = 9_000_001;
  private usedLookups = new Set<string>();
  constructor(private rng: Rng) {}

  /** A new player with a unique (suffix-free) lookup, so names never collide across teams. */
  create(role: Role, team: string, seasonStart: string, ageRange: [number, number]): SimPlayer {
    const r = this.rng;
    let first = '';
    let last = '';
    let suffix = '';
    for (let tries = 0; ; tries++) {
      const nick = r.chance(0.04);
      first = nick ? r.pick(Object.keys(NICKNAMES)) : r.pick(FIRST);
      last = r.pick(LAST);
      suffix = r.chance(0.06) ? r.pick(['Jr.', 'Jr.', 'II', 'III']) : '';
      const key = suffixFreeLookup(`${first} ${last}`);
      const nickKey = NICKNAMES[first] ? suffixFreeLookup(`${NICKNAMES[first]} ${last}`) : null;
      if (!this.usedLookups.has(key) && (!nickKey || !this.usedLookups.has(nickKey))) {
        this.usedLookups.add(key);
        if (nickKey) this.usedLookups.add(nickKey);
        break;
      }
      if (tries > 200) {
        last = `${last}-${r.pick(LAST)}`;
        const k2 = suffixFreeLookup(`${first} ${last}`);
        if (!this.usedLookups.has(k2)) {
          this.usedLookups.add(k2);
          break;
        }
      }
    }
    const name = `${first} ${last}${suffix ? ` ${suffix}` : ''}`;
    // Books drop accents; "Jr." becomes "Jr" or disappears; II/III are often dropped.
    let oddsSuffix = suffix;
    if (suffix === 'Jr.') oddsSuffix = r.pick(['Jr.', 'Jr', '']);
    else if (suffix) oddsSuffix = r.chance(0.5) ? '' : suffix;
    const nickname = NICKNAMES[first] ?? null;
    const oddsFirst = nickname ?? first;
    const oddsName = stripAccents(`${oddsFirst} ${last}${oddsSuffix ? ` ${oddsSuffix}` : ''}`);
    const injLast = r.chance(0.5) ? stripAccents(last) : last;
    const injuryName = `${injLast}${suffix ? ` ${suffix}` : ''}, ${first}`;
    const age = r.uniform(ageRange[0], ageRange[1]);
    const birthDate = addDays(seasonStart, -Math.round(age * 365.25));
    const [lo, hi] = ROLE_PPM[role];
    const share3 = r.uniform(0.05, 0.6);
    return {
      id: this.nextId++,
      first,
      last,
      suffix,
      name,
      oddsName,
      injuryName,
      nickname: nickname ? oddsName : null,
      birthDate,
      role,
      minutesMean: ROLE_MINUTES[role],
      ppm: r.uniform(lo, hi),
      share3,
      paintShare: r.uniform(0.35, 0.8) * (1 - share3 * 0.5),
      ftRate: r.uniform(0.12, 0.35),
      fgPct: r.uniform(0.42, 0.55),
      rebRate: r.uniform(0.08, 0.35),
      astRate: r.uniform(0.04, 0.3),
      team,
      twoWay: false,
    };
  }
}

/** Builds `nTeams` teams of 13–17 players each for the first season. */
export function buildLeague(
  rng: Rng,
  factory: PlayerFactory,
  nTeams: number,
  seasonStart: string,
): SimTeam[] {
  const teams: SimTeam[] = [];
  for (const info of SIM_TEAMS.slice(0, nTeams)) {
    const size = rng.int(13, 17);
    const roster: SimPlayer[] = [];
    for (let i = 0; i < size; i++) {
      const role = ROLE_SLOTS[i];
      const ageRange: [number, number] = role === 'bench' ? [19, 33] : [21, 39];
      roster.push(factory.create(role, info.tricode, seasonStart, ageRange));
    }
    // The last man on a long roster is a two-way player.
    if (size >= 16) roster[size - 1].twoWay = true;
    teams.push({
      ...info,
      offense: rng.normal(1, 0.035),
      defense: rng.uniform(-0.06, 0.06),
      pace: rng.uniform(95, 104),
      roster,
    });
  }
  return teams;
}

/**
 * A new season: everyone a year older, rates drifting by up to ±10%, some veterans retire
 * and rookies take their places (spec 01 §10 "later seasons").
 */
export function nextSeason(rng: Rng, factory: PlayerFactory, teams: SimTeam[], seasonStart: string): void {
  for (const t of teams) {
    const kept: SimPlayer[] = [];
    for (const p of t.roster) {
      const ageYears = (Date.parse(seasonStart) - Date.parse(p.birthDate)) / (365.25 * 86_400_000);
      const retire = ageYears > 35 ? rng.chance(0.5) : rng.chance(0.05);
      if (retire) continue;
      p.ppm *= rng.uniform(0.9, 1.1);
      p.share3 = Math.min(0.65, Math.max(0.03, p.share3 * rng.uniform(0.9, 1.1)));
      kept.push(p);
    }
    const size = rng.int(13, 17);
    while (kept.length < size) {
      const role: Role =
        kept.filter((p) => p.role === 'star').length === 0 ? 'star' : rng.chance(0.3) ? 'rotation' : 'bench';
      kept.push(factory.create(role, t.tricode, seasonStart, [19, 22]));
    }
    t.roster = kept;
    t.offense = Math.min(1.08, Math.max(0.92, t.offense * rng.uniform(0.97, 1.03)));
    t.defense = Math.min(0.06, Math.max(-0.06, t.defense + rng.uniform(-0.02, 0.02)));
  }
}
