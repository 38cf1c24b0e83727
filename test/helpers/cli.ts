import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './real-data.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`bin/courtedge.js`) in a child process with a clean COURTEDGE_* env. */
export function runCli(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): CliResult {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('COURTEDGE_') && v !== undefined) base[k] = v;
  const res = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'courtedge.js'), ...args], {
    cwd,
    env: { ...base, COURTEDGE_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

/** Like runCli, but without blocking the event loop (a test's own HTTP server must answer). */
export async function runCliAsync(
  args: string[],
  env: Record<string, string> = {},
  cwd = REPO_ROOT,
): Promise<CliResult> {
  const { spawn } = await import('node:child_process');
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('COURTEDGE_') && v !== undefined) base[k] = v;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'courtedge.js'), ...args], {
      cwd,
      env: { ...base, COURTEDGE_LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
