import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { describeStoreContract } from './storeContract.ts';

// The engine's and the bot's tests trust MemoryStore to behave like the real stores: it must pass
// the same contract.
describeStoreContract('MemoryStore', async () => new MemoryStore());
