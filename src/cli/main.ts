import type { Command } from 'commander';
import { commandGroups } from './commands/index.ts';
import { buildProgramWith, runProgram } from './program.ts';

export function buildProgram(): Command {
  return buildProgramWith(commandGroups);
}

await runProgram(buildProgram(), process.argv);
