import type { Command } from 'commander';
import { type LoadedConfig, loadConfig } from '../config/load.ts';
import { createLogger, type Logger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { isIsoDate } from '../domain/dates.ts';
import { type App, interruptOpenRuns, UsageError, withApp as withAppOf } from '../orchestrate/app.ts';

/** An error the CLI reports as one line on stderr, exiting with `exitCode` (1 unless given). */
export class CliError extends UsageError {
  constructor(message: string, exitCode = 1) {
    super(message, exitCode);
    this.name = 'CliError';
  }
}

export interface CliContext {
  loaded: LoadedConfig;
  config: Config;
  log: Logger;
}

/** Global options live on the root program (--store, --config). */
export function rootOptions(cmd: Command): { store?: string; config?: string } {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  return root.opts();
}

export function cliContext(cmd: Command): CliContext {
  const g = rootOptions(cmd);
  const loaded = loadConfig({ file: g.config, overrides: { store: g.store } });
  const log = createLogger(loaded.config.logLevel);
  return { loaded, config: loaded.config, log };
}

/** Runs one use case with the command's store, configuration and logger (always closed). */
export function withApp<T>(
  ctx: CliContext,
  fn: (app: App) => Promise<T>,
  opts: { create?: boolean; migrate?: boolean } = {},
): Promise<T> {
  return withAppOf(ctx.loaded, ctx.log, fn, {
    progress: process.stderr.isTTY ? (l) => process.stderr.write(`${l}\n`) : undefined,
    create: opts.create,
    migrate: opts.migrate,
  });
}

/** `--json` output: exactly one JSON object on one line of stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function requireDate(value: string | undefined, flag = '--date'): string {
  if (!value) throw new CliError(`${flag} is required (YYYY-MM-DD)`, 2);
  if (!isIsoDate(value))
    throw new CliError(`${flag} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`, 2);
  return value;
}

/** DuckDB's error classes ("Conversion Error: …"): the engine refused a value of the input. */
const ENGINE_ERROR =
  /^(Conversion|Binder|Catalog|Parser|Constraint|Invalid Input|Out of Range|Type Mismatch|Not implemented|Dependency|Serialization|Transaction|IO|Mismatch Type) Error: (.*)$/;

/**
 * The one line a user sees for an error (issue 20): a refusal's own message; an engine error
 * reduced to what was wrong with which value (its SQL and LINE context dropped); anything else
 * its first line. Never a stack trace.
 */
export function userMessage(err: Error): string {
  if (err instanceof UsageError) return err.message;
  const first = String(err?.message ?? err)
    .split('\n')[0]
    .trim();
  const m = ENGINE_ERROR.exec(first);
  if (!m) return first || 'unexpected error (see the debug log: COURTEDGE_LOG_LEVEL=debug)';
  const what = m[2].replace(/\s*LINE \d+:.*$/, '');
  const date = /date field (?:format|value)[^"]*"([^"]+)"/i.exec(what) ?? /"([^"]+)".*\bDATE\b/i.exec(what);
  if (date)
    return `${JSON.stringify(date[1])} is not a valid date (YYYY-MM-DD): check the date options and files given`;
  const kind = `${m[1].toLowerCase()} error`;
  if (/^(Conversion|Invalid Input|Out of Range|Constraint|Type Mismatch|Mismatch Type)$/.test(m[1]))
    return `the store refused a value of the input (${kind}: ${what}); COURTEDGE_LOG_LEVEL=debug shows the statement`;
  return `internal error in a store query (${kind}: ${what}); please report it with the output of COURTEDGE_LOG_LEVEL=debug`;
}

/**
 * Wraps a command action: any error becomes one clear line on stderr and a non-zero exit
 * (DESIGN conventions), never a stack trace.
 */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    // Ctrl-C / SIGTERM: the command's open runs become failed INTERRUPTED before the exit,
    // unless the command handles the signal itself (serve and worker shut down gracefully).
    const onSignal = (sig: NodeJS.Signals) => {
      if (process.listenerCount(sig) > 1) return;
      void interruptOpenRuns(`${sig} received`).finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      await fn(...args);
    } catch (e) {
      const err = e as Error & { exitCode?: number };
      process.stderr.write(`courtedge: ${userMessage(err)}\n`);
      // The whole message (SQL included) and the stack go to the debug log, never to the user.
      createLogger(process.env.COURTEDGE_LOG_LEVEL ?? 'info').debug(
        { err: { message: err.message, stack: err.stack } },
        'command failed',
      );
      if (process.env.COURTEDGE_DEBUG_STACK) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err.exitCode ?? 1;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}

/** Resolves once the process gets SIGINT or SIGTERM (a foreground server's lifetime). */
export function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
