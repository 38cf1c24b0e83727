import type { Command } from 'commander';
import { registerAliases } from './aliases.ts';
import { registerBackfill } from './backfill.ts';
import { registerBacktest } from './backtest.ts';
import { registerBestBets } from './bestbets.ts';
import { registerClock } from './clock.ts';
import { registerConfig } from './config.ts';
import { registerDaily } from './daily.ts';
import { registerDemo } from './demo.ts';
import { registerExport } from './export.ts';
import { registerFeatures } from './features.ts';
import { registerFetch } from './fetch.ts';
import { registerGrade } from './grade.ts';
import { registerHalt } from './halt.ts';
import { registerImport } from './import.ts';
import { registerInit } from './init.ts';
import { registerModels } from './models.ts';
import { registerPredict } from './predict.ts';
import { registerRejects } from './rejects.ts';
import { registerRuns } from './runs.ts';
import { registerServe } from './serve.ts';
import { registerSimulate } from './simulate.ts';
import { registerStatus } from './status.ts';
import { registerTrain } from './train.ts';
import { registerWorker } from './worker.ts';

/** Every command group; each capability adds its register function here (only working commands). */
export const commandGroups: Array<(program: Command) => void> = [
  registerInit,
  registerConfig,
  registerClock,
  registerImport,
  registerAliases,
  registerGrade,
  registerTrain,
  registerModels,
  registerPredict,
  registerBacktest,
  registerBestBets,
  registerHalt,
  registerSimulate,
  registerFetch,
  registerFeatures,
  registerDemo,
  registerStatus,
  registerDaily,
  registerBackfill,
  registerExport,
  registerServe,
  registerWorker,
  registerRejects,
  registerRuns,
];
