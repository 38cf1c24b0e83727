import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Logs go to stderr so that `--json` output on stdout stays one clean line: JSON lines when
 * stderr is not a terminal, pretty text when it is.
 */
export function createLogger(level: string = process.env.COURTEDGE_LOG_LEVEL ?? 'info'): Logger {
  if (process.stderr.isTTY) {
    return pino({
      level,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: true, ignore: 'pid,hostname' },
      },
    });
  }
  return pino({ level, base: undefined }, pino.destination(2));
}

/** A logger that drops everything (tests and library callers that pass none). */
export const silentLogger: Logger = pino({ level: 'silent' });
