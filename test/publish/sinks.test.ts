import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { exportDate } from '../../src/orchestrate/publish.ts';
import { DirectorySink, MANIFEST_PATH, manifestSchema, S3Sink, sha256Hex } from '../../src/publish/index.ts';
import { REPO_ROOT } from '../helpers/real-data.ts';
import { FIXTURE_DATE, FIXTURE_GENERATED_AT, publishFixture } from './fixture.ts';

const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'courtedge-sink-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const file = (path: string, text: string) => {
  const bytes = Buffer.from(text);
  return { path, bytes, sha256: sha256Hex(bytes), cacheControl: 'public, max-age=300' };
};

test('directory sink: a write that fails after its temp file leaves the old file whole and no temp behind', async () => {
  const root = newDir();
  await new DirectorySink(root).put(file('v1/best-bets/all.json', '{"old":true}'));
  const failing = new DirectorySink(root, {
    beforeRename: () => {
      throw new Error('disk full');
    },
  });
  await assert.rejects(failing.put(file('v1/best-bets/all.json', '{"new":true}')), /disk full/);
  assert.equal(readFileSync(join(root, 'v1/best-bets/all.json'), 'utf8'), '{"old":true}');
  assert.deepEqual(readdirSync(join(root, 'v1/best-bets')), ['all.json']);
  await new DirectorySink(root).put(file('v1/best-bets/all.json', '{"new":true}'));
  assert.equal(readFileSync(join(root, 'v1/best-bets/all.json'), 'utf8'), '{"new":true}');
});

test('directory sink: a process killed mid-write (SIGKILL before the rename) leaves the old file whole', async () => {
  const root = newDir();
  const target = join(root, 'v1/models/health.json');
  await new DirectorySink(root).put(file('v1/models/health.json', '{"version":"old"}'));
  const script = join(root, 'writer.mts');
  writeFileSync(
    script,
    `import { DirectorySink } from ${JSON.stringify(join(REPO_ROOT, 'src/publish/sinks/directory.ts'))};
const sink = new DirectorySink(${JSON.stringify(root)}, { beforeRename: () => { process.stdout.write('ready\\n'); return new Promise(() => {}); } });
const bytes = Buffer.alloc(4 << 20, 120);
await sink.put({ path: 'v1/models/health.json', bytes, sha256: 'x', cacheControl: 'x' });
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      if (String(d).includes('ready')) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  await new Promise((r) => child.on('close', r));
  assert.equal(readFileSync(target, 'utf8'), '{"version":"old"}');
  // The crash left its complete temp file beside the target, never a truncated target.
  const left = readdirSync(join(root, 'v1/models'));
  assert.ok(left.includes('health.json'));
  assert.ok(
    left.some((n) => /^health\.json\.tmp-\d+-[0-9a-f]{8}$/.test(n)),
    left.join(','),
  );
});

test('directory sink: paths that leave the export directory are refused', async () => {
  const root = newDir();
  const sink = new DirectorySink(root);
  for (const bad of ['../x.json', 'v1/../../x.json', '/etc/passwd']) {
    await assert.rejects(sink.put(file(bad, '{}')), /outside the export directory/, bad);
  }
  assert.equal(existsSync(join(root, '..', 'x.json')), false);
});

let s3: S3rver;
let endpoint = '';
const BUCKET = 'courtedge-test';

before(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: newDir(),
    configureBuckets: [{ name: BUCKET }],
  });
  const addr = await s3.run();
  endpoint = `http://127.0.0.1:${addr.port}`;
});
after(async () => {
  await s3?.close();
});

const client = () =>
  new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
const sinkOpts = (over: Partial<ConstructorParameters<typeof S3Sink>[0]> = {}) => ({
  endpoint,
  bucket: BUCKET,
  prefix: 'site/',
  region: 'us-east-1',
  forcePathStyle: true,
  includeAdmin: false,
  ...over,
});

test('S3 sink (s3rver on loopback): one PUT per object with content type, Cache-Control and x-amz-meta-sha256', async () => {
  const sink = new S3Sink(sinkOpts());
  const f = file('v1/models/health.json', '{"a":1}');
  await sink.put(f);
  const c = client();
  const head = await c.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'site/v1/models/health.json' }));
  assert.equal(head.ContentType, 'application/json; charset=utf-8');
  assert.equal(head.CacheControl, 'public, max-age=300');
  assert.equal(head.Metadata?.sha256, f.sha256);
  const back = await sink.read('v1/models/health.json');
  assert.equal(back?.toString(), '{"a":1}');
  assert.equal(await sink.read('v1/nothing.json'), null);
  assert.equal(sink.accepts('v1/admin/dashboard.json'), false);
  assert.equal(new S3Sink(sinkOpts({ includeAdmin: true })).accepts('v1/admin/dashboard.json'), true);
  sink.close();
  c.destroy();
});

test('publish to directory and bucket: the bucket holds the same bytes, admin files only with includeAdmin', async () => {
  const fx = await publishFixture({ noExport: true });
  try {
    const dir = newDir();
    const bucket = new S3Sink(sinkOpts({ prefix: 'pub/' }));
    const r = await exportDate(fx.app, {
      date: FIXTURE_DATE,
      generatedAt: FIXTURE_GENERATED_AT,
      sinks: [new DirectorySink(dir), bucket],
    });
    const c = client();
    const listed = await c.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'pub/', MaxKeys: 1000 }));
    const keys = (listed.Contents ?? []).map((o) => o.Key as string).sort();
    const publicFiles = r.files.filter((f) => !f.path.startsWith('v1/admin/'));
    assert.deepEqual(keys, [...publicFiles.map((f) => `pub/${f.path}`), `pub/${MANIFEST_PATH}`].sort());
    for (const f of publicFiles.slice(0, 5)) {
      const o = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: `pub/${f.path}` }));
      const bytes = Buffer.from(
        await (o.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      assert.ok(bytes.equals(readFileSync(join(dir, f.path))), f.path);
      assert.equal(o.Metadata?.sha256, f.sha256);
    }
    const m = manifestSchema.parse(JSON.parse((await bucket.read(MANIFEST_PATH))?.toString() ?? 'null'));
    assert.deepEqual(
      m.files.map((f) => f.path),
      publicFiles.map((f) => f.path).sort(),
      'the bucket manifest lists what the bucket holds',
    );
    assert.equal(r.manifest.entries, r.files.length, 'the directory manifest lists every file');
    bucket.close();
    c.destroy();
  } finally {
    await fx.close();
  }
});
