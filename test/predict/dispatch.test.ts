import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchRow } from '../../src/predict/batches.ts';
import { buildChunks } from '../../src/predict/dispatch.ts';
import { decideOutcome } from '../../src/predict/finalize.ts';
import type { ViablePlayer } from '../../src/predict/quality-gate.ts';
import type { EnabledModel, FeatureRow } from '../../src/predict/types.ts';

const model: EnabledModel = {
  system_id: 's1',
  family: 'v9',
  feature_set: 'v9',
  contract_hash: 'c',
  artifact_hash: 'h',
  min_edge: 3,
};
const row = (game_id: string, player_id: number): FeatureRow => ({
  game_id,
  player_id,
  feature_set: 'v9',
  feature_set_version: 'v9@1',
  contract_hash: 'c',
  quality_score: 90,
  required_defaults: 0,
  is_quality_ready: true,
  reason: null,
  line_at_cutoff: null,
  values: [1, null],
  computed_at: '2026-03-02T15:00:00.000Z',
  cutoff_at: '2026-03-02T15:00:00.000Z',
});
const viable = (game_id: string, player_id: number, line: number | null): ViablePlayer => ({
  game_id,
  player_id,
  line,
  systems: ['s1'],
  features: { v9: row(game_id, player_id) },
});

test('chunks: viable players sorted by (tip, game_id, player_id), cut by chunkSize, payload self-contained', () => {
  const batch = {
    batch_id: 'pb_x',
    game_date: '2026-03-02',
    mode: 'FIRST',
    as_of: '2026-03-02T15:00:00.000Z',
  } as BatchRow;
  const chunks = buildChunks(
    {
      batch,
      steps: {},
      models: [model, { ...model, system_id: 'unused' }],
      viable: [viable('g2', 5, 20.5), viable('g1', 9, null), viable('g1', 3, 18.5), viable('g3', 1, 11.5)],
      consensus: new Map([
        [
          'g2|5',
          {
            line: 20.5,
            book: 'consensus',
            n_books: 3,
            odds_captured_at: 'T1',
            contributing: [],
            stale: [],
            outliers: [],
          },
        ],
        [
          'g1|3',
          {
            line: 18.5,
            book: 'fanduel',
            n_books: 1,
            odds_captured_at: 'T2',
            contributing: [],
            stale: [],
            outliers: [],
          },
        ],
      ]),
      tips: new Map([
        ['g1', '2026-03-03T00:00:00.000Z'],
        ['g2', '2026-03-02T23:00:00.000Z'],
        ['g3', '2026-03-03T00:00:00.000Z'],
      ]),
      nCandidates: 4,
    },
    3,
  );
  assert.deepEqual(
    chunks.map((c) => c.players.map((p) => `${p.game_id}|${p.player_id}`)),
    [['g2|5', 'g1|3', 'g1|9'], ['g3|1']],
  );
  assert.deepEqual(
    chunks[0].models.map((m) => m.system_id),
    ['s1'],
  );
  assert.deepEqual(
    chunks[0].players.map((p) => [p.line, p.book, p.n_books, p.odds_captured_at]),
    [
      [20.5, 'consensus', 3, 'T1'],
      [18.5, 'fanduel', 1, 'T2'],
      [null, null, 0, null],
    ],
  );
  assert.deepEqual(chunks[0].players[2].features.v9.values, [1, null]);
  assert.equal(chunks[1].chunk_no, 1);
});

test('outcome: partial at exactly the share, failed below it, all systems failing fails', () => {
  const base = {
    n_viable: 10,
    partialMinShare: 0.8,
    systems: [{ system_id: 'a' }, { system_id: 'b' }],
    predictionsBySystem: new Map<string, number>(),
  };
  const none = new Map<string, string>();
  assert.equal(
    decideOutcome({ ...base, n_players_predicted: 10, chunks_failed: 0, failedSystems: none }).status,
    'complete',
  );
  assert.equal(
    decideOutcome({ ...base, n_players_predicted: 8, chunks_failed: 1, failedSystems: none }).status,
    'partial',
  );
  const low = decideOutcome({ ...base, n_players_predicted: 7, chunks_failed: 1, failedSystems: none });
  assert.deepEqual([low.status, low.failure_reason], ['failed', 'CHUNK_FAILED']);
  const oneSys = decideOutcome({
    ...base,
    n_players_predicted: 10,
    chunks_failed: 0,
    failedSystems: new Map([['a', 'HASH_MISMATCH']]),
  });
  assert.deepEqual(
    [oneSys.status, oneSys.systems.map((s) => [s.system_id, s.status, s.reason])],
    [
      'partial',
      [
        ['a', 'failed', 'HASH_MISMATCH'],
        ['b', 'ok', null],
      ],
    ],
  );
  const all = decideOutcome({
    ...base,
    n_players_predicted: 0,
    chunks_failed: 0,
    failedSystems: new Map([
      ['a', 'PARSE_ERROR'],
      ['b', 'ARTIFACT_MISSING'],
    ]),
  });
  assert.deepEqual([all.status, all.failure_reason], ['failed', 'ALL_SYSTEMS_FAILED']);
  assert.equal(
    decideOutcome({ ...base, n_viable: 0, n_players_predicted: 0, chunks_failed: 0, failedSystems: none })
      .status,
    'complete',
  );
});
