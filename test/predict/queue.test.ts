import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InProcessQueue } from '../../src/predict/queue/in-process.ts';
import { PermanentJobError } from '../../src/predict/queue/index.ts';

test('in-process queue: retries a throwing job, expires a stuck one, exhausts after its tries', async () => {
  const q = new InProcessQueue();
  const tries = new Map<string, number>();
  const exhausted: Array<[unknown, string]> = [];
  await q.work('predict.chunk', { concurrency: 2 }, async (job) => {
    const d = job.data as { kind: string };
    tries.set(d.kind, (tries.get(d.kind) ?? 0) + 1);
    if (d.kind === 'flaky' && job.attempt === 1) throw new Error('boom');
    if (d.kind === 'always') throw new Error('always');
    if (d.kind === 'stuck' && job.attempt === 1) await new Promise((r) => setTimeout(r, 2000));
    if (d.kind === 'invalid') throw new PermanentJobError('bad payload');
  });
  q.onExhausted('predict.chunk', async (job, error) => {
    exhausted.push([job.data, error]);
  });
  for (const kind of ['ok', 'flaky', 'always', 'stuck', 'invalid']) {
    await q.send('predict.chunk', { kind }, { tries: 3, expireInSeconds: kind === 'stuck' ? 0.05 : 5 });
  }
  await q.idle();
  assert.deepEqual(Object.fromEntries(tries), { ok: 1, flaky: 2, always: 3, stuck: 2, invalid: 1 });
  exhausted.sort((a, b) => String((a[0] as any).kind).localeCompare(String((b[0] as any).kind)));
  assert.deepEqual(exhausted, [
    [{ kind: 'always' }, 'always'],
    [{ kind: 'invalid' }, 'bad payload'],
  ]);
  await q.stop();
});
