import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAPPERS } from '../../src/sources/files/import.ts';
import type { FileKind } from '../../src/sources/files/kinds.ts';
import { ingestPayload } from '../../src/sources/ingest/ingest.ts';
import { REASONS } from '../../src/sources/reasons.ts';
import { storeWithPlayers } from './files/fixtures.ts';

/**
 * Fuzz of every file importer (issue 20): random bytes, truncated files, wrong headers, huge
 * fields and swapped column types, through the same ingestPayload + mapper path `courtedge
 * import` takes. No input throws out of the importer; every bad row is in rejected_rows with a
 * known reason and a detail; the file's good row is kept; the counts add up.
 */

const FILES: Record<FileKind, { header: string; good: string }> = {
  games: {
    header: 'GAME_ID,GAME_DATE,HOME_TEAM,AWAY_TEAM,HOME_PTS,AWAY_PTS',
    good: '0022500050,2025-10-22,OKC,HOU,,',
  },
  'nba-api-team-logs': {
    header:
      'SEASON_ID,TEAM_ID,TEAM_ABBREVIATION,TEAM_NAME,GAME_ID,GAME_DATE,MATCHUP,WL,MIN,PTS,FGM,FGA,FG_PCT,FG3M,FG3A,FG3_PCT,FTM,FTA,FT_PCT,OREB,DREB,REB,AST,STL,BLK,TOV,PF,PLUS_MINUS',
    good: '22025,1610612765,DET,Detroit Pistons,0022500147,2025-11-01,DAL @ DET,W,239,122,45,91,0.495,9,24,0.375,23,34,0.676,14,33,47,29,10,4,7,22,12.0',
  },
  'nba-api-player-logs': {
    header:
      'player,player_id,date,matchup,result,minutes,fgm,fga,fg_pct,threes_made,threes_attempted,three_pct,ftm,fta,ft_pct,oreb,dreb,reb,ast,stl,blk,tov,pf,pts,plus_minus,opponent,home_away,player_normalized',
    good: 'Shai Gilgeous-Alexander,1628983,2025-10-21,OKC vs. HOU,W,36.0,10,20,0.5,2,6,0.333,5,6,0.833,1,5,6,9,1,0,4,2,27,1,HOU,HOME,Shai Gilgeous-Alexander',
  },
  'odds-snapshots': {
    header: 'event_id,player,market,line,bookmaker,game,game_time,over_odds,under_odds',
    good: 'e,Shai Gilgeous-Alexander,player_points,31.5,draftkings,Houston Rockets @ Oklahoma City Thunder,2025-10-21T23:30:00Z,-110.0,-110.0',
  },
  injuries: {
    header: 'report_time,team,player,status,reason,game_date',
    good: '2025-10-21 13:00,OKC,Shai Gilgeous-Alexander,Out,Rest,2025-10-21',
  },
};
const KINDS = Object.keys(FILES) as FileKind[];
const KEY = 'raw_20251021_170000.csv';

/** A value of another column type than the one it replaces. */
const otherType = fc.oneof(
  fc.constant(''),
  fc.constant('NaN'),
  fc.constant('-1e308'),
  fc.constant('2025-02-30'),
  fc.constant('"quoted, comma"'),
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 12 }),
  fc.constant('EVEN'),
  fc.constant('+50000'),
);

type Case = { kind: FileKind; text: string; withGood: boolean };

