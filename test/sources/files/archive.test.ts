import assert from 'node:assert/strict';
import { test } from 'node:test';
import { archivePayload, archivePayloads, recordCalls, sha256 } from '../../../src/sources/ingest/archive.ts';
import { openMemoryStore } from '../../../src/store/open.ts';

test('archive: one raw_payloads row per distinct body; changed content under a key is noticed', async () => {
  const store = await openMemoryStore();
  const at = '2025-10-21T17:00:00.000Z';
  const a = await archivePayload(store, { source: 's', key: 'k', body: 'one', fetched_at: at });
  assert.deepEqual(a, { sha256: sha256('one'), seen_before: false, changed_from: [] });
  const again = await archivePayload(store, { source: 's', key: 'k', body: 'one', fetched_at: at });
  assert.equal(again.seen_before, true);
  const changed = await archivePayload(store, { source: 's', key: 'k', body: 'two', fetched_at: at });
  assert.deepEqual(changed.changed_from, [sha256('one')]);
  const bulk = await archivePayloads(store, [
    { source: 's', key: 'a', body: 'two', fetched_at: at },
    { source: 's', key: 'b', body: 'three', fetched_at: at },
    { source: 's', key: 'c', body: 'three', fetched_at: at },
  ]);
  assert.deepEqual(
    bulk.map((b) => b.seen_before),
    [true, false, true],
  );
  const ids = await recordCalls(store, [
    {
      source: 's',
      key: 'b',
      started_at: at,
      payload_sha256: bulk[1].sha256,
      http_status: 200,
      quota_remaining: 480,
    },
    { source: 's', key: 'x', started_at: at, http_status: 500, error: 'HTTP 500', attempt: 2 },
  ]);
  assert.equal(new Set(ids).size, 2);
  const [{ n }] = await store.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM raw_payloads');
  assert.equal(n, 3);
  const calls = await store.query<{ key: string; attempt: number; quota_remaining: number | null }>(
    'SELECT key, attempt, quota_remaining FROM source_calls ORDER BY key',
  );
  assert.deepEqual(
    calls.map((c) => [c.key, c.attempt, c.quota_remaining]),
    [
      ['b', 1, 480],
      ['x', 2, null],
    ],
  );
  await store.close();
});
