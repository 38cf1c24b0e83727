// Worker-thread entry of the simulator's fetcher: registers tsx (threads do not inherit the
// CLI's registration), then loads the TypeScript loop.
import { register } from 'tsx/esm/api';

register();
await import('./fetch-thread.ts');