const caseArb: fc.Arbitrary<Case> = fc.constantFrom(...KINDS).chain((kind) => {
  const { header, good } = FILES[kind];
  const cols = header.split(',');
  const row = good.split(',');
  const swapped = fc
    .array(fc.tuple(fc.nat(cols.length - 1), otherType), { minLength: 1, maxLength: 4 })
    .map((subs) => {
      const r = [...row];
      for (const [i, v] of subs) r[i] = v;
      return r.join(',');
    });
  const huge = fc.nat(cols.length - 1).map((i) => {
    const r = [...row];
    r[i] = 'x'.repeat(200_000);
    return r.join(',');
  });
  const junk = fc.string({ maxLength: 80 }).map((s) => s.replace(/\r?\n/g, ' '));
  return fc.oneof(
    // random bytes, decoded as the importer reads a file
    fc
      .uint8Array({ maxLength: 400 })
      .map((b) => ({ kind, text: Buffer.from(b).toString('utf8'), withGood: false })),
    // header + good row + bad rows (swapped types, huge fields, junk)
    fc.array(fc.oneof(swapped, huge, junk), { minLength: 1, maxLength: 6 }).map((bad) => ({
      kind,
      text: `${header}\n${good}\n${bad.join('\n')}\n`,
      withGood: true,
    })),
    // truncated anywhere after the good row's start
    fc.nat(200).map((cut) => ({
      kind,
      text: `${header}\n${good}\n${good}`.slice(0, header.length + good.length + 2 + cut),
      withGood: true,
    })),
    // wrong header: columns shuffled or renamed
    fc
      .shuffledSubarray(cols, { minLength: 1 })
      .map((h) => ({ kind, text: `${h.join(',')}\n${good}\n`, withGood: false })),
  );
});

test('fuzz: every file importer takes random, truncated, misheaded, huge and type-swapped files without throwing', async () => {
  const t0 = Date.now();
  const store = await storeWithPlayers();
  // The good row of each kind, imported alone first: what a fuzzed file must still keep.
  const kept: Record<string, number> = {};
  for (const kind of KINDS) {
    const { header, good } = FILES[kind];
    const res = await ingestPayload(store, {
      payload: {
        source: `files:${kind}`,
        key: KEY,
        body: `${header}\n${good}\n`,
        fetched_at: new Date().toISOString(),
      },
      map: (text: string, q: any) => MAPPERS[kind](text, { q, key: KEY }),
    } as any);
    assert.equal(res.invalid, undefined, `${kind}: the good file is valid`);
    kept[kind] = res.counts.inserted + res.counts.updated + res.counts.unchanged;
    assert.ok(kept[kind] >= 1, `${kind}: the good row is stored`);
  }
  let cases = 0;
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(caseArb, async ({ kind, text, withGood }) => {
      cases++;
      let res: Awaited<ReturnType<typeof ingestPayload>>;
      try {
        res = await ingestPayload(store, {
          payload: { source: `files:${kind}`, key: KEY, body: text, fetched_at: new Date().toISOString() },
          map: (body: string, q: any) => MAPPERS[kind](body, { q, key: KEY }),
        } as any);
      } catch (e) {
        assert.fail(`${kind}: the importer threw ${(e as Error).message.split('\n')[0]}`);
      }
      if (res.invalid) {
        refused++; // the whole file refused with a message (a header that is not the kind's)
        assert.ok(res.invalid.length > 0);
        return;
      }
      const c = res.counts;
      assert.equal(
        c.read,
        c.inserted + c.updated + c.unchanged + c.rejected + c.skipped,
        `${kind}: counts add up`,
      );
      if (withGood)
        assert.ok(c.inserted + c.updated + c.unchanged >= kept[kind], `${kind}: the good row is kept`);
      const rej = await store.query<{ reason: string; detail: string | null }>(
        'SELECT reason, detail FROM rejected_rows WHERE payload_sha256 = $1',
        [res.sha256],
      );
      if (c.rejected > 0) assert.ok(rej.length > 0, `${kind}: rejected rows are kept`);
      for (const r of rej) {
        assert.ok((REASONS as readonly string[]).includes(r.reason), `known reason ${r.reason}`);
        assert.ok(r.detail && r.detail.length > 0, 'a detail');
      }
    }),
    { numRuns: 500, seed: 20 },
  );
  await store.close();
  console.log(
    `# fuzz: ${cases} generated files (${refused} refused whole) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
});
