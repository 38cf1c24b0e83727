import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const run = (root?: string) =>
  spawnSync(process.execPath, ['scripts/check-layers.mjs', ...(root ? [root] : [])], { encoding: 'utf8' });

test('layering: the repository passes its own layering check', () => {
  const r = run();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /layering: ok/);
});

test('layering: each rule fails naming the file and the import', () => {
  const root = mkdtempSync(join(tmpdir(), 'ce-layers-'));
  const put = (p: string, text: string) => {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  };
  try {
    put('src/cli/commands/x.ts', "import { openStore } from '../../store/open.ts';\n");
    put(
      'src/models/a.ts',
      "import { withRun } from '../orchestrate/app.ts';\nimport { x } from '../features/store.ts';\n",
    );
    put('src/domain/d.ts', "import type { Config } from '../config/schema.ts';\n");
    put('src/gbdt/g.ts', "const k = `import { no } from '../store/x.ts'`;\n"); // generated text, not an import
    put('src/bestbets/ok.ts', "import { buildFeatures } from '../features/index.ts';\n");
    const r = run(root);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(lines.slice(0, -1).sort(), [
      'layering: src/cli/commands/x.ts imports src/store/open.ts: a CLI file imports only src/orchestrate, src/config, src/domain and src/cli',
      'layering: src/domain/d.ts imports src/config/schema.ts: src/domain imports nothing of ours',
      'layering: src/models/a.ts imports src/features/store.ts: a phase imports another phase only through its index.ts',
      'layering: src/models/a.ts imports src/orchestrate/app.ts: a phase module never imports upward (orchestrate, cli, server)',
    ]);
    assert.equal(lines.at(-1), 'layering: 4 violation(s)');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
