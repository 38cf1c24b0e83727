import type { LoadedConfig } from '../config/load.ts';
import type { Logger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { assertStoreFree } from './lock.ts';

/**
 * What every use case works with: the store, the effective configuration and its hash, a
 * logger. The CLI, the server, the scheduler and the workers each make one and call the
 * use cases of this folder; nothing below orchestrate sees it.
 */
export interface App {
  store: Store;
  config: Config;
  configHash: string;
  log: Logger;
  /** One line per step for a person watching (stderr on a terminal); optional. */
  progress?: (line: string) => void;
}

/**
 * Opens the configured store for one piece of work and always closes it. Only `create` (init,
 * simulate, demo) makes a missing DuckDB file; otherwise a missing path is one clear error.
 */
export async function withApp<T>(
  loaded: LoadedConfig,
  log: Logger,
  fn: (app: App) => Promise<T>,
  opts: { progress?: (line: string) => void; migrate?: boolean; create?: boolean } = {},
): Promise<T> {
  // One writer per embedded store (DESIGN): a live `courtedge serve` holds the DuckDB file, so a
  // command fails at once naming its pid and port (PostgreSQL has no such limit).
  if (!loaded.config.databaseUrl) assertStoreFree(loaded.config.store);
  const store = await openStore(loaded.config, { migrate: opts.migrate, create: opts.create });
  try {
    return await fn({ store, config: loaded.config, configHash: loaded.hash, log, progress: opts.progress });
  } finally {
    await store.close();
  }
}

/**
 * A use case's refusal of its input: the caller prints the message (the CLI exits with
 * `exitCode`, 2 for bad input by default; the server answers 400).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The CLI's signal handler closes the process's open runs through this (issue 20). */
export { interruptOpenRuns } from '../store/runs.ts';
