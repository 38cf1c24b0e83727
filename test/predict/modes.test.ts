import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError, resolveRequest } from '../../src/predict/modes.ts';

const TODAY = '2026-03-02';

test('mode defaults: FIRST for today and tomorrow, BACKFILL for a past date', () => {
  assert.deepEqual(resolveRequest({ date: TODAY }, TODAY, 1), { date: TODAY, mode: 'FIRST' });
  assert.deepEqual(resolveRequest({ date: '2026-03-03', mode: 'last_call' }, TODAY, 1), {
    date: '2026-03-03',
    mode: 'LAST_CALL',
  });
  assert.deepEqual(resolveRequest({ date: '2026-02-20' }, TODAY, 1), {
    date: '2026-02-20',
    mode: 'BACKFILL',
  });
});

test('unknown mode, a live mode for a past or far date, BACKFILL for today: errors naming the field', () => {
  const issue = (req: { date: string; mode?: string }) => {
    try {
      resolveRequest(req, TODAY, 1);
    } catch (e) {
      assert.ok(e instanceof BadRequestError);
      return e.issues.map((i) => i.path).join(',');
    }
    return 'accepted';
  };
  assert.equal(issue({ date: TODAY, mode: 'EARLY' }), 'mode');
  assert.equal(issue({ date: '2026-03-01', mode: 'FIRST' }), 'date');
  assert.equal(issue({ date: '2026-03-04', mode: 'RETRY' }), 'date');
  assert.equal(issue({ date: TODAY, mode: 'BACKFILL' }), 'date');
  assert.equal(issue({ date: '2026-02-30' }), 'date');
});
