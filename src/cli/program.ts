import { Command } from 'commander';
import { ConfigError } from '../config/load.ts';
import { userMessage } from './context.ts';

/**
 * The root program and its run loop, apart from the list of command groups: the compiled bin
 * (bin/courtedge.js) registers only the group a command needs, so `courtedge status` does not
 * load the GBDT, the simulator and the server (start-up < 300 ms, issue 17).
 */
export function buildProgramWith(groups: ReadonlyArray<(program: Command) => void>): Command {
  const program = new Command('courtedge')
    .description('NBA player-points props: point-in-time features, a GBDT fleet, best bets, grading')
    .option('--store <path>', 'DuckDB store file (overrides COURTEDGE_STORE and config)')
    .option('--config <file>', 'configuration file (default ./courtedge.json when present)')
    // One line pointing to --help, not the whole help under the error (issue 20).
    .showHelpAfterError('(run the command with --help for its options)')
    .exitOverride((err) => {
      // Usage errors exit 2 with commander's one-line message; help and version exit 0.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  for (const register of groups) register(program);
  return program;
}

export async function runProgram(program: Command, argv: string[]): Promise<void> {
  // `courtedge … | head` closes stdout early; that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const msg = e instanceof ConfigError ? `configuration: ${e.message}` : userMessage(e as Error);
    process.stderr.write(`courtedge: ${msg}\n`);
    process.exitCode = 1;
  }
}
