import { type Config, configSchema } from '../../src/config/schema.ts';
import { addDays } from '../../src/domain/dates.ts';
import {
  contractHash,
  type FeatureSetName,
  featureNames,
  featureSetVersion,
} from '../../src/features/contract.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function testConfig(over: Record<string, any> = {}): Config {
  return configSchema.parse({
    threads: 1,
    models: {
      families: [
        { name: 'v9', featureSet: 'v9', loss: 'l2', minEdge: 3 },
        { name: 'v9_q43', featureSet: 'v9', loss: 'quantile', alpha: 0.43, minEdge: 4 },
      ],
      training: { windowGameDays: 20, minTrainRows: 100, minValRows: 20 },
      gbdt: { maxRounds: 30, learningRate: 0.2, maxDepth: 3, earlyStoppingRounds: 10 },
      ...over,
    },
  });
}

/**
 * A synthetic league straight into the tables training reads: `days` consecutive game days
 * from `start`, 2 games a day, 10 players a team; v9 tipoff features where the player's skill
 * (#0–#2) predicts points; a consensus line on most rows; a few DNPs (void).
 */
export async function seedStore(
  config: Config,
  opts: { start?: string; days?: number; seed?: number } = {},
): Promise<Store> {
  const store = await openMemoryStore();
  const start = opts.start ?? '2025-01-01';
  const days = opts.days ?? 40;
  const r = rng(opts.seed ?? 1);
  const set: FeatureSetName = 'v9';
  const names = featureNames(set);
  const hash = contractHash(set, config);
  const teams = ['AAA', 'BBB', 'CCC', 'DDD'];
  const skill = new Map<number, number>();
  for (let p = 0; p < 40; p++) skill.set(1000 + p, 4 + r() * 26);
  const games: unknown[][] = [];
  const box: unknown[][] = [];
  const feats: unknown[][] = [];
  const props: unknown[][] = [];
  for (let k = 0; k < days; k++) {
    const d = addDays(start, k);
    for (let g = 0; g < 2; g++) {
      const home = teams[(g * 2 + k) % 4];
      const away = teams[(g * 2 + k + 1) % 4];
      const gid = `${d.replaceAll('-', '')}_${away}_${home}`;
      const tip = `${d}T23:00:00.000Z`;
      games.push([gid, d, tip, 2024, 'regular', home, away, 3, 100, 98, 'test']);
      for (const team of [home, away]) {
        const ti = teams.indexOf(team);
        for (let j = 0; j < 10; j++) {
          const pid = 1000 + ti * 10 + j;
          const s = skill.get(pid)!;
          const dnp = r() < 0.04;
          const pts = Math.max(0, Math.round(s + (r() - 0.5) * 10));
          box.push([gid, pid, d, team, dnp ? 0 : 30, dnp ? 0 : pts, dnp, 'test']);
          const v: (number | null)[] = names.map((_, i) =>
            i === 0 ? s + (r() - 0.5) * 2 : i === 1 ? s : i === 2 ? s + (r() - 0.5) : r(),
          );
          const hasLine = r() < 0.85;
          const line = Math.round(s) + 0.5;
          if (hasLine) {
            v[25] = line;
            v[26] = line;
            v[27] = 0;
            v[28] = 1;
            props.push([`${d}T17:00:00.000Z`, gid, pid, 'draftkings', line, -110, -110, 'test', true]);
            props.push([`${d}T17:00:00.000Z`, gid, pid, 'fanduel', line, -105, -115, 'test', true]);
          } else {
            v[25] = null;
            v[26] = null;
            v[27] = null;
            v[28] = 0;
          }
          feats.push([
            gid,
            pid,
            set,
            featureSetVersion(set),
            'tipoff',
            d,
            tip,
            hash,
            team,
            hasLine ? line : null,
            JSON.stringify(v),
            JSON.stringify(names.map(() => 'box_score')),
            95,
            0,
            true,
            '2025-01-01T00:00:00.000Z',
          ]);
        }
      }
    }
  }
  await store.insertMany(
    'games',
    [
      'game_id',
      'game_date',
      'start_utc',
      'season',
      'season_type',
      'home',
      'away',
      'status',
      'home_score',
      'away_score',
      'source',
    ],
    games,
  );
  await store.insertMany(
    'box_scores',
    ['game_id', 'player_id', 'game_date', 'team', 'minutes', 'points', 'dnp', 'source'],
    box,
  );
  await store.insertMany(
    'prop_lines',
    ['captured_at', 'game_id', 'player_id', 'book', 'line', 'over_price', 'under_price', 'source', 'is_main'],
    props,
  );
  await store.insertMany(
    'features',
    [
      'game_id',
      'player_id',
      'feature_set',
      'feature_set_version',
      'cutoff_kind',
      'game_date',
      'cutoff_at',
      'contract_hash',
      'team',
      'line_at_cutoff',
      'values',
      'sources',
      'quality_score',
      'required_defaults',
      'is_quality_ready',
      'computed_at',
    ],
    feats,
  );
  return store;
}
