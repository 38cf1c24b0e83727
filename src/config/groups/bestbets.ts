import { z } from 'zod';
import { group } from '../define.ts';

/**
 * Best bets (spec 05 §13). Every threshold of the engine lives here; threshold changes show
 * up in config_hash, logic changes bump src/bestbets/version.ts.
 */

/**
 * Signal tags and whether each counts toward `filters.minSignals` (05 §5). Kept here so that
 * config validation can refuse unknown tags without importing the engine; the registry test
 * asserts it matches src/bestbets/signals/registry.ts.
 */
export const SIGNAL_COUNTS_TOWARD_MIN: Readonly<Record<string, boolean>> = {
  high_edge: false,
  three_pt_bounce: true,
  blowout_recovery: true,
  combo_he_ms: true,
  combo_3way: true,
  b2b_fatigue_under: true,
  rest_advantage_2d: true,
  bench_under: true,
  prop_line_drop_over: true,
  book_disagreement: true,
  model_consensus: true,
};

const num = (d: number, desc: string) => z.number().default(d).describe(desc);
const int = (d: number, desc: string) => z.number().int().default(d).describe(desc);
const dir = z.enum(['OVER', 'UNDER', 'ANY']);

const signalsConfig = group({
  high_edge: group({ minEdge: num(5, '|edge| at which high_edge qualifies') }),
  three_pt_bounce: group({
    minGames: int(5, 'Season games played needed'),
    minAttempts: num(4, 'Season 3PA per game needed'),
    stdMultiple: num(1, 'Last-3 3P% must sit this many std below the season 3P%'),
  }),
  blowout_recovery: group({
    minRest: int(2, 'Rest days needed (null rest qualifies)'),
    minDeficit: num(6, 'Season minutes average minus last game minutes'),
  }),
  combo_he_ms: group({
    minEdge: num(5, '|edge| needed'),
    minSurge: num(3, 'Last-3 minus season minutes needed'),
  }),
  combo_3way: group({
    minConfidence: num(0.7, 'Confidence (0-1) needed'),
    bandLow: num(0.88, 'Lower end of the excluded confidence band'),
    bandHigh: num(0.9, 'Upper end of the excluded confidence band'),
  }),
  b2b_fatigue_under: group({ minMinutes: num(35, 'Season minutes average needed on a back-to-back') }),
  rest_advantage_2d: group({
    maxSeasonWeek: int(15, 'Latest season week (from 0) the signal applies'),
    minRest: int(2, 'Player rest days needed'),
    maxOppRest: int(1, 'Largest opponent rest days'),
  }),
  bench_under: group({}),
  prop_line_drop_over: group({ minDrop: num(2, 'Line drop since the previous game (points)') }),
  book_disagreement: group({
    minStd: num(1.5, 'Sample std of book main lines needed'),
    minBooks: int(5, 'Books quoting needed'),
  }),
  model_consensus: group({ minModels: int(3, 'Models agreeing in the pick direction needed') }),
});

const comboSchema = z.strictObject({
  id: z.string().min(1),
  signals: z.array(z.string()).min(1),
  classification: z.enum(['SYNERGISTIC', 'NEUTRAL', 'ANTI_PATTERN']),
  direction: dir.default('ANY'),
  note: z.string().default(''),
});

const ultraCriterion = z.strictObject({
  id: z.string().min(1),
  familyPrefix: z.string(),
  direction: dir,
  minEdge: z.number(),
  description: z.string(),
});

