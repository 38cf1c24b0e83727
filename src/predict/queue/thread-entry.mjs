// Worker-thread entry: registers tsx (the CLI loads it through its API, which threads do not
// inherit), then loads the TypeScript compute loop.
import { register } from 'tsx/esm/api';

register();
await import('./compute-thread.ts');
