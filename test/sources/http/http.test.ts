import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import {
  type AttemptRecord,
  backoffMs,
  HttpTransport,
  parseRetryAfter,
  redactUrl,
} from '../../../src/sources/http.ts';

// A real local HTTP server scripted per path: each request pops the next planned reply.
const plans = new Map<string, Array<{ status: number; headers?: Record<string, string>; body?: string }>>();
let server: Server;
let base = '';

before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const next = plans.get(path)?.shift() ?? { status: 404, body: 'no plan' };
    res.writeHead(next.status, next.headers ?? {});
    res.end(next.body ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const OPTS = {
  timeoutMs: 2000,
  maxRetries: 3,
  backoffBaseMs: 2000,
  backoffMaxMs: 120000,
  retryAfterMaxMs: 300000,
  breakerThreshold: 10,
};

function transport(opts = OPTS) {
  const waits: number[] = [];
  const attempts: AttemptRecord[] = [];
  const t = new HttpTransport(opts, {
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5, // jitter factor 1.0
    onAttempt: (a) => {
      attempts.push(a);
    },
  });
  return { t, waits, attempts };
}

test('429 with Retry-After waits that long, then succeeds', async () => {
  plans.set('/a', [
    { status: 429, headers: { 'retry-after': '7' } },
    { status: 200, body: '{"ok":true}', headers: { 'x-requests-remaining': '499' } },
  ]);
  const { t, waits, attempts } = transport();
  const res = await t.request({ url: `${base}/a?apiKey=SECRET123&x=1` });
  assert.equal(res.status, 200);
  assert.equal(res.body, '{"ok":true}');
  assert.equal(res.headers['x-requests-remaining'], '499');
  assert.deepEqual(waits, [7000]);
  assert.deepEqual(
    attempts.map((a) => [a.attempt, a.http_status]),
    [
      [1, 429],
      [2, 200],
    ],
  );
  assert.ok(attempts.every((a) => a.url.includes('apiKey=REDACTED') && !a.url.includes('SECRET123')));
});

test('5xx backs off exponentially (2 s, 4 s, 8 s) and gives up after maxRetries', async () => {
  plans.set('/b', [{ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 }]);
  const { t, waits, attempts } = transport();
  await assert.rejects(t.request({ url: `${base}/b?apiKey=SECRET123` }), (e: Error) => {
    assert.match(e.message, /HTTP 504 after 4 attempts/);
    assert.ok(!e.message.includes('SECRET123'));
    return true;
  });
  assert.deepEqual(waits, [2000, 4000, 8000]);
  assert.equal(attempts.length, 4);
});

test('500 then success returns the body; 404 and 204 are returned, not retried', async () => {
  plans.set('/c', [{ status: 500 }, { status: 200, body: 'fine' }]);
  plans.set('/d', [{ status: 404, body: 'gone' }]);
  plans.set('/e', [{ status: 204 }]);
  const { t, waits } = transport();
  assert.equal((await t.request({ url: `${base}/c` })).body, 'fine');
  assert.equal((await t.request({ url: `${base}/d` })).status, 404);
  assert.equal((await t.request({ url: `${base}/e` })).status, 204);
  assert.deepEqual(waits, [2000]);
});

test('a Retry-After above the limit gives up at once', async () => {
  plans.set('/f', [{ status: 429, headers: { 'retry-after': '3600' } }]);
  const { t, waits } = transport();
  await assert.rejects(t.request({ url: `${base}/f` }), /Retry-After 3600000 ms above/);
  assert.deepEqual(waits, []);
});

test('the breaker fails fast after consecutive failures to one host', async () => {
  plans.set(
    '/g',
    Array.from({ length: 10 }, () => ({ status: 503 })),
  );
  const { t, attempts } = transport({ ...OPTS, maxRetries: 1, breakerThreshold: 3 });
  await assert.rejects(t.request({ url: `${base}/g` }), /after 2 attempts/);
  await assert.rejects(t.request({ url: `${base}/g` }), /3 consecutive failures, failing fast/);
  await assert.rejects(t.request({ url: `${base}/g` }), /failing fast/);
  assert.equal(attempts.length, 3);
});

test('network errors are retried and reported without the key', async () => {
  const { t, attempts } = transport({ ...OPTS, maxRetries: 1 });
  await assert.rejects(
    t.request({ url: 'http://127.0.0.1:1/x?apiKey=SECRET123' }),
    (e: Error) => !e.message.includes('SECRET123'),
  );
  assert.equal(attempts.length, 2);
  assert.ok(attempts.every((a) => a.http_status === null && a.error && !a.error.includes('SECRET123')));
});

test('helpers: redaction, Retry-After forms, backoff jitter and cap', () => {
  assert.equal(
    redactUrl('https://h/v4?regions=us&apiKey=abc&x=1'),
    'https://h/v4?regions=us&apiKey=REDACTED&x=1',
  );
  assert.equal(parseRetryAfter('120', 0), 120000);
  assert.equal(
    parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    30000,
  );
  assert.equal(parseRetryAfter(undefined, 0), null);
  assert.equal(
    backoffMs(1, OPTS, () => 0),
    1600,
  );
  assert.equal(
    backoffMs(1, OPTS, () => 0.999999),
    2400,
  );
  assert.equal(
    backoffMs(10, OPTS, () => 0.5),
    120000,
  );
});
