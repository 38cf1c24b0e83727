import type { Config } from '../config/schema.ts';
import { runTraining, type TrainRequest, trainingEnd } from '../models/train.ts';
import { resolveToday } from '../store/clock.ts';
import { withRun } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import type { App } from './app.ts';
import { tipoffFeatures } from './features.ts';

/** One `train` run (dated train_end) around the models phase's training of the families. */
export async function trainRecorded(
  store: Store,
  config: Config,
  configHash: string,
  req: Omit<TrainRequest, 'run'>,
) {
  const end = await trainingEnd(store, config, req);
  return withRun(store, { phase: 'train', date: end, configHash }, (run) =>
    runTraining(store, config, configHash, { ...req, end, run }),
  );
}

/** `courtedge train --family F… | --all [--end D]`: train, gate, register (optionally enable). */
export async function train(
  app: App,
  req: {
    families: string[];
    all: boolean;
    end?: string;
    windowGameDays?: number;
    force?: boolean;
    enable?: boolean;
  },
) {
  const today = await resolveToday(app.store, { configToday: app.config.today });
  const s = await trainRecorded(app.store, app.config, app.configHash, {
    ...req,
    today: today.date,
    log: app.log,
    buildFeatures: tipoffFeatures({ ...app, progress: undefined }),
  });
  return { run_id: s.run_id, train_end: s.train_end, window: s.window, models: s.models };
}
