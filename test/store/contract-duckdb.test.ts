import { openMemoryStore } from '../../src/store/open.ts';
import { runStoreContract } from './contract.ts';

runStoreContract('DuckDB (in memory)', openMemoryStore);