export const bestbetsConfig = group({
  edgeFloor: num(5, 'Smallest |edge| a candidate may have (filter edge_floor)'),
  agreementMinEdge: num(3, 'Smallest |edge| for a prediction to vote in model agreement'),
  lineDeltaLookbackDays: int(14, 'Days back to find the previous game line for line_delta'),
  maxPicks: z
    .number()
    .int()
    .positive()
    .nullable()
    .default(null)
    .describe('Cap on picks per date (null = none)'),
  filters: group({
    underEdgeMax: num(7, 'UNDER picks at this |edge| or more are rejected (except exempt families)'),
    underEdgeExemptFamilyPrefixes: z
      .array(z.string())
      .default(['v12'])
      .describe('Family prefixes exempt from under_edge_7plus'),
    familiarGames: int(6, 'Season games vs the opponent at which familiar_matchup rejects'),
    minQuality: num(85, 'Smallest features.quality_score (missing counts as 0)'),
    benchLineBelow: num(12, 'UNDER picks on lines below this are rejected'),
    lineMove: num(2, 'UNDER picks whose line moved this much since the last game are rejected'),
    negPmGames: int(3, 'UNDER picks after this many straight negative plus-minus games are rejected'),
    minSignals: int(0, 'Smallest real_signal_count (0 = off)'),
    minEv: num(0, 'Smallest expected value per unit'),
  }),
  combos: z
    .array(comboSchema)
    .default([])
    .superRefine((combos, ctx) => {
      for (const [i, c] of combos.entries()) {
        for (const s of c.signals) {
          if (!(s in SIGNAL_COUNTS_TOWARD_MIN)) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'signals'],
              message: `unknown signal tag ${s} in combo ${c.id}`,
            });
          } else if (c.classification === 'ANTI_PATTERN' && !SIGNAL_COUNTS_TOWARD_MIN[s]) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'signals'],
              message: `ANTI_PATTERN combo ${c.id} contains ${s}, which does not count toward the minimum (it would match every candidate)`,
            });
          }
        }
      }
      const ids = combos.map((c) => c.id);
      if (new Set(ids).size !== ids.length)
        ctx.addIssue({ code: 'custom', message: 'combo ids must be unique' });
    })
    .describe('Signal combos {id, signals, classification, direction, note}'),
  signals: signalsConfig,
  pricing: group({
    kellyFraction: num(0.25, 'Fraction of full Kelly staked'),
    maxStakePct: num(0.02, 'Largest stake per pick (fraction of bankroll)'),
    dailyExposureCap: num(0.1, 'Largest total stake per date; stakes are scaled down above it'),
    assumedAmericanPrice: int(-110, 'Price used when no book quotes the line any more'),
  }),
  ultra: group({
    criteria: z
      .array(ultraCriterion)
      .default([
        {
          id: 'v12_edge_6plus',
          familyPrefix: 'v12',
          direction: 'ANY',
          minEdge: 6,
          description: 'V12 model, edge 6+',
        },
        {
          id: 'v12_over_edge_5plus',
          familyPrefix: 'v12',
          direction: 'OVER',
          minEdge: 5,
          description: 'V12 model, OVER at edge 5+',
        },
        {
          id: 'v12_edge_4_5plus',
          familyPrefix: 'v12',
          direction: 'ANY',
          minEdge: 4.5,
          description: 'V12 model, edge 4.5+',
        },
      ])
      .describe('Ultra criteria in order {id, familyPrefix, direction, minEdge, description}'),
    since: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable()
      .default(null)
      .describe('Ultra records count picks from this date (null = all history)'),
    gateMinN: int(50, 'Graded ultra OVER picks needed before the ULTRA angle is public'),
    gateMinHr: num(80, 'Hit rate (%) the ultra OVER record needs for the gate'),
  }),
  angles: group({
    maxStored: int(5, 'Angles stored per pick'),
    maxPublic: int(3, 'Angles shown in public files'),
    minHrN: int(20, 'Season N before a signal angle quotes its hit rate'),
    minContribution: num(0.5, 'Smallest |GBDT contribution| (points) for a driver angle'),
    directionWarnMinN: int(10, 'Direction-health N before the below-break-even warning'),
  }),
  blacklist: group({
    minEdge: num(3, 'Smallest |edge| of a graded candidate counted for the blacklist'),
    minN: int(8, 'Graded candidates needed before a player can be blacklisted'),
    hrBelow: num(40, 'Blacklisted when the season hit rate (%) is below this'),
  }),
  offSeasonDays: int(3, 'Halt off_season when no game is scheduled within this many days of D'),
});

export type BestBetsConfig = z.infer<typeof bestbetsConfig>;
